// `--backend webgpu` and `auto` through the built CLI on SwiftShader: eval and a few MD steps on
// the GPU (f32 by default, agreeing with the Wasm core's f32 to rounding), f64 refused naming
// the options, no adapter an error naming --backend, and auto falling back to wasm with its
// reason when the only adapter is a software one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { needsBuild, runCli } from '../support/cli.js';
import { SWIFTSHADER_ICD, testGpu } from '../support/webgpu.js';

const gpu = await testGpu();
const skip = needsBuild.skip ? needsBuild : typeof gpu === 'string' ? { skip: gpu } : { skip: false as const };
const env = { ...process.env, VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? SWIFTSHADER_ICD };
const INPUT = 'examples/ethanol.xyz';

/** Energy (eV) and max |F| of the first row of eval's table. */
function firstRow(stdout: string): [number, number] {
  const row = stdout.split('\n').find((l) => /^\s+0\s/.test(l));
  assert.ok(row, `no result row in:\n${stdout}`);
  const cols = row.trim().split(/\s+/).map(Number);
  return [cols[2], cols[4]];
}

test('CLI eval --backend webgpu: f32 on the GPU, the Wasm f32 result to rounding; --precision f64 refused naming the options', skip, () => {
  const g = runCli(['eval', INPUT, '--backend', 'webgpu'], { env });
  assert.equal(g.status, 0, g.stderr);
  const w = runCli(['eval', INPUT, '--backend', 'wasm', '--precision', 'f32'], { env });
  assert.equal(w.status, 0, w.stderr);
  const [eg, fg] = firstRow(g.stdout), [ew, fw] = firstRow(w.stdout);
  assert.ok(Math.abs(eg - ew) <= 2e-5 * Math.abs(ew), `energy ${eg} vs wasm f32 ${ew}`);
  assert.ok(Math.abs(fg - fw) <= 2e-4, `max |F| ${fg} vs wasm f32 ${fw}`);
  const f64 = runCli(['eval', INPUT, '--backend', 'webgpu', '--precision', 'f64'], { env });
  assert.equal(f64.status, 1);
  assert.match(f64.stderr, /the webgpu backend computes in f32 \(WGSL has no f64\).*use --precision f32 .* or --backend wasm/);
});

test('CLI md --backend webgpu: a few steps through the seam, the receipt names the backend', skip, () => {
  const dir = mkdtempSync(join(tmpdir(), 'campjs-webgpu-'));
  const receipt = join(dir, 'r.json'), log = join(dir, 'thermo.csv');
  const r = runCli(['md', INPUT, '--backend', 'webgpu', '--steps', '4', '--temperature', '300', '--ensemble', 'langevin', '-q', '--receipt', receipt, '--log', log, '--log-every', '1'], { env });
  assert.equal(r.status, 0, r.stderr);
  const rec = JSON.parse(readFileSync(receipt, 'utf8'));
  assert.equal(JSON.stringify(rec).match(/"backend":\s*"(\w+)"/)?.[1], 'webgpu');
  const rows = readFileSync(log, 'utf8').trim().split('\n');
  assert.ok(rows.length >= 5, `thermo log has ${rows.length} lines`);
  assert.ok(rows.slice(1).every((l) => l.split(',').every((x) => x === '' || Number.isFinite(Number(x)) || /^[a-z]/i.test(x))), 'non-finite values in the log');
});

test('CLI --backend webgpu without an adapter: an error naming the option, nothing written', needsBuild, () => {
  const dir = mkdtempSync(join(tmpdir(), 'campjs-webgpu-'));
  const out = join(dir, 'out.json');
  const r = runCli(['eval', INPUT, '--backend', 'webgpu', '-o', out], { env: { ...process.env, VK_ICD_FILENAMES: join(dir, 'no-driver.json') } });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /backend webgpu \(--backend webgpu\): no WebGPU adapter.*; use --backend wasm or auto/);
  assert.equal(existsSync(out), false);
});

test('CLI --backend auto with only a software adapter: wasm, and why, once on stderr', skip, () => {
  const a = runCli(['eval', INPUT], { env });
  assert.equal(a.status, 0, a.stderr);
  const said = a.stderr.split('\n').filter((l) => l.startsWith('campjs: backend auto'));
  assert.deepEqual(said, [`campjs: backend auto: wasm, because the WebGPU adapter (${(gpu as { description: string }).description}) is a fallback adapter`]);
  const w = runCli(['eval', INPUT, '--backend', 'wasm'], { env });
  assert.equal(a.stdout, w.stdout, 'auto gave another result than wasm');
});

test('CLI verify of a webgpu receipt: bit for bit on the same adapter; on wasm a clear note and an energy comparison that can fail', skip, () => {
  const dir = mkdtempSync(join(tmpdir(), 'campjs-webgpu-'));
  const receipt = join(dir, 'r.json');
  const md = runCli(['md', INPUT, '--backend', 'webgpu', '--steps', '4', '--temperature', '300', '-q', '--receipt', receipt, '--hash-every', '2'], { env });
  assert.equal(md.status, 0, md.stderr);
  const rec = JSON.parse(readFileSync(receipt, 'utf8'));
  assert.equal(rec.model.backend, 'webgpu');
  assert.equal(rec.model.adapter, (gpu as { description: string }).description);
  assert.ok(rec.hashes.every((h: { energy?: number }) => Number.isFinite(h.energy)), 'hashes carry the potential energy');
  const same = runCli(['verify', receipt, '-q'], { env });
  assert.equal(same.status, 0, same.stdout + same.stderr);
  assert.match(same.stdout, /^identical: 4 steps, 3 state hashes match/);
  const wasm = runCli(['verify', receipt, '-q', '--backend', 'wasm'], { env });
  assert.equal(wasm.status, 0, wasm.stdout + wasm.stderr);
  assert.match(wasm.stdout, /^note: the run was recorded on webgpu \(.+\) and this replay runs on wasm: bits can only match on the same backend and adapter, so the potential energies at the recorded steps are compared within 0\.0001 eV\/atom instead/);
  assert.match(wasm.stdout, /agrees within 0\.0001 eV\/atom: 4 steps, 3 recorded energies \(not bit for bit/);
  // A recorded energy off by 0.01 eV/atom is caught at its step.
  rec.hashes[1].energy += 0.01 * 9;
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify(rec));
  const off = runCli(['verify', bad, '-q', '--backend', 'wasm'], { env });
  assert.equal(off.status, 1, off.stdout + off.stderr);
  assert.match(off.stdout, /differs: first at step 2 \(identical at step 0/);
});
