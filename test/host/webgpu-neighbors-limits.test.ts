// 24,000-atom water (the 25,000-atom case) on a device with only WebGPU's default limits:
// the GPU neighbour list at 4.9 Å fits (edge buffers checked against maxStorageBufferBindingSize,
// dispatches chunked by 256-invocation workgroups) and gives the Wasm core's edge count and rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { instantiateCore } from '../../host/backends/wasm/wasm.js';
import { Workspace } from '../../host/backends/wasm/workspace.js';
import { NeighborList } from '../../host/backends/wasm/neighbor-list.js';
import { Kernels } from '../../host/backends/webgpu/kernels.js';
import { GpuNeighborList } from '../../host/backends/webgpu/neighbor-list.js';
import { DEFAULT_LIMITS } from '../../host/backends/webgpu/limits.js';
import { freshGpu, waterBox } from '../support/webgpu-devices.js';

const gpu = await freshGpu();
const skip = typeof gpu === 'string' ? gpu : false;

test('24,000-atom water: the GPU neighbour list fits WebGPU\'s default limits and equals the Wasm list\'s rows', { skip }, async () => {
  const { device } = typeof gpu === 'string' ? assert.fail() : gpu;
  assert.equal(device.limits.maxStorageBufferBindingSize, DEFAULT_LIMITS.maxStorageBufferBindingSize, 'a device with default limits');
  const water = waterBox(5);
  assert.equal(water.numbers.length, 24_000);
  const want = new NeighborList(new Workspace(await instantiateCore()), { cutoff: 4.9 }).build(water);
  const nl = new GpuNeighborList(new Kernels(device), { cutoff: 4.9 });
  const edges = await nl.build(water.positions, water.cell, water.pbc);
  assert.equal(edges.count, want.count);
  const got = await nl.read();
  assert.deepEqual([...got.rowStart], [...want.rowStart]);
  assert.deepEqual([...got.j.subarray(0, 5000)], [...want.j.subarray(0, 5000)]);
  nl.destroy();
});
