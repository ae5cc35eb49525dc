// What the page can use: WebGPU (navigator.gpu) and threads (a cross-origin-isolated page may
// share Wasm memory between workers). The app needs neither; it says what it found, and
// `threadsAvailable()` is the hook a threaded build (issue 14) will ask.

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

export function isolationNote(): string {
  return threadsAvailable()
    ? 'cross-origin isolated: threads possible'
    : 'not cross-origin isolated: one thread per worker';
}
