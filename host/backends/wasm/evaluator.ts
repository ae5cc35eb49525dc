// Evaluates a CAMP model in the Wasm core: weights packed once (f64 and f32 copies) at
// construction, buffers reused across calls through the workspace (nothing is reallocated
// while sizes do not grow). Edges come as an EdgeSet of CSR arrays already in Wasm memory (the
// neighbour list's buffers): rowStart, j, vec (f64 r_ij = x_j - x_i + S·cell) and rev (reverse
// edge). With an MD run's state (md-memory.ts, same memory) forces go straight into its buffer.
import type { Workspace } from './workspace.js';
import type { ModelExports } from './exports.js';
import type { CampModel } from '../../model/camp-model.js';
import { packModel } from '../../model/pack.js';
import { C, KEEP, PLAN, PLAN_MESSAGES } from '../../generated/layouts.js';
import { statusText } from './status.js';
import type { Precision } from '../../calculator.js';
import type { EdgeSet, EvaluateResult, ModelEvaluator, EvaluateOptions as BackendEvaluateOptions, RunState } from '../backend.js';
import { edgePointers } from './edge-list.js';
import { runMemory } from './md-memory.js';
import { buildRadialTable, radialKnots, radialMode, type RadialMode, type RadialTable } from '../../model/radial-table.js';
import type { ThreadPool } from '../wasm-threads/thread-pool.js';

/** Over-allocation of the work region (activations), as a fraction of its first size. */
const WORK_SLACK = 1 / 16;

export type { Precision, EvaluateResult };

/**
 * What the reverse pass keeps instead of recomputing: the radial MLPs' activations from the
 * forward pass, and the adjoints of mixed-type edges (which spare the gather through those
 * edges the radial MLPs of the swapped type pair). 'auto' keeps each when it fits the
 * evaluator's budget; 'store' keeps both, 'adjoints' only the adjoints, 'recompute' neither.
 * Every choice gives the same bits; they differ in speed and memory only.
 */
export type ActivationMode = 'auto' | 'store' | 'adjoints' | 'recompute';

const MODES: readonly ActivationMode[] = ['auto', 'store', 'adjoints', 'recompute'];

export interface EvaluateOptions extends BackendEvaluateOptions {
  /** Default 'auto'. */
  readonly activations?: ActivationMode;
}

export interface EvaluatorOptions {
  /**
   * Largest activation store, and largest mixed-edge adjoint store, bytes, that 'auto' keeps
   * (each; default 160 MiB: water-64's activations in f64 take ~120 MiB, so its MD keeps full
   * speed at ~215 MB peak RSS; beyond it the reverse pass recomputes, same bits, ~1.5× slower,
   * so large systems fit a browser tab and wasm32).
   */
  readonly activationBudget?: number;
  /** Radial MLPs evaluated exactly (default) or looked up in splines tabulated at construction. */
  readonly radial?: RadialMode;
  /** Knots per radial table in 'table' mode (default DEFAULT_RADIAL_KNOTS). */
  readonly radialKnots?: number;
}

export const DEFAULT_ACTIVATION_BUDGET = 160 * 2 ** 20;

let instances = 0;

export class WasmCampEvaluator implements ModelEvaluator {
  readonly model: CampModel;
  private readonly core: ModelExports;
  private readonly name: string;
  private readonly plan: number;
  private readonly weights: Record<Precision, number>;
  private readonly nTypes: number;
  private readonly activationBudget: number;
  readonly radial: RadialMode;
  /** The splines of 'table' mode. */
  readonly table?: RadialTable;

  /** Byte offset of the worker shares when a thread pool evaluates (wasm-threads/). */
  private readonly shares: number = 0;

  constructor(private readonly ws: Workspace, model: CampModel, options: EvaluatorOptions = {}, private readonly pool?: ThreadPool) {
    const budget = options.activationBudget ?? DEFAULT_ACTIVATION_BUDGET;
    if (!(budget >= 0)) throw new Error(`WasmCampEvaluator: activationBudget must be a non-negative number of bytes, got ${budget}`);
    this.activationBudget = budget;
    this.model = model;
    this.core = ws.core.exports;
    this.name = `model${instances++}`;
    this.nTypes = model.hparams.atomicNumbers.length;
    const packed = packModel(model, { fuseFirstMixing: true });
    ws.i32(`${this.name}.plan`, packed.header.length).set(packed.header);
    ws.f64(`${this.name}.w64`, packed.f64.length).set(packed.f64);
    ws.f32(`${this.name}.w32`, packed.f32.length).set(packed.f32);
    this.plan = ws.ptr(`${this.name}.plan`);
    this.weights = { f64: ws.ptr(`${this.name}.w64`), f32: ws.ptr(`${this.name}.w32`) };
    const code = this.core.modelCheckPlan(this.plan, packed.header.length);
    if (code !== PLAN.OK) throw new Error(`model plan rejected by the Wasm core: ${statusText(PLAN_MESSAGES, code)}; pack.ts and the layout table disagree`);
    this.radial = radialMode(options.radial);
    const knots = radialKnots(options.radialKnots);
    if (this.radial === 'table') this.table = buildRadialTable(ws, this.name, this.plan, this.weights.f64, knots);
    if (pool) this.shares = ws.buffer(`${this.name}.shares`, pool.sharesBytes(this.plan)).ptr;
  }

  /** Threads an evaluation runs on. */
  get threads(): number {
    return this.pool?.threads ?? 1;
  }

  /**
   * Replaces the weights by `model`'s (a training step: same hyperparameters, new values),
   * re-packed into the same buffers so nothing is reallocated.
   */
  replaceWeights(model: CampModel): void {
    const packed = packModel(model, { fuseFirstMixing: true });
    const { ws, name } = this;
    const same = ws.i32(`${name}.plan`, packed.header.length);
    if (same.length !== packed.header.length || same.some((x, k) => x !== packed.header[k])) {
      throw new Error('replaceWeights: the new model has other hyperparameters or tensor shapes than the evaluator was built for');
    }
    ws.f64(`${name}.w64`, packed.f64.length).set(packed.f64);
    ws.f32(`${name}.w32`, packed.f32.length).set(packed.f32);
    this.table?.invalidate();
  }

  evaluate(n: number, types: Int32Array, edges: EdgeSet, opts: EvaluateOptions, state?: RunState): EvaluateResult {
    const { ws, core, name } = this;
    const ptr = edgePointers(edges, ws);
    const run = state && runMemory(state, ws, n);
    if (!Number.isInteger(n) || n < 0) throw new Error(`evaluate: atom count must be a non-negative integer, got ${n}`);
    if (types.length < n) throw new Error(`evaluate: ${types.length} type indices for ${n} atoms`);
    for (let i = 0; i < n; i++) {
      if (!(types[i] >= 0 && types[i] < this.nTypes)) throw new Error(`evaluate: atom ${i} has type index ${types[i]}, outside 0..${this.nTypes - 1}`);
    }
    if (opts.precision !== 'f64' && opts.precision !== 'f32') throw new Error(`evaluate: precision must be 'f64' or 'f32', got '${String(opts.precision)}'`);
    // Built on first use of the precision, before any view of the memory is taken (it may grow).
    const table = this.table?.forPrecision(opts.precision);
    const mode = opts.activations ?? 'auto';
    if (!MODES.includes(mode)) throw new Error(`evaluate: activations must be one of ${MODES.map((m) => `'${m}'`).join(', ')}, got '${String(mode)}'`);
    const rows = new Int32Array(ws.memory.buffer, ptr.rowStart, n + 1);
    if (rows[0] !== 0 || rows[n] !== edges.count) {
      throw new Error(`evaluate: edge rows cover ${rows[0]}..${rows[n]} but there are ${edges.count} edges`);
    }
    const grad = opts.forces || opts.virial;
    ws.i32(`${name}.types`, Math.max(n, 1)).set(types.subarray(0, n));
    ws.buffer(`${name}.energies`, 8 * Math.max(n, 1));
    if (!run) ws.buffer(`${name}.forces`, grad ? 24 * Math.max(n, 1) : 16);
    ws.buffer(`${name}.virial`, 72);
    const words = core.modelContextWords();
    ws.buffer(`${name}.ctx`, 4 * words);
    const ctx = ws.ptr(`${name}.ctx`);
    const c = new Int32Array(ws.memory.buffer, ctx, words);
    c[C.N] = n;
    c[C.E] = edges.count;
    c[C.GRAD] = grad ? 1 : 0;
    c[C.TYPES] = ws.ptr(`${name}.types`);
    c[C.ROW] = ptr.rowStart;
    c[C.J] = ptr.j;
    c[C.VEC] = ptr.vec;
    c[C.REV] = ptr.rev;
    c[C.ENERGIES] = ws.ptr(`${name}.energies`);
    c[C.FORCES] = run ? run.ptr.f : ws.ptr(`${name}.forces`);
    c[C.VIRIAL] = ws.ptr(`${name}.virial`);
    const elemBytes = opts.precision === 'f64' ? 8 : 4;
    // Sizes are asked for only when 'auto' has to choose (the adjoints' size is a pass over the edges).
    const fits = (bytes: () => number) => mode === 'auto' && bytes() <= this.activationBudget;
    // In table mode the "activations" are the lookups (R, dR/dr per edge and path).
    const keepActivations = grad && (mode === 'store' || fits(() => core.modelStoreBytes(this.plan, ctx, elemBytes)));
    const keepAdjoints = grad && (mode === 'store' || mode === 'adjoints' || fits(() => core.modelTauBytes(this.plan, ctx, elemBytes)));
    c[C.RTABLE] = table ? table.ptr : 0;
    c[C.RKNOTS] = table ? table.knots : 0;
    c[C.KEEP] = (keepActivations ? KEEP.ACTIVATIONS : 0) | (keepAdjoints ? KEEP.MIXED_ADJOINTS : 0);
    const bytes = core.modelLayoutWork(this.plan, ctx, elemBytes, 0);
    // The work region is shared by both precisions; it only grows. Its size follows the edge
    // count, which wobbles by ~1 % along an MD run: 1/16 slack keeps it in place.
    const work = ws.buffer(`${name}.work`, bytes, WORK_SLACK);
    if (work.ptr + bytes > 2 ** 32) throw new Error(`evaluate: ${(bytes / 2 ** 20).toFixed(0)} MiB of work memory does not fit in wasm32`);
    core.modelLayoutWork(this.plan, ctx, elemBytes, work.ptr);
    const weights = this.weights[opts.precision];
    const energy = this.pool
      ? this.pool.evaluate(opts.precision, this.plan, weights, ctx, this.shares)
      : opts.precision === 'f64' ? core.modelEvaluateF64(this.plan, weights, ctx) : core.modelEvaluateF32(this.plan, weights, ctx);
    const buf = ws.memory.buffer;
    const energies = new Float64Array(buf, ws.ptr(`${name}.energies`), n).slice();
    const result: { -readonly [K in keyof EvaluateResult]: EvaluateResult[K] } = { energy, energies };
    if (opts.forces && !run) result.forces = new Float64Array(buf, ws.ptr(`${name}.forces`), 3 * n).slice();
    if (opts.virial) result.virial = new Float64Array(buf, ws.ptr(`${name}.virial`), 9).slice();
    return result;
  }
}
