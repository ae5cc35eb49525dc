// A threaded Wasm device's core and workers: the threaded build (build/campjs-threads.wasm,
// embedded, decoded only here) on one shared memory, instantiated on this thread for everything
// the device does and on n - 1 workers that join each model evaluation. Evaluations cut the
// call by index inside the core (assembly/threads/), so results are the single thread's bits.
import { decodeBase64 } from '../../util/base64.js';
import type { CoreExports, ThreadExports } from '../../generated/core-exports.js';
import type { CoreInstance } from '../wasm/wasm.js';
import type { Workspace } from '../wasm/workspace.js';
import type { Precision } from '../../calculator.js';
import { startWorkers, type PoolWorker } from './worker-pool.js';
import { T } from '../../generated/layouts.js';
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
  private workers: PoolWorker[] = [];
  private diedNow: (tid: number) => void = () => {};
  /** Resolves with the tid of the first worker that stopped while the pool was open. */
  readonly died = new Promise<number>((resolve) => (this.diedNow = resolve));
  private readonly canWait = canBlock() ? 1 : 0;

  private constructor(readonly threads: number, private readonly core: ThreadedCore, private readonly ctl: number) {}

  /** Starts threads - 1 workers on `ws`'s memory (its core must be the threaded one). */
  static async start(ws: Workspace, core: ThreadedCore, threads: number): Promise<ThreadPool> {
    ws.i32('threads.ctl', T.WORDS).fill(0);
    const ctl = ws.ptr('threads.ctl');
    const pool = new ThreadPool(threads, core, ctl);
    pool.workers = await startWorkers(threads - 1, { module: await threadedModule(), memory: core.memory, ctl, failedWord: T.FAILED, genWord: T.GEN },
      (tid) => pool.fail(tid));
    return pool;
  }

  private word(k: number): Int32Array {
    return new Int32Array(this.core.memory.buffer, this.ctl + 4 * k, 1);
  }

  /** Worker `tid` is gone: whoever waits at a barrier is released, and calls fail from now on. */
  private fail(tid: number): void {
    if (this.workers.length === 0) return; // closed on purpose
    this.diedNow(tid);
    Atomics.store(this.word(T.FAILED), 0, tid);
    Atomics.add(this.word(T.GEN), 0, 1);
    Atomics.notify(this.word(T.GEN), 0);
  }

  private assertAlive(): void {
    const tid = Atomics.load(this.word(T.FAILED), 0);
    if (tid !== 0) throw new Error(`threads: worker ${tid} of ${this.threads - 1} stopped (it failed or was ended); this model cannot evaluate on threads any more: load it again, or with threads 1`);
  }

  /** Bytes of the worker shares a model with this plan needs. */
  sharesBytes(plan: number): number {
    return (this.threads - 1) * this.core.exports.threadsShareBytes(plan);
  }

  /** The evaluation of a laid-out context on every thread; returns the total energy (eV). */
  evaluate(precision: Precision, plan: number, weights: number, ctx: number, shares: number): number {
    this.assertAlive();
    const x = this.core.exports;
    const energy = precision === 'f64'
      ? x.threadsEvaluateF64(this.ctl, plan, weights, ctx, shares, this.threads, this.canWait)
      : x.threadsEvaluateF32(this.ctl, plan, weights, ctx, shares, this.threads, this.canWait);
    this.assertAlive(); // a worker that died mid-call left its share undone
    return energy;
  }

  /** Sends the workers home and ends them. */
  close(): void {
    if (this.workers.length === 0) return;
    const workers = this.workers;
    this.workers = [];
    this.core.exports.threadsStop(this.ctl, this.threads);
    for (const w of workers) w.terminate();
  }

  /** For tests: ends worker 1 as a crash would; resolves once the pool has seen it. */
  killWorkerForTest(): Promise<number> {
    this.workers[0]!.terminate();
    return this.died;
  }
}
