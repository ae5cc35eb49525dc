// The WebGPU/Wasm switch: reloads the model on the chosen backend in the MD worker. When
// WebGPU cannot be had (no navigator.gpu, no adapter, or not in this build), the reason is
// shown and the model stays on its backend; the badge always names the backend in use.
import type { BackendChoice } from '../host/backends/backend.js';
import { byId, setText } from './dom.js';
import { webgpuUnavailableReason } from './environment.js';
import type { AppState } from './state.js';

export function installBackendSwitch(app: AppState): void {
  const select = byId<HTMLSelectElement>('backend');
  const page = webgpuUnavailableReason();
  if (page) setText('backend-reason', `WebGPU: ${page}`);
  select.addEventListener('change', async () => {
    const want = select.value as BackendChoice;
    const before = app.options.backend ?? 'auto';
    select.disabled = true;
    setText('backend-reason', want === 'webgpu' ? 'starting WebGPU…' : '');
    try {
      await app.setModel(app.model, want);
    } catch (err) {
      select.value = before;
      const why = (err as Error).message.replace(/^md worker: /, '');
      setText('backend-reason', `WebGPU unavailable: ${page ?? why}`);
      byId('backend-reason').classList.add('warn');
      return;
    } finally {
      select.disabled = false;
    }
    byId('backend-reason').classList.remove('warn');
  });
  app.on('model', () => {
    const info = app.info!;
    setText('backend-badge', info.backend === 'webgpu' ? 'WebGPU' : 'Wasm');
    byId('backend-badge').className = `badge badge-${info.backend}`;
    if (!byId('backend-reason').classList.contains('warn') || info.backend === 'webgpu') setText('backend-reason', info.backendReason);
  });
}
