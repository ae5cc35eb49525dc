// Reproducibility receipts: the same command twice writes byte-identical receipts; verify
// replays a receipt and says "identical", or names the first step that differs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as runMd } from '../../host/cli/md.js';
import { formatExtxyz } from '../../host/io/extxyz.js';
import { fccCrystal } from '../support/lattices.js';
import { PairCalculator } from '../../host/calculators/pair-calculator.js';
import { checkReceipt, type Receipt } from '../../host/receipt/receipt.js';
import { replayReceipt } from '../../host/receipt/replay.js';
import { repoRoot } from '../support/shared.js';

const SPEC = 'lj:epsilon=0.0104,sigma=3.4,cutoff=8.5,shift=force';

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'campjs-receipt-'));
  const input = join(dir, 'ar32.extxyz');
  writeFileSync(input, formatExtxyz([{ atoms: fccCrystal(18, 5.4, 2), info: {}, arrays: {} }]));
  return { dir, input };
}

const mdArgs = (input: string, receipt: string, seed = '42') =>
  ['--model', SPEC, input, '--steps', '60', '--dt', '5', '--ensemble', 'langevin', '--temperature', '80', '--seed', seed,
    '--receipt', receipt, '--hash-every', '3', '-q'];

test('same command, same seed: byte-identical receipts; another seed: other hashes', async () => {
  const { dir, input } = setup();
  const [a, b, c] = ['a.json', 'b.json', 'c.json'].map((f) => join(dir, f));
  assert.equal(await runMd(mdArgs(input, a)), 0);
  assert.equal(await runMd(mdArgs(input, b)), 0);
  assert.equal(await runMd(mdArgs(input, c, '43')), 0);
  assert.equal(readFileSync(a, 'utf8'), readFileSync(b, 'utf8'));
  const ra = checkReceipt(JSON.parse(readFileSync(a, 'utf8')), a);
  const rc = checkReceipt(JSON.parse(readFileSync(c, 'utf8')), c);
  assert.equal(ra.hashes.length, 21);
  assert.deepEqual(ra.hashes.map((h) => h.step), Array.from({ length: 21 }, (_, i) => 3 * i));
  assert.equal(ra.input?.path, 'ar32.extxyz');
  assert.equal(ra.model.spec, SPEC);
  assert.notEqual(rc.hashes[1].sha256, ra.hashes[1].sha256);
});

test('replay: identical, or the first differing step and the last matching one', async () => {
  const { dir, input } = setup();
  const file = join(dir, 'r.json');
  await runMd(mdArgs(input, file));
  const receipt = checkReceipt(JSON.parse(readFileSync(file, 'utf8')), file);
  const atoms = fccCrystal(18, 5.4, 2);
  const calc = await PairCalculator.create(SPEC);
  const same = await replayReceipt(receipt, calc, atoms);
  assert.equal(same.identical, true);
  assert.equal(same.steps, 60);

  const tampered: Receipt = { ...receipt, hashes: receipt.hashes.map((h) => (h.step === 27 ? { ...h, sha256: '0'.repeat(64) } : h)) };
  const diff = await replayReceipt(tampered, calc, atoms);
  assert.equal(diff.identical, false);
  assert.equal(diff.firstDifference?.step, 27);
  assert.equal(diff.firstDifference?.lastMatch, 24);

  const moved = { ...atoms, positions: atoms.positions.map((x, k) => (k === 4 ? x + 1e-12 : x)) };
  const other = await replayReceipt(receipt, calc, moved);
  assert.equal(other.firstDifference?.step, 0);

  const longer: Receipt = { ...receipt, steps: 30 }; // replay stops early: later hashes are missing
  const short = await replayReceipt(longer, calc, atoms);
  assert.equal(short.identical, false);
  assert.equal(short.firstDifference?.step, 33);
});

test('campjs verify (CLI, separate process): exit 0 "identical"; exit 1 for a changed input', async () => {
  const { dir, input } = setup();
  const file = join(dir, 'r.json');
  await runMd(mdArgs(input, file));
  const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'host/cli/main.ts'), 'verify', ...args, '-q'],
    { cwd: repoRoot, encoding: 'utf8' });
  const ok = cli(file);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /^identical: 60 steps, 21 state hashes match/m);
  const changed = join(dir, 'changed.extxyz');
  const atoms = fccCrystal(18, 5.4, 2);
  writeFileSync(changed, formatExtxyz([{ atoms: { ...atoms, positions: atoms.positions.map((x, k) => (k === 0 ? x + 1e-9 : x)) }, info: {}, arrays: {} }]));
  const bad = cli(file, '--input', changed);
  assert.equal(bad.status, 1, bad.stderr);
  // Another input cannot confirm the receipt: refused before any replay.
  assert.match(bad.stderr, /input .*changed\.extxyz: sha256 [0-9a-f]{64} differs from the receipt's [0-9a-f]{64}: not the input the run used/);
});
