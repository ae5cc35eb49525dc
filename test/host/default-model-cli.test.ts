// The CLI with no --model uses the built-in model and says so once on stderr; `--model default`
// is the same model; an MD receipt records it (no path) and `campjs verify` re-runs it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { needsBuild, runCli } from '../support/cli.js';
import { sha256Hex } from '../../host/util/sha256.js';
import { repoRoot } from '../support/shared.js';

const shippedSha = sha256Hex(new Uint8Array(readFileSync(join(repoRoot, 'models/campjs-hcno/campjs-hcno.campjs'))));
const NOTE = /using the built-in model campjs-hcno/g;
const MD_ARGS = ['examples/ethanol.xyz', '--ensemble', 'langevin', '--temperature', '300', '--dt', '0.5', '--steps', '20', '-q'];

test('md with no --model runs the built-in model, says so once, and its receipt verifies', needsBuild, () => {
  const dir = mkdtempSync(join(tmpdir(), 'campjs-default-'));
  const receipt = join(dir, 'r.json');
  const r = runCli(['md', ...MD_ARGS, '--receipt', receipt]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr.match(NOTE)?.length, 1, `stderr: ${r.stderr}`);
  const rec = JSON.parse(readFileSync(receipt, 'utf8'));
  assert.deepEqual({ path: rec.model.path, builtin: rec.model.builtin, sha256: rec.model.sha256 }, { path: null, builtin: 'campjs-hcno', sha256: shippedSha });
  const v = runCli(['verify', receipt, '-q']);
  assert.equal(v.status, 0, v.stderr + v.stdout);
  assert.match(v.stdout, /^identical: 20 steps/);

  // --model default is the same model: the same hashes, and no note (the user named it).
  const named = join(dir, 'named.json');
  const d = runCli(['md', ...MD_ARGS, '--model', 'default', '--receipt', named]);
  assert.equal(d.status, 0, d.stderr);
  assert.doesNotMatch(d.stderr, NOTE);
  assert.deepEqual(JSON.parse(readFileSync(named, 'utf8')).hashes, rec.hashes);

  // A receipt of another built-in model (its sha256 changed) is refused, not re-run with this one.
  const other = join(dir, 'other.json');
  writeFileSync(other, JSON.stringify({ ...rec, model: { ...rec.model, sha256: '0'.repeat(64) } }));
  const o = runCli(['verify', other, '-q']);
  assert.equal(o.status, 1);
  assert.match(o.stderr, /model default: sha256 \w+ differs from the receipt's 0{64}: not the model the run used/);
});

test('eval with no --model evaluates the built-in model and prints its errors', needsBuild, () => {
  const r = runCli(['eval', 'data/test-small.extxyz', '-q']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr.match(NOTE)?.length, 1, `stderr: ${r.stderr}`);
  assert.match(r.stdout, /^28 frames/m);
  assert.match(r.stdout, /forces MAE [\d.]+ meV\/Å/);
});

test('opt with no --model relaxes with the built-in model', needsBuild, () => {
  const out = join(mkdtempSync(join(tmpdir(), 'campjs-default-')), 'relaxed.xyz');
  const r = runCli(['opt', 'examples/ethanol.xyz', '--steps', '5', '-q', '-o', out]);
  assert.ok(r.status === 0 || r.status === 1, r.stderr); // 5 steps may not converge: exit 1 then, with the output written
  assert.equal(r.stderr.match(NOTE)?.length, 1, `stderr: ${r.stderr}`);
  assert.match(readFileSync(out, 'utf8'), /^9\n/);
});

test('info default prints the model and the summary of its card', needsBuild, () => {
  const r = runCli(['info', 'default']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^campjs-hcno\.campjs/);
  assert.match(r.stdout, /elements\s+H, C, N, O/);
  assert.match(r.stdout, /Held-out molecules \(\d+ frames\): energy MAE/);
  assert.ok(r.stdout.includes(`SHA-256 \`${shippedSha}\``), r.stdout);
});

test('every built-in example is a structure the built-in model takes (md examples/NAME.xyz runs)', needsBuild, () => {
  for (const name of ['aspirin', 'ethanol', 'alanine-dipeptide', 'water-16']) {
    const r = runCli(['md', `examples/${name}.xyz`, '--steps', '2', '-q']);
    assert.equal(r.status, 0, `${name}: ${r.stderr}`);
  }
});
