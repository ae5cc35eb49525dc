// Ctrl-C / SIGTERM during `campjs md` (the built CLI in a child process): the run stops after
// the current step, writes a state that --resume accepts and a receipt that verify passes,
// says how to continue, and exits 130. The resumed segment (here with another ensemble)
// writes its own receipt, which verify replays from the state it names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatExtxyz } from '../../host/io/extxyz.js';
import { fccCrystal } from '../support/lattices.js';
import { repoRoot } from '../support/shared.js';

const cli = join(repoRoot, 'dist/cli.mjs');
const needsBuild = { skip: existsSync(cli) ? false : 'dist/cli.mjs is missing: run npm run build' };
const SPEC = 'lj:epsilon=0.0104,sigma=3.4,cutoff=8.5,shift=force';

function spawnCli(...args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
}

function rows(file: string): number {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
}

/** Starts a long run, waits until its log has a few rows, sends `signal`, returns how it ended. */
async function interrupted(dir: string, signal: NodeJS.Signals, extra: string[]) {
  const input = join(dir, 'ar32.extxyz');
  writeFileSync(input, formatExtxyz([{ atoms: fccCrystal(18, 5.4, 2), info: {}, arrays: {} }]));
  const log = join(dir, 'log.csv');
  const child = spawn(process.execPath, [cli, 'md', '--model', SPEC, input, '--steps', '100000000', '--dt', '5', '--ensemble', 'langevin',
    '--temperature', '80', '--log', log, '--log-every', '20', '--hash-every', '10', ...extra, '-q'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d; });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  while (rows(log) < 4 && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
  child.kill(signal);
  const code = await exited;
  return { code, stderr };
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`CLI: ${signal} mid-run → exit 130, resumable state, verifiable receipt; resume (nve) + verify pass`, { ...needsBuild, timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'campjs-int-'));
    const [state, receipt] = [join(dir, 'a.state'), join(dir, 'a.json')];
    const { code, stderr } = await interrupted(dir, signal, ['--state-out', state, '--receipt', receipt]);
    assert.equal(code, 130, stderr);
    const m = /stopped after step (\d+) \((\d+) of 100000000 steps\)/.exec(stderr);
    assert.ok(m, stderr);
    const step = Number(m[1]);
    assert.match(stderr, new RegExp(`to continue: campjs md --model ${SPEC} --resume \\S*a\\.state --steps ${100000000 - step}`));
    assert.ok(statSync(state).size > 0);
    const r = JSON.parse(readFileSync(receipt, 'utf8'));
    assert.deepEqual([r.outcome.steps, r.outcome.interrupted, r.outcome.error], [step, signal, null]);
    assert.equal(r.hashes.at(-1).step, Math.floor(step / 10) * 10);

    const verified = spawnCli('verify', receipt, '-q');
    assert.equal(verified.status, 0, verified.stderr);
    assert.match(verified.stdout, new RegExp(`^identical \\(the run was interrupted by ${signal} after step ${step}\\): ${step} steps`));

    // Second segment: same state, other ensemble; the step count continues.
    const [state2, receipt2] = [join(dir, 'b.state'), join(dir, 'b.json')];
    const resumed = spawnCli('md', '--model', SPEC, '--resume', state, '--steps', '30', '--ensemble', 'nve', '--state-out', state2, '--receipt', receipt2, '-q');
    assert.equal(resumed.status, 0, resumed.stderr);
    const r2 = JSON.parse(readFileSync(receipt2, 'utf8'));
    assert.deepEqual([r2.version, r2.input, r2.resume.path, r2.resume.step, r2.settings.ensemble, r2.outcome.steps], [2, null, 'a.state', step, 'nve', step + 30]);
    const verified2 = spawnCli('verify', receipt2, '-q');
    assert.equal(verified2.status, 0, verified2.stderr);
    assert.match(verified2.stdout, /^identical: 30 steps/);

    // The receipt is evidence about that state: another state file cannot confirm it.
    const verified3 = spawnCli('verify', receipt2, '--input', state2, '-q');
    assert.equal(verified3.status, 1);
    assert.match(verified3.stderr, /b\.state: sha256 [0-9a-f]{64} differs from the receipt's [0-9a-f]{64}: not the state the run resumed/);
  });
}

test('CLI: interrupted without --state-out says that no state was saved (and writes none)', { ...needsBuild, timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'campjs-int-'));
  const { code, stderr } = await interrupted(dir, 'SIGINT', []);
  assert.equal(code, 130, stderr);
  assert.match(stderr, /no --state-out was given, so no state was saved: this run cannot be continued/);
  assert.deepEqual(readdirSync(dir).sort(), ['ar32.extxyz', 'log.csv']);
});

test('CLI: --steps beyond 2^32 − 1 is refused at once (exit 2), no work is started', { ...needsBuild }, () => {
  for (const steps of ['1e300', '4294967296']) {
    const r = spawnCli('md', '--model', SPEC, 'in.xyz', '--steps', steps);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`--steps ${steps}: at most 4294967295 \\(2\\^32 − 1\\) steps`));
  }
  assert.match(spawnCli('md', '--help').stdout, /--steps N .*\n.*≤ 4294967295 = 2\^32 − 1/);
});
