// The WebGPU/Wasm switch: reloads the model on the chosen backend in the MD worker (the run
// then starts afresh). When WebGPU cannot be had (no navigator.gpu, no adapter, or not in this
// build), the reason stays on screen and the model keeps its backend; the badge always names
// the backend in use.
import type { BackendChoice } from '../host/backends/backend.js';
import { byId, setText } from './dom.js';
import { webgpuUnavailableReason } from './environment.js';
import type { AppState } from './state.js';

export function installBackendSwitch(app: AppState): void {
  const select = byId<HTMLSelectElement>('backend');
  const page = webgpuUnavailableReason();
  if (page) setText('webgpu-reason', `WebGPU unavailable: ${page}`);
  select.addEventListener('change', async () => {
    const want = select.value as BackendChoice;
    const before = app.options.backend ?? 'auto';
    select.disabled = true;
    if (want === 'webgpu') setText('backend-reason', 'starting WebGPU…');
    try {
      await app.setModel(app.model, want);
      if (want === 'webgpu') setText('webgpu-reason', '');
    } catch (err) {
      select.value = before;
      const why = (err as Error).message.replace(/^md worker: /, '').replace(/; use --backend .*$/, '');
      setText('webgpu-reason', `WebGPU unavailable: ${page ?? why}`);
      setText('backend-reason', describe(app));
    } finally {
      select.disabled = false;
    }
  });
  app.on('model', () => {
    const info = app.info!;
    setText('backend-badge', info.backend === 'webgpu' ? 'WebGPU' : 'Wasm');
    byId('backend-badge').className = `badge badge-${info.backend}`;
    setText('backend-reason', describe(app));
  });
}

function describe(app: AppState): string {
  const info = app.info;
  if (!info) return '';
  return info.backendReason.startsWith('auto') ? info.backendReason : `${info.backend === 'webgpu' ? 'WebGPU' : 'Wasm'}: ${info.backendReason}`;
}
