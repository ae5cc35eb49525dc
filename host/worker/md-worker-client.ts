// The page side of the campjs worker: a promise API over protocol.ts. The model is read here
// (bytes, Response, URL relative to the page) and moved to the worker; frames arrive through
// the `onFrame` callback while `run` is pending, progress of optimize/fit/verify through
// `onProgress`. A failed request rejects with an Error whose name is the worker's (MdError,
// FitDataError, FitFailedError, StructureFormatError…) and, for MdError, `details`.
import type { Atoms } from '../atoms.js';
import type { Thermo } from '../md/md.js';
import type { MdSettings } from '../md/settings.js';
import type { ComputeOptions } from '../calculator.js';
import type { FireOptions } from '../backends/wasm/fire.js';
import { readSource, type Source } from '../load-source.js';
import { DEFAULT_MODEL_FILE, isDefaultModel } from '../model/default-model.js';
import { toWireAtoms, ownBuffers, type FitSettingsInput, type LoadOptions, type MdFrame, type Progress, type ReceiptInput, type Results, type SavedState, type WireFile,
  type WorkerReply, type WorkerRequest } from './protocol.js';
import type { Precision } from '../calculator.js';

export interface RunOptions {
  /** A frame after every this many steps (default: only after the last). */
  readonly every?: number;
  /** Include velocities in frames (default false). */
  readonly velocities?: boolean;
  /** Include forces, per-atom energies and stress in frames (default false). */
  readonly forces?: boolean;
  /** Also a frame of the state before the first step (e.g. step 0 of a trajectory). */
  readonly first?: boolean;
  readonly onFrame?: (frame: MdFrame) => void;
}

/** Progress callback of a long request (optimize, fit, verify). */
export interface CallOptions<T extends keyof Progress> {
  readonly onProgress?: (p: Progress[T]) => void;
}

/** A file for the worker: bytes (copied, never detached) and its name (the extension picks the reader). */
export interface FileInput {
  readonly bytes: Uint8Array | ArrayBuffer;
  readonly name: string;
}

export interface FitRequest extends CallOptions<'fit'> {
  /** Labelled structures (extended XYZ with energy and forces, or CAMP JSON). */
  readonly train: FileInput;
  /** Validation structures; absent: `validFraction` of train (default 0.1), drawn from the seed. */
  readonly valid?: FileInput;
  readonly validFraction?: number;
  readonly settings?: FitSettingsInput;
  /** Train a fresh model from the data instead of fine-tuning the loaded one. */
  readonly fresh?: boolean;
  readonly precision?: Precision;
}

type Pending = { resolve(v: unknown): void; reject(e: Error): void; onFrame?: (f: MdFrame) => void; onProgress?: (p: never) => void };
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

  /** `source` omitted or 'default': the built-in model, which the worker holds itself (nothing is sent). Answers the model's card. */
  loadModel(source?: Source, options: LoadOptions = {}) {
    const settings: LoadOptions = { weights: options.weights, activationBudget: options.activationBudget, backend: options.backend, radial: options.radial, radialKnots: options.radialKnots,
      skin: options.skin, precision: options.precision, threads: options.threads };
    if (isDefaultModel(source)) return this.call('load', { body: { name: DEFAULT_MODEL_FILE, ...settings } });
    return this.call('load', readSource(source).then(({ bytes, name }) => {
      const model = bytes.slice().buffer; // a copy: the caller's bytes are not detached
      return { body: { model, name, ...settings }, transfer: [model] };
    }));
  }

  /**
   * Sets the structure and starts a run (velocities from settings.temperature or atoms.velocities).
   * With `receipt` (the input file's name, sha256 and frame), state hashes are recorded for `receipt()`.
   */
  start(atoms: Atoms, settings: Partial<MdSettings> = {}, options: { receipt?: ReceiptInput } = {}): Promise<Thermo> {
    const wire = toWireAtoms(atoms);
    return this.call('start', { body: { atoms: wire, settings, ...(options.receipt && { receipt: options.receipt }) }, transfer: wireBuffers(wire) });
  }

  /** The reproducibility receipt of the run since `start` (as `campjs md --receipt` writes; check it with `campjs verify`). */
  receipt() {
    return this.call('receipt', { body: {} });
  }

  /** Energy (eV), per-atom energies, forces (eV/Å) and stress (eV/Å³, Voigt) off the main thread. */
  compute(atoms: Atoms, options: ComputeOptions = {}) {
    const wire = toWireAtoms(atoms);
    return this.call('compute', { body: { atoms: wire, options }, transfer: wireBuffers(wire) });
  }

  /** FIRE relaxation until the largest force ≤ fmax (eV/Å) or maxSteps; progress (step, energy eV, fmax eV/Å) every `every` steps (default 10). */
  optimize(atoms: Atoms, options: FireOptions = {}, call: CallOptions<'optimize'> & { every?: number } = {}) {
    const wire = toWireAtoms(atoms);
    return this.call('optimize', { body: { atoms: wire, options, every: call.every }, transfer: wireBuffers(wire) }, undefined, call.onProgress);
  }

  /** Trains (fine-tunes the loaded model, or a fresh one) with fit(); progress after every epoch; stop() ends it after the batch in progress. */
  fit(request: FitRequest) {
    const train = wireFile(request.train);
    const valid = request.valid && wireFile(request.valid);
    const body = { train, ...(valid && { valid }), validFraction: request.validFraction, settings: request.settings, fresh: request.fresh, precision: request.precision };
    return this.call('fit', { body, transfer: [train.bytes, ...(valid ? [valid.bytes] : [])] }, undefined, request.onProgress);
  }

  /** Replays a receipt (its JSON text) from its input file with the loaded model, as `campjs verify`: `identical`, or the first differing step. */
  verify(receipt: string, input: FileInput, options: CallOptions<'verify'> & { receiptName?: string } = {}) {
    const file = wireFile(input);
    return this.call('verify', { body: { receipt, receiptName: options.receiptName ?? 'receipt', input: file }, transfer: [file.bytes] }, undefined, options.onProgress);
  }

  /** Continues a run from `save()`'s or `stop()`'s state (or MD.serialize bytes from any runtime), optionally with changed settings. */
  resume(state: Uint8Array, settings?: Partial<MdSettings>): Promise<Thermo> {
    const copy = state.slice().buffer;
    return this.call('resume', { body: { state: copy, ...(settings && { settings }) }, transfer: [copy] });
  }

  run(steps: number, options: RunOptions = {}) {
    return this.call('run', { body: { steps, every: options.every, velocities: options.velocities, forces: options.forces, first: options.first } }, options.onFrame);
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

  private call<T extends WorkerRequest['type']>(type: T, message: Message<T> | Promise<Message<T>>, onFrame?: (f: MdFrame) => void,
    onProgress?: (p: never) => void): Promise<Results[T]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<Results[T]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onFrame, onProgress });
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
    if (reply.type === 'progress') {
      p.onProgress?.(reply.progress as never);
      return;
    }
    this.pending.delete(reply.id);
    if (reply.type === 'result') p.resolve(reply.value);
    else p.reject(Object.assign(new Error(reply.message), { name: reply.name }, reply.details && { details: reply.details }));
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}

function wireBuffers(wire: ReturnType<typeof toWireAtoms>): ArrayBuffer[] {
  return ownBuffers(wire.numbers, wire.positions, wire.cell, wire.velocities, wire.masses);
}

/** A copy of the file's bytes in a buffer of its own (moved to the worker). */
function wireFile(f: FileInput): WireFile {
  const bytes = f.bytes instanceof ArrayBuffer ? f.bytes.slice(0) : f.bytes.slice().buffer as ArrayBuffer;
  return { bytes, name: f.name };
}
