// --threads on the command line (eval, md, opt) through the real CLI process: the same output
// bytes and MD receipts for 1, 2 and 3 threads, and each command's summary line naming the
// threads the model actually ran on (same bits would also come from a request silently run on
// one thread); bad values refused naming the option; where the runtime has no shared memory,
// one thread, said on stderr and in the summary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { cliPath, needsBuild, runCli } from '../support/cli.js';
import { needsShared, repoRoot, sharedPath } from '../support/shared.js';

const ASPIRIN = 'examples/aspirin.xyz';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'campjs-threads-'));
}

/** What a summary line says for t threads. */
const onThreads = (t: number): RegExp => new RegExp(` on ${t} threads?[:\\s]`);

function evalOutputs(args: readonly string[], atoms: number): Buffer[] {
  const dir = tmp();
  return [1, 2, 3].map((t) => {
    const out = join(dir, `t${t}.json`);
    const r = runCli(['eval', ...args, '--threads', String(t), '-o', out, '-q']);
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /asked for, running on 1 thread/);
    assert.match(r.stdout, new RegExp(`^1 frames, ${atoms} atoms on ${t} threads?$`, 'm'), `eval --threads ${t}: ${r.stdout}`);
    return readFileSync(out);
  });
}

test('eval --threads 1|2|3 writes the same results, byte for byte (aspirin, built-in model)', needsBuild, () => {
  const outs = evalOutputs([ASPIRIN, '--precision', 'f32'], 21);
  assert.ok(outs[1]!.equals(outs[0]!) && outs[2]!.equals(outs[0]!), 'results differ between thread counts');
});

test('eval --threads 1|2|3 writes the same results, byte for byte (water-64, stress)', { skip: needsBuild.skip || needsShared.skip }, () => {
  const outs = evalOutputs(['--model', sharedPath('models', 'water.ckpt'), 'examples/water-64.xyz', '--radial', 'table'], 192);
  assert.match(outs[0]!.toString(), /"stress"/);
  assert.ok(outs[1]!.equals(outs[0]!) && outs[2]!.equals(outs[0]!), 'results differ between thread counts');
});

test('md --threads 1|2|3: the same 20-step receipt (state hashes every step)', needsBuild, () => {
  const dir = tmp();
  const receipts = [1, 2, 3].map((t) => {
    const receipt = join(dir, `r${t}.json`);
    const r = runCli(['md', ASPIRIN, '--threads', String(t), '--steps', '20', '--ensemble', 'langevin', '--temperature', '300',
      '--dt', '0.5', '--seed', '3', '--receipt', receipt, '--hash-every', '1']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^md: 20 steps \\(langevin, dt 0.5 fs\\)${onThreads(t).source}`, 'm'), `md --threads ${t}: ${r.stdout}`);
    return JSON.parse(readFileSync(receipt, 'utf8')) as { hashes: unknown[] };
  });
  assert.ok(receipts[0]!.hashes.length >= 21, `only ${receipts[0]!.hashes.length} hashes`);
  assert.deepEqual(receipts[1]!.hashes, receipts[0]!.hashes);
  assert.deepEqual(receipts[2]!.hashes, receipts[0]!.hashes);
});

test('opt --threads 2 relaxes to the same structure as one thread', needsBuild, () => {
  const dir = tmp();
  const outs = [1, 2].map((t) => {
    const out = join(dir, `o${t}.extxyz`);
    const r = runCli(['opt', ASPIRIN, '--threads', String(t), '--fmax', '0.05', '-o', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^opt: converged after \\d+ steps${onThreads(t).source}`, 'm'), `opt --threads ${t}: ${r.stdout}`);
    return readFileSync(out, 'utf8');
  });
  assert.equal(outs[1], outs[0]);
});

test('a bad --threads is refused, naming the option, before any work', needsBuild, () => {
  for (const cmd of ['eval', 'md', 'opt']) {
    for (const bad of ['0', '-2', '1.5', 'two', '257', '']) {
      const r = runCli([cmd, ASPIRIN, '--threads', bad, ...(cmd === 'md' ? ['--steps', '1'] : [])]);
      assert.equal(r.status, 1, `${cmd} --threads '${bad}': ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`--threads: '${bad}' must be an integer from 1 to 256`), `${cmd} --threads '${bad}'`);
    }
  }
});

test('--threads with a pair potential is refused: threads are for CAMP models', needsBuild, () => {
  const r = runCli(['md', '--model', 'lj:epsilon=0.01,sigma=3.4', 'examples/water-16.xyz', '--threads', '2', '--steps', '2']);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /--threads 2: .* is a pair potential, which runs on one thread/);
});

test('without SharedArrayBuffer the run goes on with one thread and says why on stderr', needsBuild, () => {
  const dir = tmp(), out = join(dir, 'no-sab.json'), ref = join(dir, 'ref.json');
  // A runtime without shared memory, made from Node by deleting it before the CLI loads.
  const noSab = spawnSync(process.execPath, ['--import', 'data:text/javascript,delete globalThis.SharedArrayBuffer', cliPath, 'eval', ASPIRIN, '--threads', '2', '-o', out, '-q'],
    { encoding: 'utf8', timeout: 60_000, cwd: repoRoot });
  assert.equal(noSab.status, 0, noSab.stderr);
  assert.match(noSab.stderr, /campjs: threads: 2 asked for, running on 1 thread: this runtime has no SharedArrayBuffer/);
  assert.match(noSab.stdout, /^1 frames, 21 atoms on 1 thread$/m, 'the summary says what ran');
  const plain = runCli(['eval', ASPIRIN, '-o', ref, '-q']);
  assert.equal(plain.status, 0, plain.stderr);
  assert.match(plain.stdout, /^1 frames, 21 atoms$/m, 'without --threads the summary is as before');
  assert.ok(readFileSync(out).equals(readFileSync(ref)));
});
