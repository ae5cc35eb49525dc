// The CAMP model on WebGPU (SwiftShader here) against the PyTorch float64 references of every
// shared set: energy and forces no worse than 2× PyTorch float32's own error (the Wasm f32
// criterion, test/support/f32-criterion.ts), stress compared with the Wasm f32 core's own
// error; the same evaluation twice gives the same bits. SwiftShader runs the kernels on the
// CPU, so the default picks a few structures per set (the 192- and 1536-atom water boxes and
// water_test only with CAMPJS_FULL=1: ~20-40 s each here). Kernels: the 'atoms' mapping (the
// 'groups' one: webgpu-model-groups.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testGpu } from '../support/webgpu.js';
import type { GpuHandle } from '../../host/backends/webgpu/adapter.js';
import { needsShared, readSharedJson, haveShared } from '../support/shared.js';
import { conformanceTests, GpuHarness, type RefSet, type Structure } from '../support/webgpu-conformance.js';

const FULL = process.env.CAMPJS_FULL === '1';
const gpu = haveShared ? await testGpu() : 'no ../shared';
const skip = typeof gpu === 'string' ? { skip: gpu } : needsShared;

const SETS: RefSet[] = [
  { model: 'md17-aspirin', set: 'md17-aspirin__rdkit', pick: (k) => FULL || k === 0 },
  { model: 'md17-naphthalene', set: 'md17-naphthalene__rdkit', pick: (k) => FULL || k === 0 },
  { model: 'lips-10', set: 'lips-10__lips', pick: (k) => FULL || k === 0 },
  { model: 'water', set: 'water__water_edge', pick: (k, s) => FULL || s.numbers.length < 100 },
  { model: 'water', set: 'water__water_test', pick: (k) => FULL && k % 16 === 0, mayBeEmpty: !FULL },
];

conformanceTests(gpu, skip, SETS);

test('WebGPU: the same evaluation twice gives the same bits (water, periodic)', skip, async () => {
  const h = await GpuHarness.create(gpu as GpuHandle, 'water');
  const s = readSharedJson<{ structures: Structure[] }>('reference', 'water__water_edge.json').structures.find((x) => x.numbers.length === 6 && x.cell)!;
  const a = await h.run(s), b = await h.run(s);
  assert.ok(a.energies.every((x, i) => Object.is(x, b.energies[i])), 'atomic energies differ');
  assert.ok(a.forces!.every((x, i) => Object.is(x, b.forces![i])), 'forces differ');
  assert.ok(a.virial!.every((x, i) => Object.is(x, b.virial![i])), 'virial differs');
  assert.ok(a.forces!.some((x) => x !== 0), 'forces are all zero');
});

test('WebGPU: an atom without neighbours gets the isolated-atom energy and no force (water)', skip, async () => {
  const h = await GpuHarness.create(gpu as GpuHandle, 'water');
  const byName = new Map(readSharedJson<{ structures: Structure[] }>('reference', 'water__water_edge.json').structures.map((s) => [s.name, s]));
  const WATER_LONE_O = -153.25694382845882; // CAMP-SPEC.md, "Atoms without neighbours" (f64)
  for (const [name, lone] of [['O_alone', 0], ['h2o_then_O_last_10A', 3]] as const) {
    const r = await h.run(byName.get(name)!);
    assert.ok(Math.abs(r.energies[lone] - WATER_LONE_O) <= 1e-6 * Math.abs(WATER_LONE_O), `${name}: lone atom energy ${r.energies[lone]}`);
    assert.deepEqual(Array.from(r.forces!.subarray(3 * lone, 3 * lone + 3)), [0, 0, 0], `${name}: force on the lone atom`);
  }
});

test('WebGPU: an error of the device is reported by the call, not read back as numbers', skip, async () => {
  const h = await GpuHarness.create(gpu as GpuHandle, 'md17-naphthalene');
  const s = readSharedJson<{ structures: Structure[] }>('reference', 'md17-naphthalene__rdkit.json').structures[0];
  await h.run(s);
  // White-box: the evaluator's energies buffer destroyed under it makes the next submit invalid.
  (h.evaluator as unknown as { outputs: { energies: GPUBuffer } }).outputs.energies.destroy();
  await assert.rejects(h.run(s), /webgpu: the device refused the model's work for 18 atoms and \d+ edges \(.+\)/);
});
