// Picks the backend a model runs on: `--backend` / loadModel's `backend` option. 'webgpu' asks
// for a GPU (no adapter: an error naming the option); 'auto' takes WebGPU when an adapter
// exists and is not a software or fallback one, else Wasm, and says why once on stderr when a
// WebGPU adapter was there to consider (silent where the runtime has no WebGPU at all).
import { BACKEND_NAMES, type Backend, type BackendChoice, type Device } from './backend.js';
import { wasmBackend, type WasmDevice } from './wasm/backend.js';
import { softwareAdapter, WebGpuDevice, webgpuBackend } from './webgpu/backend.js';
import { openGpu } from './webgpu/adapter.js';
import { noWebGpuHere } from './webgpu/presence.js';

export interface BackendSelection {
  readonly backend: Backend;
  /** Why this backend (for `auto`: what was considered). */
  readonly reason: string;
}

export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', ...BACKEND_NAMES];

let told = false;

/** `auto`'s device: a hardware WebGPU adapter, else the Wasm core (the reason said once on stderr). */
const autoBackend: Backend & { reason?: string } = {
  name: 'auto',
  async open(): Promise<Device> {
    const absent = await noWebGpuHere();
    if (absent) {
      // Nothing to choose between: said in the calculator's backendReason, not on stderr.
      autoBackend.reason = `auto: wasm, because ${absent}`;
      return wasmBackend.open();
    }
    let why: string;
    try {
      const gpu = await openGpu();
      const software = softwareAdapter(gpu);
      if (!software) {
        autoBackend.reason = `auto: webgpu on ${gpu.description}`;
        return new WebGpuDevice(gpu, (await wasmBackend.open()) as WasmDevice);
      }
      gpu.device.destroy();
      why = software;
    } catch (e) {
      why = (e as Error).message;
    }
    autoBackend.reason = `auto: wasm, because ${why}`;
    if (!told && typeof console !== 'undefined') console.warn(`campjs: backend ${autoBackend.reason}`);
    told = true;
    return wasmBackend.open();
  },
};

/** The backend for `choice` (default 'auto'); throws naming the choice when it is not one. */
export function selectBackend(choice: BackendChoice = 'auto'): BackendSelection {
  switch (choice) {
    case 'wasm':
      return { backend: wasmBackend, reason: 'asked for' };
    case 'auto':
      return { backend: autoBackend, reason: 'auto: webgpu on a hardware adapter, else wasm' };
    case 'webgpu':
      return {
        backend: {
          name: 'webgpu',
          open: () => webgpuBackend.open().catch((e: Error) => {
            throw new Error(`backend webgpu (--backend webgpu): ${e.message}; use --backend wasm or auto`);
          }),
        },
        reason: 'asked for',
      };
    default:
      throw new Error(`backend '${String(choice)}' is not one of ${BACKEND_CHOICES.join(', ')}`);
  }
}

/** The reason `auto` gave for its last choice (after open()). */
export function autoReason(): string | undefined {
  return autoBackend.reason;
}
