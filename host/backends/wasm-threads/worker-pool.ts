// The workers of a threaded device: each instantiates the threaded core on the device's shared
// memory and sits in threadsWorker(ctl, tid) until stopped. Node and Deno start them with
// worker_threads; Bun and browsers with Web Workers (a module from a Blob). They are
// unreferenced where the runtime allows, so a finished program exits without closing them.

/** What a worker runs: instantiate, say ready, then live inside the core. */
const WORKER_BODY = `
const start = ({ module, memory, ctl, tid, failedWord, genWord }, post) => {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  post('ready');
  try {
    instance.exports.threadsWorker(ctl, tid);
  } catch (e) {
    // Release the other threads from their barrier; the call in progress then fails.
    const w = new Int32Array(memory.buffer);
    Atomics.store(w, (ctl >> 2) + failedWord, tid);
    Atomics.add(w, (ctl >> 2) + genWord, 1);
    Atomics.notify(w, (ctl >> 2) + genWord);
    throw e;
  }
};`;

const WEB_WORKER = `${WORKER_BODY}
self.onmessage = (e) => start(e.data, (m) => self.postMessage(m));`;

const NODE_WORKER = `${WORKER_BODY}
const { workerData, parentPort } = require('node:worker_threads');
start(workerData, (m) => parentPort.postMessage(m));`;

export interface PoolWorker {
  terminate(): unknown;
  unref?(): void;
}

type NodeWorkerThreads = typeof import('node:worker_threads');

/** node:worker_threads, imported under a computed name so bundlers leave it alone (as load-source.ts does). */
function importWorkerThreads(): Promise<NodeWorkerThreads> {
  const name = ['node', 'worker_threads'].join(':');
  return import(/* webpackIgnore: true */ /* @vite-ignore */ name) as Promise<NodeWorkerThreads>;
}

export interface WorkerStart {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  /** Byte offset of the control block, and its words a dying worker raises (T_FAILED) and bumps (T_GEN). */
  readonly ctl: number;
  readonly failedWord: number;
  readonly genWord: number;
}

/**
 * Starts workers 1..count and resolves once each has its instance (or rejects naming the
 * failure); `died(tid)` is called when a ready worker ends or fails (terminate() included).
 */
export async function startWorkers(count: number, start: WorkerStart, died: (tid: number) => void): Promise<PoolWorker[]> {
  const workers: PoolWorker[] = [];
  const ready: Promise<void>[] = [];
  // Deno's Web Workers would keep a finished program alive; its worker_threads can be unreferenced.
  const g = globalThis as { Worker?: new (url: string, options?: { type?: string }) => Worker; Deno?: unknown };
  const WebWorker = g.Deno === undefined ? g.Worker : undefined;
  const nodeThreads = WebWorker ? null : await importWorkerThreads();
  const url = WebWorker ? URL.createObjectURL(new Blob([WEB_WORKER], { type: 'text/javascript' })) : '';
  try {
    for (let tid = 1; tid <= count; tid++) {
      const data = { ...start, tid };
      if (WebWorker) {
        const w = new WebWorker(url, { type: 'module' });
        ready.push(new Promise((resolve, reject) => {
          w.onmessage = () => {
            w.onerror = () => died(tid);
            resolve();
          };
          w.onerror = (e) => reject(new Error(`threads: worker ${tid} failed to start: ${e.message}`));
        }));
        w.postMessage(data);
        workers.push(w);
      } else {
        const w = new nodeThreads!.Worker(NODE_WORKER, { eval: true, workerData: data });
        ready.push(new Promise((resolve, reject) => {
          w.once('message', () => {
            w.once('exit', () => died(tid));
            resolve();
          });
          w.once('error', (e: Error) => reject(new Error(`threads: worker ${tid} failed to start: ${e.message}`)));
        }));
        workers.push(w);
      }
    }
    await Promise.all(ready);
    // Referenced until ready (a pending start keeps the program waiting for it), not after.
    for (const w of workers) (w as { unref?: () => void }).unref?.();
  } catch (e) {
    for (const w of workers) w.terminate();
    throw e;
  } finally {
    if (url) URL.revokeObjectURL(url);
  }
  return workers;
}
