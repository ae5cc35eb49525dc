// What the page can use: WebGPU (navigator.gpu) and threads (a cross-origin-isolated page may
// share Wasm memory between workers). The app needs neither; it says what it found and, when
// the page is isolated, evaluates on several threads (the same bits as one).

/** Why WebGPU cannot be used in this page, or null if the browser offers it. */
export function webgpuUnavailableReason(): string | null {
  if (!('gpu' in navigator) || !navigator.gpu) {
    return window.isSecureContext
      ? 'this browser exposes no WebGPU (navigator.gpu is missing; Chromium on Linux needs --enable-unsafe-webgpu)'
      : 'WebGPU needs a secure context (https:// or http://127.0.0.1)';
  }
  return null;
}

/** True when Wasm threads could run: the page is cross-origin isolated (COOP/COEP headers). */
export function threadsAvailable(): boolean {
  return globalThis.crossOriginIsolated === true;
}

/** Threads to ask the model for: the cores the browser reports (at most 8) when isolated, else 1. */
export function threadsToUse(): number {
  return threadsAvailable() ? Math.max(1, Math.min(8, navigator.hardwareConcurrency || 1)) : 1;
}

/** The footer's note; `threads`: what the loaded model runs on (absent before a model). */
export function isolationNote(threads?: number): string {
  if (!threadsAvailable()) return 'not cross-origin isolated: one thread per worker';
  return threads === undefined ? 'cross-origin isolated: threads possible' : `cross-origin isolated: ${threads} thread${threads === 1 ? '' : 's'}`;
}
