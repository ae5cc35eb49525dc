// The 'groups' kernels (a workgroup per atom, a thread per channel: what hardware GPUs get) on
// SwiftShader, against the PyTorch references: a molecule and the small water structures
// (periodic cells, stress); and the same bits run after run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testGpu } from '../support/webgpu.js';
import type { GpuHandle } from '../../host/backends/webgpu/adapter.js';
import { needsShared, readSharedJson, haveShared } from '../support/shared.js';
import { conformanceTests, GpuHarness, type RefSet, type Structure } from '../support/webgpu-conformance.js';

const gpu = haveShared ? await testGpu() : 'no ../shared';
const skip = typeof gpu === 'string' ? { skip: gpu } : needsShared;

const SETS: RefSet[] = [
  { model: 'md17-naphthalene', set: 'md17-naphthalene__rdkit', pick: (k) => k === 0 },
  { model: 'water', set: 'water__water_edge', pick: (k, s) => s.numbers.length < 10 },
];

conformanceTests(gpu, skip, SETS, 'groups');

test('WebGPU groups kernels: the same evaluation twice gives the same bits (water)', skip, async () => {
  const h = await GpuHarness.create(gpu as GpuHandle, 'water', 'groups');
  const s = readSharedJson<{ structures: Structure[] }>('reference', 'water__water_edge.json').structures.find((x) => x.numbers.length === 6)!;
  const a = await h.run(s), b = await h.run(s);
  assert.ok(a.forces!.every((x, i) => Object.is(x, b.forces![i])), 'forces differ');
  assert.ok(a.energies.every((x, i) => Object.is(x, b.energies[i])), 'atomic energies differ');
  assert.ok(a.forces!.some((x) => x !== 0), 'forces are all zero');
});
