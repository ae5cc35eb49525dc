// A 25,000-atom water box within WebGPU's default limits (128 MiB per storage binding, 65535
// workgroups per dimension): the force pass for it is built, bound and encoded on a device that
// was granted only the defaults, with no validation error. (Running it is for a real GPU:
// SwiftShader would take most of an hour.) Both kernel mappings. Too many atoms for one binding
// is a clear error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testGpu } from '../support/webgpu.js';
import { CampForcePass, type ModelOnDevice } from '../../host/backends/webgpu/force-pass.js';
import { modelSizes, uploadPlan } from '../../host/backends/webgpu/model-buffers.js';
import { buildKernels } from '../../host/backends/webgpu/model-kernels.js';
import type { GpuEdges } from '../../host/backends/webgpu/gpu-contract.js';
import { packModel } from '../../host/model/pack.js';
import { loadCampModel } from '../../host/model/load.js';
import { needsShared, readShared, haveShared } from '../support/shared.js';

const gpu = haveShared ? await testGpu() : 'no ../shared';
const skip = typeof gpu === 'string' ? { skip: gpu } : needsShared;

test('a 25,000-atom water box (~52 neighbours per atom): the water model\'s force pass fits the default limits', skip, async () => {
  const { device } = gpu as Exclude<typeof gpu, string>;
  assert.equal(device.limits.maxStorageBufferBindingSize, 128 * 2 ** 20, 'the test device should have the default limits');
  const packed = packModel(loadCampModel(readShared('models', 'water.ckpt'), { file: 'water.ckpt' }));
  const sizes = modelSizes(packed);
  const n = 25_000, capacity = 52 * n;
  const buffer = (bytes: number) => device.createBuffer({ size: bytes, usage: GPUBufferUsage.STORAGE });
  const edges: GpuEdges = { n, count: capacity, capacity, row: buffer(4 * (n + 1)), nbr: buffer(4 * capacity), rev: buffer(4 * capacity), vec: buffer(16 * capacity) };
  const out = { energies: buffer(4 * n), forces: buffer(12 * n), virial: buffer(36) };
  let m!: ModelOnDevice;
  for (const mapping of ['atoms', 'groups'] as const) {
    m = { device, packed, sizes, plan: uploadPlan(device, packed), kernels: await buildKernels(device, sizes, mapping), mapping };
    device.pushErrorScope('validation');
    device.pushErrorScope('out-of-memory');
    const pass = new CampForcePass(m, n, new Int32Array(n));
    const encoder = device.createCommandEncoder();
    pass.encode(encoder, edges, out);
    encoder.finish(); // validated, never submitted
    const oom = await device.popErrorScope();
    const invalid = await device.popErrorScope();
    assert.equal(oom, null, `${mapping}: out of memory: ${oom?.message}`);
    assert.equal(invalid, null, `${mapping}: validation: ${invalid?.message}`);
    pass.destroy();
  }
  // Beyond one binding: refused before anything is allocated, naming the limit.
  assert.throws(() => new CampForcePass(m, 40_000, new Int32Array(40_000)), /40000 atoms need \d+ MiB in one storage binding .* allows 128 MiB \(maxStorageBufferBindingSize\)/);
  for (const b of [edges.row, edges.nbr, edges.rev, edges.vec, out.energies, out.forces, out.virial]) b.destroy();
});
