// The page side of the MD worker: a promise API over protocol.ts. The model is read here
// (bytes, Response, URL relative to the page) and moved to the worker; frames arrive through
// the `onFrame` callback while `run` is pending.
import type { Atoms } from '../atoms.js';
import type { Thermo } from '../md/md.js';
import type { MdSettings } from '../md/settings.js';
import type { BackendChoice } from '../backends/backend.js';
import { readSource, type Source } from '../load-source.js';
import { DEFAULT_MODEL_FILE, isDefaultModel } from '../model/default-model.js';
import { toWireAtoms, ownBuffers, type MdFrame, type Results, type SavedState, type WorkerReply, type WorkerRequest } from './protocol.js';

export interface RunOptions {
  /** A frame after every this many steps (default: only after the last). */
  readonly every?: number;
  /** Include velocities in frames (default false). */
  readonly velocities?: boolean;
  readonly onFrame?: (frame: MdFrame) => void;
}

type Pending = { resolve(v: unknown): void; reject(e: Error): void; onFrame?: (f: MdFrame) => void };
type Body<T extends WorkerRequest['type']> = Omit<Extract<WorkerRequest, { type: T }>, 'id' | 'type'>;
/** A request's body and the buffers to move with it (possibly still being prepared, e.g. fetched). */
type Message<T extends WorkerRequest['type']> = { body: Body<T>; transfer?: Transferable[] };

export class MdWorkerClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private failure: Error | null = null;
  /** Posting is chained so requests reach the worker in call order even when one is prepared asynchronously. */
  private outbox: Promise<void> = Promise.resolve();

  /** Starts the worker script (default: dist/campjs-worker.mjs next to this module). */
  static spawn(url: string | URL = new URL('./campjs-worker.mjs', import.meta.url)): MdWorkerClient {
    return new MdWorkerClient(new Worker(url, { type: 'module' }));
  }

  constructor(readonly worker: Worker) {
    worker.addEventListener('message', (e: MessageEvent<WorkerReply>) => this.dispatch(e.data));
    // A script that fails to load or throws at top level: every pending and later call fails.
    worker.addEventListener('error', (e: ErrorEvent) => {
      e.preventDefault();
      this.fail(new Error(`md worker failed: ${e.message || 'the worker script could not be loaded'}`));
    });
  }

  /** `source` omitted or 'default': the built-in model, which the worker holds itself (nothing is sent). */
  loadModel(source?: Source, options: { weights?: 'ema' | 'raw'; activationBudget?: number; backend?: BackendChoice; radial?: 'exact' | 'table'; radialKnots?: number; threads?: number } = {}) {
    const settings = { weights: options.weights, activationBudget: options.activationBudget, backend: options.backend, radial: options.radial, radialKnots: options.radialKnots, threads: options.threads };
    if (isDefaultModel(source)) return this.call('load', { body: { name: DEFAULT_MODEL_FILE, ...settings } });
    return this.call('load', readSource(source).then(({ bytes, name }) => {
      const model = bytes.slice().buffer; // a copy: the caller's bytes are not detached
      return { body: { model, name, ...settings }, transfer: [model] };
    }));
  }

  /** Sets the structure and starts a run (velocities from settings.temperature or atoms.velocities). */
  start(atoms: Atoms, settings: Partial<MdSettings> = {}): Promise<Thermo> {
    const wire = toWireAtoms(atoms);
    return this.call('start', { body: { atoms: wire, settings }, transfer: ownBuffers(wire.numbers, wire.positions, wire.cell, wire.velocities, wire.masses) });
  }

  /** Continues a run from `save()`'s or `stop()`'s state (or MD.serialize bytes from any runtime), optionally with changed settings. */
  resume(state: Uint8Array, settings?: Partial<MdSettings>): Promise<Thermo> {
    const copy = state.slice().buffer;
    return this.call('resume', { body: { state: copy, ...(settings && { settings }) }, transfer: [copy] });
  }

  run(steps: number, options: RunOptions = {}) {
    return this.call('run', { body: { steps, every: options.every, velocities: options.velocities } }, options.onFrame);
  }

  /** Ends a pending run after its current chunk; that run resolves with stopped: true, and this with the state then (to resume from). */
  stop(): Promise<SavedState | null> {
    return this.call('stop', { body: {} });
  }

  save() {
    return this.call('save', { body: {} });
  }

  terminate(): void {
    this.worker.terminate();
    this.fail(new Error('md worker terminated'));
  }

  private call<T extends WorkerRequest['type']>(type: T, message: Message<T> | Promise<Message<T>>, onFrame?: (f: MdFrame) => void): Promise<Results[T]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<Results[T]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onFrame });
      this.outbox = this.outbox.then(() => message).then(
        ({ body, transfer = [] }) => {
          if (this.pending.has(id)) this.worker.postMessage({ id, type, ...body }, transfer);
        },
        (err: unknown) => {
          this.pending.delete(id);
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });
  }

  private dispatch(reply: WorkerReply): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    if (reply.type === 'frame') {
      p.onFrame?.(reply.frame);
      return;
    }
    this.pending.delete(reply.id);
    if (reply.type === 'result') p.resolve(reply.value);
    else p.reject(Object.assign(new Error(reply.message), { name: reply.name }));
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}
