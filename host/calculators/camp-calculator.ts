// The CAMP potential as a Calculator: a backend's neighbour list (with an optional Verlet skin
// for MD) and model evaluator on one device, whose buffers are reused across calls; which
// backend is the `backend` option's choice (select.ts). Input checks live here so every entry
// point (API, CLI, MD) and every backend reports bad structures alike.
import type { Atoms } from '../atoms.js';
import { normalizeAtoms, type AtomsInput } from '../atoms-input.js';
import type { Calculator, ComputeOptions, ComputeResult, Precision, RunForceCall } from '../calculator.js';
import type { BackendChoice, Device, EvaluateResult, MaybePromise, ModelEvaluator, NeighborSearch, RunState } from '../backends/backend.js';
import { selectBackend } from '../backends/select.js';
import { typeIndices, type CampModel } from '../model/camp-model.js';
import type { RadialMode } from '../model/radial-table.js';
import { assertNoOverlap } from '../neighbors/overlap.js';
import { cellVolume, isFullyPeriodic } from '../geometry.js';

export interface CampCalculatorOptions {
  /** Verlet skin for neighbour-list reuse between calls, Å (default 0: search every call). */
  readonly skin?: number;
  /** Default arithmetic (default 'f64'). */
  readonly precision?: Precision;
  /** Cap on the number of edges (memory bound), see NeighborList. */
  readonly maxEdges?: number;
  /**
   * Bytes each of the reverse pass's optional stores may take (radial-MLP activations;
   * mixed-type edge adjoints): speed for memory, same results. Default 160 MiB; 0 keeps
   * neither (least memory, e.g. for a 128 MB edge worker running a large system).
   */
  readonly activationBudget?: number;
  /** Where it runs: 'wasm', 'webgpu' or 'auto' (default: webgpu on a hardware adapter, else wasm). */
  readonly backend?: BackendChoice;
  /**
   * 'exact' (default) runs the radial MLPs; 'table' tabulates them at load time as quintic
   * Hermite splines (f64 forces within 1e-7 eV/Å of exact for the shared models) and looks them up.
   */
  readonly radial?: RadialMode;
  /** Knots per f64 radial table in 'table' mode (default 3072, uniform from 0 to r_cut; f32 tables a third as many). */
  readonly radialKnots?: number;
  /**
   * Threads a model evaluation runs on (default 1): the same bits for any count. Where the
   * runtime has no shared memory (a page that is not cross-origin isolated) it runs on one and
   * `warnings` says why.
   */
  readonly threads?: number;
}

export class CampCalculator implements Calculator {
  readonly cutoff: number;
  readonly atomicNumbers: readonly number[];
  readonly precision: Precision;
  /** The backend it runs on ('wasm'), and why that one (for 'auto'). */
  readonly backend: string;
  readonly backendReason: string;
  /** How the radial MLPs are evaluated (recorded in receipts, and in MD states through `evaluation`). */
  get radial(): RadialMode {
    return this.evaluator.radial ?? 'exact';
  }
  /** Knots per radial table in 'table' mode; undefined in 'exact' mode. */
  get radialKnots(): number | undefined {
    return this.evaluator.table?.knots;
  }
  /** Backend and radial mode: what besides the model and precision decides the bits (Calculator.evaluation). */
  get evaluation(): string {
    const knots = this.radialKnots;
    return `${this.backend}, radial ${this.radial}${knots !== undefined ? ` (${knots} knots)` : ''}`;
  }
  /** Bytes of the radial tables (0 in 'exact' mode). */
  get radialTableBytes(): number {
    return this.evaluator.table?.bytes ?? 0;
  }
  /** sha256 of the model's source bytes (set by loadModel), recorded in MD states. */
  modelSha256?: string;
  private constructor(
    readonly model: CampModel,
    readonly device: Device,
    private readonly nl: NeighborSearch,
    private readonly evaluator: ModelEvaluator,
    precision: Precision,
    backendReason: string,
  ) {
    this.cutoff = model.hparams.rCut;
    this.atomicNumbers = model.hparams.atomicNumbers;
    this.precision = precision;
    this.backend = device.backend;
    this.backendReason = backendReason;
  }

  static async create(model: CampModel, options: CampCalculatorOptions = {}): Promise<CampCalculator> {
    const { backend, reason } = selectBackend(options.backend);
    const device = await backend.open(options.threads === undefined ? {} : { threads: options.threads });
    // 'auto' knows why only once it has looked for a GPU.
    return CampCalculator.onDevice(device, model, options, (backend as { reason?: string }).reason ?? reason);
  }

  /** Threads its evaluations run on. */
  get threads(): number {
    return this.device.threads ?? 1;
  }

  /** What the caller should be told about how it runs (threads asked for but unavailable). */
  get warnings(): readonly string[] {
    return this.device.warnings ?? [];
  }

  /** Ends the device's workers (threads > 1); the calculator must not be used after. */
  close(): void {
    this.device.close?.();
  }

  /** A calculator on a device already open (tests give test-only backends this way). */
  static onDevice(device: Device, model: CampModel, options: CampCalculatorOptions = {}, reason = 'given'): CampCalculator {
    const evaluator = device.createEvaluator(model, { activationBudget: options.activationBudget, radial: options.radial, radialKnots: options.radialKnots });
    const nl = device.createNeighborList({ cutoff: model.hparams.rCut, skin: options.skin ?? 0, maxEdges: options.maxEdges });
    return new CampCalculator(model, device, nl, evaluator, options.precision ?? device.defaultPrecision ?? 'f64', reason);
  }

  /** The backend answers asynchronously: compute() refuses, computeAsync() works. */
  get asynchronous(): boolean {
    return this.device.asynchronous === true;
  }

  /** Bytes of device memory in use (weights, neighbour list, activations). */
  get memoryBytes(): number {
    return this.device.memoryBytes;
  }

  /** Neighbour-list searches so far (with a skin, fewer than calls). */
  get neighborSearches(): number {
    return this.nl.rebuildCount;
  }

  compute(input: Atoms | AtomsInput, options: ComputeOptions = {}): ComputeResult {
    const r = this.evaluate(normalizeAtoms(input), options);
    if (r instanceof Promise) {
      r.catch(() => {}); // the error is thrown here instead
      throw new Error(`the ${this.backend} backend answers asynchronously: use computeAsync (or MD.runAsync)`);
    }
    return r;
  }

  async computeAsync(input: Atoms | AtomsInput, options: ComputeOptions = {}): Promise<ComputeResult> {
    return this.evaluate(normalizeAtoms(input), options);
  }

  /** A run state on this calculator's device with the in-place force call (null when the device keeps none). */
  createRunForces(n: number, chainLength: number): RunForceCall | null {
    const state = this.device.createRunState?.(n, chainLength);
    return state ? { state, compute: (atoms, options) => this.evaluate(atoms, options, state) } : null;
  }

  /** With `state`, positions are read from the run's state and forces written there. */
  private evaluate(atoms: Atoms, options: ComputeOptions, state?: RunState): MaybePromise<ComputeResult> {
    const n = atoms.numbers.length;
    if (atoms.positions.length !== 3 * n) {
      throw new Error(`structure: ${n} atomic numbers but ${atoms.positions.length / 3} positions`);
    }
    const types = typeIndices(this.model.hparams, atoms.numbers);
    const periodic = isFullyPeriodic(atoms);
    // Stress is defined for fully periodic cells only; elsewhere it is null, as documented.
    const wantStress = (options.stress ?? true) && periodic;
    const precision = options.precision ?? this.precision;
    const edges = this.nl.update(atoms, state);
    assertNoOverlap(this.nl);
    const cell = atoms.cell;
    const finish = (r: EvaluateResult): ComputeResult => {
      let stress: Float64Array | null = null;
      if (wantStress && r.virial) {
        const v = r.virial, vol = cellVolume(cell!);
        stress = new Float64Array([v[0] / vol, v[4] / vol, v[8] / vol, v[5] / vol, v[2] / vol, v[1] / vol]);
      }
      assertFinite(r.energy, r.forces);
      return { energy: r.energy, energies: r.energies, forces: r.forces, stress, edges: edges.count };
    };
    const r = this.evaluator.evaluate(n, types, edges, { precision, forces: options.forces ?? true, virial: wantStress }, state);
    return r instanceof Promise ? r.then(finish) : finish(r);
  }
}

function assertFinite(energy: number, forces?: Float64Array): void {
  if (!Number.isFinite(energy)) throw new Error(`model produced a non-finite energy (${energy})`);
  if (forces) for (let k = 0; k < forces.length; k++) {
    if (!Number.isFinite(forces[k])) throw new Error(`model produced a non-finite force on atom ${Math.floor(k / 3)}`);
  }
}
