// A threaded Wasm device's core and workers: the threaded build (build/campjs-threads.wasm,
// embedded, decoded only here) on one shared memory, instantiated on this thread for everything
// the device does and on n - 1 workers that join each model evaluation. Evaluations cut the
// call by index inside the core (assembly/threads/), so results are the single thread's bits.
import { decodeBase64 } from '../../util/base64.js';
import type { CoreExports, ThreadExports } from '../../generated/core-exports.js';
import type { CoreInstance } from '../wasm/wasm.js';
import type { Workspace } from '../wasm/workspace.js';
import type { Precision } from '../../calculator.js';
import { startWorkers } from './worker-pool.js';
import { canBlock } from './support.js';

let compiled: Promise<WebAssembly.Module> | undefined;

/** Compiled once per process; the embedded bytes are decoded only when threads are asked for. */
function threadedModule(): Promise<WebAssembly.Module> {
  compiled ??= import('../../generated/wasm-threads-binary.js').then(({ wasmThreadsBase64 }) => WebAssembly.compile(decodeBase64(wasmThreadsBase64) as BufferSource));
  return compiled;
}

/** wasm32's whole range: shared memory must declare its maximum up front (address space only). */
const MAX_PAGES = 65536;

export type ThreadedCore = CoreInstance & { readonly exports: CoreExports & ThreadExports };

/** The threaded core on a fresh shared memory, for this thread. */
export async function instantiateThreadedCore(): Promise<ThreadedCore> {
  const memory = new WebAssembly.Memory({ initial: 2, maximum: MAX_PAGES, shared: true });
  const instance = await WebAssembly.instantiate(await threadedModule(), { env: { memory } });
  return { exports: instance.exports as unknown as CoreExports & ThreadExports, memory };
}

export class ThreadPool {
  private workers: { terminate(): unknown }[] = [];
  private readonly canWait = canBlock() ? 1 : 0;

  private constructor(readonly threads: number, private readonly core: ThreadedCore, private readonly ctl: number) {}

  /** Starts threads - 1 workers on `ws`'s memory (its core must be the threaded one). */
  static async start(ws: Workspace, core: ThreadedCore, threads: number): Promise<ThreadPool> {
    const words = core.exports.threadsControlWords();
    ws.i32('threads.ctl', words).fill(0);
    const ctl = ws.ptr('threads.ctl');
    const pool = new ThreadPool(threads, core, ctl);
    pool.workers = await startWorkers(threads - 1, { module: await threadedModule(), memory: core.memory, ctl });
    return pool;
  }

  /** Bytes of the worker shares a model with this plan needs. */
  sharesBytes(plan: number): number {
    return (this.threads - 1) * this.core.exports.threadsShareBytes(plan);
  }

  /** The evaluation of a laid-out context on every thread; returns the total energy (eV). */
  evaluate(precision: Precision, plan: number, weights: number, ctx: number, shares: number): number {
    const x = this.core.exports;
    return precision === 'f64'
      ? x.threadsEvaluateF64(this.ctl, plan, weights, ctx, shares, this.threads, this.canWait)
      : x.threadsEvaluateF32(this.ctl, plan, weights, ctx, shares, this.threads, this.canWait);
  }

  /** Sends the workers home and ends them. */
  close(): void {
    if (this.workers.length === 0) return;
    this.core.exports.threadsStop(this.ctl, this.threads);
    for (const w of this.workers) w.terminate();
    this.workers = [];
  }
}
