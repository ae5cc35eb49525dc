// --memory MB sets the CAMP activation budget: refused out of range, and (the stores being a
// speed-for-memory trade only) 0 gives the same run, bit for bit, as the default.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { needsShared, sharedPath } from '../support/shared.js';
import { needsBuild, runCli } from '../support/cli.js';

const args = (memory: string[]) => ['md', '--model', sharedPath('models/water.ckpt'), 'examples/water-64.xyz', '--ensemble', 'langevin', '--temperature', '300', '--steps', '1', '--seed', '5', ...memory];

test('built CLI: --memory out of range is refused naming the option', needsBuild, () => {
  const r = runCli(['md', '--model', 'lj:sigma=3', 'examples/water-64.xyz', '--steps', '1', '--memory', '-1']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /--memory: -1 must be between 0 and 4096 MiB/);
  assert.match(runCli(['md', '--help']).stdout, /--memory MB\s+MiB each stored-activation cache of a CAMP model may take \(default 160;/);
});

test('built CLI: md with --memory 0 gives the same numbers as the default budget', { skip: needsBuild.skip || needsShared.skip }, () => {
  const base = runCli(args([]));
  const lean = runCli(args(['--memory', '0']));
  assert.equal(base.status, 0, base.stderr);
  assert.equal(lean.status, 0, lean.stderr);
  const last = (s: string) => s.trim().split('\n').filter((l) => /^step 1 /.test(l));
  assert.equal(last(base.stdout).length, 1, base.stdout);
  assert.deepEqual(last(lean.stdout), last(base.stdout));
});
