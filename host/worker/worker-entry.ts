// The campjs Web Worker: holds one model and one MD run, answers the requests of protocol.ts, and
// streams frames while it runs. A run is cut into chunks (at most `every` steps, and about
// CHUNK_MS of work) with a yield to the event loop between them, so a 'stop' posted meanwhile
// is seen after the current chunk; its answer is the state where the run stopped. It also
// answers single points, FIRE relaxations, training (fit, stopped by 'stop' after a batch) and
// receipt checks, each in a module of its own here.
// Built as dist/campjs-worker.mjs, which also exports the page-side MdWorkerClient; loaded as
// a module Worker it installs itself.
import { loadModel } from '../api.js';
import type { CampCalculator } from '../calculators/camp-calculator.js';
import { computeAsync } from '../calculator.js';
import { MD } from '../md/md.js';
import { MdError } from '../md/md-error.js';
import type { FitRun } from '../train/fit.js';
import { ownBuffers, type MdFrame, type ModelInfo, type Progress, type Results, type WireAtoms, type WorkerReply, type WorkerRequest } from './protocol.js';
import { HashLog } from './hash-log.js';
import { modelInfo } from './model-card.js';
import { optimize } from './optimize-job.js';
import { runFit } from './fit-job.js';
import { verifyReceipt } from './verify-job.js';

export { MdWorkerClient, type CallOptions } from './md-worker-client.js';
export type { ModelInfo, ModelCard, MdFrame, RunResult, SavedState, ComputeReply, OptResult, OptProgress, FitReply, FitProgress, FitSettingsInput, VerifyProgress, LoadOptions, ReceiptInput } from './protocol.js';

/** The part of a worker's global scope used here (DedicatedWorkerGlobalScope, or a test's stand-in). */
export interface WorkerScope {
  postMessage(message: WorkerReply, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: { data: WorkerRequest }) => void): void;
}

type Post = (reply: WorkerReply, transfer?: Transferable[]) => void;

class MdWorkerState {
  private calculator: CampCalculator | null = null;
  /** What 'load' answered (the card). */
  private info: ModelInfo | null = null;
  private md: MD | null = null;
  /** The receipt's hashes of the run since 'start', when asked for. */
  private hashLog: HashLog | null = null;
  /** The training run in progress ('stop' ends it after its current batch). */
  private fitRun: FitRun | null = null;
  private running = false;
  private stopRequested = false;
  /** Ids of 'stop' requests that the run in progress answers (with its state) when it ends. */
  private stopIds: number[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly post: Post) {}

  /** Requests are answered in order; 'stop' jumps the queue so it can end a run in progress. */
  receive(req: WorkerRequest): void {
    if (req.type === 'stop') {
      this.fitRun?.stop();
      if (this.running) {
        this.stopRequested = true;
        this.stopIds.push(req.id);
      } else {
        void this.handle(req);
      }
      return;
    }
    this.queue = this.queue.then(() => this.handle(req));
  }

  private async handle(req: WorkerRequest): Promise<void> {
    try {
      const value = await this.answer(req);
      this.post({ id: req.id, type: 'result', value: value.value }, value.transfer);
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      this.post({ id: req.id, type: 'error', name: e.name, message: e.message, ...(e instanceof MdError && { details: { failure: e.failure, step: e.step, atoms: e.atoms, distance: e.distance } }) });
    }
  }

  private progress<T extends keyof Progress>(id: number): (p: Progress[T]) => void {
    return (progress) => this.post({ id, type: 'progress', progress });
  }

  private async answer(req: WorkerRequest): Promise<{ value: Results[typeof req.type]; transfer?: Transferable[] }> {
    switch (req.type) {
      case 'stop': // nothing running: the current state, to resume from
        return this.md ? this.save(this.md) : { value: null };
      case 'load': {
        const calc = await loadModel(req.model ? new Uint8Array(req.model) : undefined, { weights: req.weights, file: req.name, activationBudget: req.activationBudget, backend: req.backend,
          radial: req.radial, radialKnots: req.radialKnots, skin: req.skin, precision: req.precision, threads: req.threads });
        (this.calculator as { close?(): void } | null)?.close?.(); // ends its workers, when it had threads
        this.calculator = calc;
        this.info = modelInfo(calc, req.name ?? null, !req.model);
        this.md = null;
        this.hashLog = null;
        return { value: this.info };
      }
      case 'start': {
        const calc = this.needCalculator();
        const md = await MD.create({ atoms: fromWire(req.atoms), calculator: calc, settings: req.settings });
        this.md = md;
        this.hashLog = null;
        if (req.receipt) {
          const card = this.info!.card;
          this.hashLog = new HashLog(req.receipt, {
            path: null, sha256: card.sha256, ...(card.builtin && { builtin: card.builtin }), weights: card.weights, backend: calc.backend,
            ...(calc.radialKnots !== undefined && { radial: 'table' as const, radialKnots: calc.radialKnots }),
          });
          this.hashLog.observe(md);
        }
        return { value: md.thermo() };
      }
      case 'resume':
        this.hashLog = null; // receipts cover runs from 'start' only
        this.md = await MD.resume(new Uint8Array(req.state), this.needCalculator(), { settings: req.settings });
        return { value: this.md.thermo() };
      case 'receipt':
        if (!this.hashLog) throw new Error("md worker: no receipt is being recorded (pass a receipt input to 'start')");
        return { value: this.hashLog.receipt(this.needMd()) };
      case 'compute': {
        const calc = this.needCalculator();
        const r = await computeAsync(calc, fromWire(req.atoms), req.options);
        const value = { energy: r.energy, energies: r.energies.slice(), forces: r.forces?.slice() ?? null, stress: r.stress?.slice() ?? null };
        return { value, transfer: ownBuffers(value.energies, value.forces, value.stress) };
      }
      case 'optimize': {
        const value = await optimize(this.needCalculator(), fromWire(req.atoms), req.options, req.every ?? 10, this.progress<'optimize'>(req.id));
        return { value, transfer: ownBuffers(value.atoms.positions, value.forces) };
      }
      case 'fit':
        try {
          const value = await runFit({ ...req, model: req.fresh ? null : this.needCalculator().model }, this.progress<'fit'>(req.id), (run) => {
            this.fitRun = run;
          });
          return { value, transfer: ownBuffers(value.campjs, value.ckpt) };
        } finally {
          this.fitRun = null;
        }
      case 'verify':
        return { value: await verifyReceipt(this.needCalculator(), req.receipt, req.receiptName, req.input, this.progress<'verify'>(req.id)) };
      case 'run':
        return this.run(req.id, req.steps, req.every ?? req.steps, { velocities: req.velocities ?? false, forces: req.forces ?? false, first: req.first ?? false });
      case 'save':
        return this.save(this.needMd());
    }
  }

  private save(md: MD): { value: Results['save']; transfer: Transferable[] } {
    const state = md.serialize();
    const atoms = { ...md.atoms, numbers: Int32Array.from(md.numbers) };
    return { value: { state, atoms, thermo: md.thermo() }, transfer: ownBuffers(state, atoms.numbers, atoms.positions, atoms.cell, atoms.velocities, atoms.masses) };
  }

  private async run(id: number, steps: number, every: number, want: { velocities: boolean; forces: boolean; first: boolean }): Promise<{ value: Results['run'] }> {
    const md = this.needMd();
    if (!Number.isInteger(steps) || steps < 0) throw new Error(`md worker: steps = ${steps} must be an integer ≥ 0`);
    if (!Number.isInteger(every) || every < 1) throw new Error(`md worker: every = ${every} must be an integer ≥ 1`);
    this.running = true;
    this.stopRequested = false;
    const sendFrame = () => {
      const atoms = md.atoms;
      const frame: MdFrame = { step: md.step, time: md.time, positions: atoms.positions, thermo: md.thermo(), ...(want.velocities ? { velocities: atoms.velocities } : {}),
        ...(want.forces ? { forces: md.forces, energies: md.energies, ...(md.stress && { stress: md.stress }) } : {}) };
      this.post({ id, type: 'frame', frame }, ownBuffers(frame.positions, frame.velocities, frame.forces, frame.energies, frame.stress));
    };
    if (want.first) sendFrame();
    let made = 0;
    let chunk = 1;
    const log = this.hashLog;
    const observe = log ? (m: MD) => log.observe(m) : undefined;
    try {
      while (made < steps && !this.stopRequested) {
        const toFrame = Math.min(every - (made % every), steps - made);
        const t0 = performance.now();
        made += await md.runAsync(Math.min(chunk, toFrame), observe).catch((err: unknown) => {
          if (log && err instanceof MdError) log.failure = { message: err.message, step: err.step };
          throw err;
        });
        const took = performance.now() - t0;
        chunk = Math.max(1, Math.min(every, Math.round(chunk * (took > 0 ? Math.min(4, CHUNK_MS / took) : 4))));
        if (made % every === 0 || made === steps) sendFrame();
        await nextTask(); // lets a 'stop' message in
      }
    } finally {
      this.running = false;
      // Stops are answered before the run's own result, with the state where it stopped.
      for (const stopId of this.stopIds.splice(0)) {
        const saved = this.save(md);
        this.post({ id: stopId, type: 'result', value: saved.value }, saved.transfer);
      }
    }
    return { value: { steps: made, stopped: made < steps, thermo: md.thermo() } };
  }

  private needCalculator(): CampCalculator {
    if (!this.calculator) throw new Error("md worker: no model loaded (send 'load' first)");
    return this.calculator;
  }

  private needMd(): MD {
    if (!this.md) throw new Error("md worker: no structure (send 'start' or 'resume' first)");
    return this.md;
  }
}

/** Work between two looks at the message queue, ms: a stop waits at most about this long. */
const CHUNK_MS = 50;

function fromWire(a: WireAtoms) {
  return { ...a, pbc: [a.pbc[0], a.pbc[1], a.pbc[2]] as const };
}

/** Resolves after pending messages have been dispatched (a macrotask, unlike a microtask). */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Serves protocol.ts requests on a worker scope. */
export function installMdWorker(scope: WorkerScope): void {
  const state = new MdWorkerState((reply, transfer = []) => scope.postMessage(reply, transfer));
  scope.addEventListener('message', (event) => state.receive(event.data));
}

// Loaded as a dedicated Worker (the page's `new Worker(url, { type: 'module' })`): serve.
const g = globalThis as { DedicatedWorkerGlobalScope?: abstract new () => unknown };
if (typeof g.DedicatedWorkerGlobalScope === 'function' && globalThis instanceof g.DedicatedWorkerGlobalScope) {
  installMdWorker(globalThis as unknown as WorkerScope);
}
