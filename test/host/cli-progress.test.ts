// Off a TTY (pipes, CI logs) md prints a plain progress line every few seconds with step, T,
// Etot, steps/s and ETA; --quiet prints none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createProgress, formatDuration } from '../../host/cli/progress.js';
import { needsBuild, runCli } from '../support/cli.js';

const NUM = String.raw`-?[\d.]+(e[+-]\d+)?`;
const LINE = new RegExp(String.raw`^md: step \d+\/40 \(\d+%\) \| T ${NUM} K \| Etot ${NUM} eV \| ${NUM} steps\/s, ${NUM} ns\/day \| ETA (\d+s|\d+m \d\ds|\d+h \d\dm)$`);

test('plain progress lines carry step, T, Etot, rate and ETA; none at the end or when disabled', async () => {
  const out: string[] = [];
  const p = await createProgress('md', 40, { dtFs: 1, tty: false, intervalS: 0, write: (l) => out.push(l) });
  p.update(10, { temperature: 301.26, etot: -12.345678 });
  p.update(40, { temperature: 300, etot: -12 });
  p.stop();
  assert.equal(out.length, 1);
  assert.match(out[0], LINE);
  assert.match(out[0], /step 10\/40 \(25%\) \| T 301\.3 K \| Etot -12\.3457 eV/);
  const quiet = await createProgress('md', 40, { enabled: false, tty: false, intervalS: 0, write: (l) => out.push(l) });
  quiet.update(10);
  assert.equal(out.length, 1);
  const slow = await createProgress('md', 40, { tty: false, intervalS: 3600, write: (l) => out.push(l) });
  slow.update(10);
  assert.equal(out.length, 1);
});

test('durations read as a person would', () => {
  assert.deepEqual([formatDuration(42.4), formatDuration(185), formatDuration(7620), formatDuration(Infinity)], ['42s', '3m 05s', '2h 07m', '?']);
});

test('built CLI: md with stderr a pipe prints progress lines (interval 0 via CAMPJS_PROGRESS_SECONDS), -q none', needsBuild, () => {
  const args = ['md', '--model', 'lj:epsilon=0.0104,sigma=1,cutoff=6', 'examples/water-64.xyz', '--steps', '40', '--ensemble', 'langevin', '--temperature', '300'];
  const env = { ...process.env, CAMPJS_PROGRESS_SECONDS: '0' };
  const r = runCli(args, { env });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('md: step'));
  assert.ok(lines.length >= 1, r.stderr);
  for (const l of lines) assert.match(l, LINE);
  const q = runCli([...args, '-q'], { env });
  assert.equal(q.status, 0, q.stderr);
  assert.doesNotMatch(q.stderr, /md: step/);
});
