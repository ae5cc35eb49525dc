// Picks the backend a model runs on: `--backend` / loadModel's `backend` option. This build
// has the Wasm core only; WebGPU is issue #11, so asking for it is a clear error, not a fallback.
import { BACKEND_NAMES, type Backend, type BackendChoice } from './backend.js';
import { wasmBackend } from './wasm/backend.js';

export interface BackendSelection {
  readonly backend: Backend;
  /** Why this backend (for `auto`: what was considered). */
  readonly reason: string;
}

export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', ...BACKEND_NAMES];

/** The backend for `choice` (default 'auto'); throws naming the choice when it cannot run here. */
export function selectBackend(choice: BackendChoice = 'auto'): BackendSelection {
  switch (choice) {
    case 'wasm':
      return { backend: wasmBackend, reason: 'asked for' };
    case 'auto':
      return { backend: wasmBackend, reason: 'auto: wasm, the only backend in this build (webgpu is not available yet, issue #11)' };
    case 'webgpu':
      throw new Error('backend webgpu: not available yet in this build (issue #11); use --backend wasm or auto');
    default:
      throw new Error(`backend '${String(choice)}' is not one of ${BACKEND_CHOICES.join(', ')}`);
  }
}
