// Finding a WebGPU device wherever campjs runs: browsers and Deno have navigator.gpu; Node and
// Bun get one from the npm package `webgpu` (Dawn), imported only when asked for, so the bundle
// imports nothing platform-specific.

/** Why no GPU could be had: the message says what was tried. */
export class WebGpuUnavailableError extends Error {
  override name = 'WebGpuUnavailableError';
}

let dawnGpu: GPU | undefined;

/** navigator.gpu where the platform has it, else Dawn from npm `webgpu` (Node, Bun). */
async function findGpu(): Promise<GPU> {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu) return nav.gpu;
  const moduleName = 'webgpu'; // a variable: bundlers must not resolve it
  let dawn: { create(flags: string[]): GPU; globals: Record<string, unknown> };
  try {
    dawn = await import(/* @vite-ignore */ moduleName);
  } catch (e) {
    throw new WebGpuUnavailableError(`no WebGPU here: navigator.gpu is absent and the npm package 'webgpu' could not be loaded (${(e as Error).message})`);
  }
  // Dawn's GPUBufferUsage etc. are what WGSL host code refers to as globals.
  for (const [k, v] of Object.entries(dawn.globals)) if (!(k in globalThis)) (globalThis as Record<string, unknown>)[k] = v;
  // One instance per process, held for good: Dawn aborts the process when a collected GPU
  // object's threads are torn down under devices still in use.
  dawnGpu ??= dawn.create([]);
  return dawnGpu;
}

export interface GpuHandle {
  readonly device: GPUDevice;
  readonly adapter: GPUAdapter;
  /** What the adapter says it is (vendor, architecture, description), for receipts. */
  readonly description: string;
}

/** Opens an adapter and a device with `limits` (default: WebGPU's defaults) and the `features` the adapter has of those asked for. */
export async function openGpu(limits?: Record<string, number>, features: readonly GPUFeatureName[] = []): Promise<GpuHandle> {
  const gpu = await findGpu();
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new WebGpuUnavailableError('no WebGPU adapter: requestAdapter() gave none (no GPU, or WebGPU disabled)');
  const info = adapter.info;
  const description = [info?.vendor, info?.architecture, info?.description].filter((s) => s).join(' ') || 'unknown adapter';
  const requiredFeatures = features.filter((f) => adapter.features.has(f));
  const device = await adapter.requestDevice(limits || requiredFeatures.length ? { ...(limits && { requiredLimits: limits }), requiredFeatures } : undefined);
  return { device, adapter, description };
}
