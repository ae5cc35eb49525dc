// Buffers inside what the device granted: every allocation of the WebGPU backend's neighbour
// list and MD goes through `storageBuffer`, which checks the size against maxBufferSize and
// maxStorageBufferBindingSize first and refuses with a message naming the limit and the size
// needed, instead of a validation error at the first dispatch (or a lost device).

/** A buffer the device's limits cannot hold. */
export class GpuLimitError extends Error {
  override name = 'GpuLimitError';
}

/** WebGPU's default limits (what a device gets when nothing more is requested). */
export const DEFAULT_LIMITS = {
  maxStorageBufferBindingSize: 134217728,
  maxBufferSize: 268435456,
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupsPerDimension: 65535,
  maxComputeWorkgroupStorageSize: 16384,
} as const;

const MiB = 1024 * 1024;
const mib = (b: number) => `${(b / MiB).toFixed(1)} MiB`;

/** Throws GpuLimitError unless `bytes` fit one storage binding of `device`. */
export function checkStorageSize(device: GPUDevice, bytes: number, what: string): void {
  const { maxStorageBufferBindingSize: binding, maxBufferSize: buffer } = device.limits;
  if (bytes > buffer) {
    throw new GpuLimitError(`webgpu: limits too small: ${what} needs ${bytes} bytes (${mib(bytes)}) but maxBufferSize is ${buffer} (${mib(buffer)})`);
  }
  if (bytes > binding) {
    throw new GpuLimitError(`webgpu: limits too small: ${what} needs ${bytes} bytes (${mib(bytes)}) in one binding but maxStorageBufferBindingSize is ${binding} (${mib(binding)})`);
  }
}

/** A storage buffer of `bytes` (at least 16), checked against the limits first. */
export function storageBuffer(device: GPUDevice, bytes: number, label: string, extraUsage = 0): GPUBuffer {
  const size = Math.max(16, Math.ceil(bytes / 4) * 4);
  checkStorageSize(device, size, label);
  return device.createBuffer({ size, label, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST | extraUsage });
}

/** A MAP_READ buffer of `bytes` for reading results back. */
export function readbackBuffer(device: GPUDevice, bytes: number, label: string): GPUBuffer {
  return device.createBuffer({ size: Math.max(16, Math.ceil(bytes / 4) * 4), label, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
}

/** Copies `bytes` of `src` into a fresh readback buffer and resolves with them (a copy the caller owns). */
export async function readBack(device: GPUDevice, src: GPUBuffer, bytes: number, offset = 0): Promise<ArrayBuffer> {
  const dst = readbackBuffer(device, bytes, `${src.label}:read`);
  const enc = device.createCommandEncoder();
  enc.copyBufferToBuffer(src, offset, dst, 0, Math.ceil(bytes / 4) * 4);
  device.queue.submit([enc.finish()]);
  await dst.mapAsync(GPUMapMode.READ);
  const out = dst.getMappedRange().slice(0, bytes);
  dst.unmap();
  dst.destroy();
  return out;
}
