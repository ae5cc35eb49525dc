// A receipt is checked before anything is replayed: a tampered, truncated or absurd receipt
// fails `campjs verify` (exit 1, naming the field) at once, never reports "identical" and
// never hangs; a model or input whose bytes are not the recorded ones cannot confirm it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as runMd } from '../../host/cli/md.js';
import { formatExtxyz } from '../../host/io/extxyz.js';
import { fccCrystal } from '../support/lattices.js';
import { checkReceipt, type Receipt } from '../../host/receipt/receipt.js';
import { repoRoot } from '../support/shared.js';

const SPEC = 'lj:epsilon=0.0104,sigma=3.4,cutoff=8.5,shift=force';
const cli = join(repoRoot, 'dist/cli.mjs');
const needsBuild = { skip: existsSync(cli) ? false : 'dist/cli.mjs is missing: run npm run build' };

async function receipt(): Promise<{ dir: string; file: string; r: Receipt }> {
  const dir = mkdtempSync(join(tmpdir(), 'campjs-tamper-'));
  const input = join(dir, 'ar32.extxyz');
  writeFileSync(input, formatExtxyz([{ atoms: fccCrystal(18, 5.4, 2), info: {}, arrays: {} }]));
  const file = join(dir, 'r.json');
  assert.equal(await runMd(['--model', SPEC, input, '--steps', '12', '--dt', '5', '--ensemble', 'langevin', '--temperature', '80', '--receipt', file, '--hash-every', '3', '-q']), 0);
  return { dir, file, r: JSON.parse(readFileSync(file, 'utf8')) };
}

test('checkReceipt: every inconsistency is named, before any replay', async () => {
  const { r } = await receipt();
  assert.equal(checkReceipt(r, 'r.json'), r);
  const cases: [object, RegExp][] = [
    [{ hashes: [] }, /hashes has 0 entries; a run from step 0 to 12 hashed every 3 steps has 5/],
    [{ hashes: r.hashes.slice(0, 4) }, /hashes has 4 entries/],
    [{ hashes: r.hashes.map((h, i) => (i === 2 ? { ...h, step: 7 } : h)) }, /hashes\[2\] must be \{ step: 6/],
    [{ hashes: r.hashes.map((h, i) => (i === 1 ? { ...h, sha256: 'zz' } : h)) }, /hashes\[1\] must be/],
    [{ hashEvery: 4 }, /hashes has 5 entries; a run from step 0 to 12 hashed every 4 steps has 4/],
    [{ steps: 1e300 }, /steps 1e\+300 is not an integer 0 … 4294967295/],
    [{ steps: 20 }, /outcome\.steps 12: a run that neither failed nor was interrupted reaches step 20/],
    [{ outcome: { ...r.outcome, steps: 1e300 } }, /outcome\.steps 1e\+300 is not a step 0 … 12/],
    [{ settings: { ...r.settings, frobnicate: 1 } }, /settings are not valid: unknown setting 'frobnicate'/],
    [{ settings: { ...r.settings, dt: 0 } }, /settings are not valid: dt = 0/],
    [{ version: 3 }, /version 3 is not supported/],
    [{ format: 'something-else' }, /format "something-else" is not 'campjs-md-receipt'/],
    [{ extra: true }, /extra is not a receipt field/],
    [{ model: { ...r.model, sha256: 'abc' } }, /model\.sha256 is missing or not a sha256/],
    [{ version: 1, resume: { path: 's', sha256: r.model.sha256, step: 0 }, input: null }, /resume needs receipt version 2/],
    [{ outcome: { ...r.outcome, sha256: 'x' } }, /outcome\.sha256 is not a sha256/],
  ];
  for (const [change, re] of cases) assert.throws(() => checkReceipt({ ...r, ...change }, 'r.json'), re, JSON.stringify(Object.keys(change)));
  // Version 1 receipts (no resume, no interrupted) stay valid.
  const { interrupted: _, sha256: __, ...outcome1 } = r.outcome;
  assert.doesNotThrow(() => checkReceipt({ ...r, version: 1, outcome: outcome1 }, 'r.json'));
});

test('campjs verify (CLI): tampered receipts and changed model bytes exit 1 with the reason', { ...needsBuild, timeout: 60_000 }, async () => {
  const { dir, file, r } = await receipt();
  const verify = (receiptObject: object) => {
    const f = join(dir, 'tampered.json');
    writeFileSync(f, JSON.stringify(receiptObject));
    return spawnSync(process.execPath, [cli, 'verify', f, '-q'], { encoding: 'utf8' });
  };
  const ok = verify(r);
  assert.equal(ok.status, 0, ok.stderr);
  // A version 1 receipt (as campjs wrote before resume and interrupted outcomes) still verifies.
  const { interrupted: _, sha256: __, ...outcome1 } = r.outcome;
  const v1 = verify({ ...r, version: 1, outcome: outcome1 });
  assert.equal(v1.status, 0, v1.stderr);
  assert.match(v1.stdout, /^identical: 12 steps, 5 state hashes match/);
  const cases: [object, RegExp][] = [
    [{ ...r, hashes: [] }, /hashes has 0 entries/],
    [{ ...r, steps: 1e300, outcome: { ...r.outcome, steps: 1e300 } }, /steps 1e\+300 is not an integer/],
    [{ ...r, settings: { ...r.settings, thermostat: 'x' } }, /unknown setting 'thermostat'/],
    [{ ...r, model: { ...r.model, sha256: 'f'.repeat(64) } }, /model lj:.*: sha256 [0-9a-f]{64} differs from the receipt's f{64}: not the model the run used/],
    [{ ...r, input: { ...r.input, sha256: '0'.repeat(64) } }, /input .*ar32\.extxyz: sha256 [0-9a-f]{64} differs from the receipt's 0{64}/],
  ];
  // The end state is checked even where no interval hash falls.
  const end = verify({ ...r, outcome: { ...r.outcome, sha256: '1'.repeat(64) } });
  assert.equal(end.status, 1);
  assert.match(end.stdout, /differs: first at step 12 \(the end state; .*\)\n  receipt: 1{64}/);
  for (const [bad, re] of cases) {
    const out = verify(bad);
    assert.equal(out.status, 1, `${out.stdout}${out.stderr}`);
    assert.doesNotMatch(out.stdout, /identical/);
    assert.match(out.stderr, re);
  }
  assert.ok(readFileSync(file, 'utf8').length > 0);
});
