// Whether this runtime can run the threaded core: shared memory (SharedArrayBuffer; in a browser
// only on a cross-origin-isolated page) and a way to start workers. When it cannot, a threaded
// request runs on one thread and this says why, for the caller to show.

/** Most threads a model may ask for (a worker each beyond the first). */
export const MAX_THREADS = 256;

/** The `threads` option checked: an integer from 1 to MAX_THREADS (undefined: 1). */
export function threadCount(threads: unknown, name = 'threads'): number {
  if (threads === undefined) return 1;
  if (typeof threads !== 'number' || !Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS) {
    throw new Error(`${name} must be an integer from 1 to ${MAX_THREADS}, got ${typeof threads === 'string' ? `'${threads}'` : String(threads)}`);
  }
  return threads;
}

/** Why threads cannot run here, or null when they can. */
export function threadsUnavailable(): string | null {
  const g = globalThis as { crossOriginIsolated?: boolean; Worker?: unknown; process?: { versions?: { node?: string } } };
  if (g.crossOriginIsolated === false) {
    return 'this page is not cross-origin isolated (serve it with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp to use threads)';
  }
  if (typeof SharedArrayBuffer === 'undefined') return 'this runtime has no SharedArrayBuffer (Wasm threads need shared memory)';
  if (typeof g.Worker !== 'function' && !g.process?.versions?.node) return 'this runtime cannot start workers';
  return null;
}

/** Whether this thread may block in Atomics.wait (a browser's main thread may not: it spins instead). */
export function canBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}
