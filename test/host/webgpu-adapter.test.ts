// Finding a GPU and staying inside its limits (host/backends/webgpu/adapter.ts, limits.ts):
// no adapter is a WebGpuUnavailableError, a limit the adapter lacks and a buffer past the
// device's limits are GpuLimitErrors naming the limit and the size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openGpu, WebGpuUnavailableError } from '../../host/backends/webgpu/adapter.js';
import { storageBuffer, GpuLimitError, DEFAULT_LIMITS } from '../../host/backends/webgpu/limits.js';
import { freshGpu } from '../support/webgpu-devices.js';

const gpu = await freshGpu();
const skip = typeof gpu === 'string' ? gpu : false;

test('no adapter: openGpu rejects with WebGpuUnavailableError saying so', async () => {
  const had = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  Object.defineProperty(globalThis, 'navigator', { value: { gpu: { requestAdapter: async () => null } }, configurable: true, writable: true });
  try {
    await assert.rejects(openGpu(), (e: Error) => e instanceof WebGpuUnavailableError && /no WebGPU adapter: requestAdapter\(\) gave none/.test(e.message));
  } finally {
    if (had) Object.defineProperty(globalThis, 'navigator', had);
    else delete (globalThis as { navigator?: unknown }).navigator;
  }
});

test('a device gets WebGPU\'s default limits unless asked; a limit beyond the adapter is refused by name', { skip }, async () => {
  const { device, adapter } = typeof gpu === 'string' ? assert.fail() : gpu;
  assert.equal(device.limits.maxStorageBufferBindingSize, DEFAULT_LIMITS.maxStorageBufferBindingSize);
  assert.equal(device.limits.maxComputeWorkgroupsPerDimension, DEFAULT_LIMITS.maxComputeWorkgroupsPerDimension);
  const beyond = adapter.limits.maxStorageBufferBindingSize * 2;
  await assert.rejects(openGpu({ maxStorageBufferBindingSize: beyond }),
    (e: Error) => e instanceof GpuLimitError && e.message.includes(`limits too small: asked for maxStorageBufferBindingSize = ${beyond}`));
  await assert.rejects(openGpu({ maxWarpDrive: 1 }), /unknown limit 'maxWarpDrive'/);
});

test('a buffer past maxStorageBufferBindingSize is refused before allocation, naming the limit and the size', { skip }, () => {
  const { device } = typeof gpu === 'string' ? assert.fail() : gpu;
  const bytes = DEFAULT_LIMITS.maxStorageBufferBindingSize + 4;
  assert.throws(() => storageBuffer(device, bytes, 'edge vectors'),
    (e: Error) => e instanceof GpuLimitError && e.message === `webgpu: limits too small: edge vectors needs ${bytes} bytes (128.0 MiB) in one binding but maxStorageBufferBindingSize is 134217728 (128.0 MiB)`);
  assert.throws(() => storageBuffer(device, 2 ** 30, 'positions'), /limits too small: positions needs 1073741824 bytes .* maxBufferSize is 268435456/);
});
