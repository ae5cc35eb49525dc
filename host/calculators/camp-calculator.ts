// The CAMP potential as a Calculator: neighbour list (Wasm, with an optional Verlet skin for
// MD) + the Wasm CAMP evaluator, in one core instance whose buffers are reused across calls.
// Input checks live here so every entry point (API, CLI, MD) reports bad structures alike.
import type { Atoms } from '../atoms.js';
import { normalizeAtoms, type AtomsInput } from '../atoms-input.js';
import type { Calculator, ComputeOptions, ComputeResult, Precision } from '../calculator.js';
import { instantiateCore } from '../core/wasm.js';
import { Workspace } from '../core/workspace.js';
import { typeIndices, type CampModel } from '../model/camp-model.js';
import { WasmCampEvaluator } from '../model/wasm-evaluator.js';
import type { RadialMode } from '../model/radial-table.js';
import { NeighborList } from '../neighbors/neighbor-list.js';
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
  /**
   * 'exact' (default) runs the radial MLPs; 'table' tabulates them at load time as cubic
   * splines (f64 forces within 1e-7 eV/Å of exact for the shared models) and looks them up.
   */
  readonly radial?: RadialMode;
  /** Knots per radial table in 'table' mode (default 3072, uniform from 0 to r_cut). */
  readonly radialKnots?: number;
}

export class CampCalculator implements Calculator {
  readonly cutoff: number;
  readonly atomicNumbers: readonly number[];
  readonly precision: Precision;
  /** How the radial MLPs are evaluated (recorded in MD states and receipts). */
  get radial(): RadialMode {
    return this.evaluator.radial;
  }
  /** Knots per radial table in 'table' mode; undefined in 'exact' mode. */
  get radialKnots(): number | undefined {
    return this.evaluator.table?.knots;
  }
  /** Bytes of the radial tables (0 in 'exact' mode). */
  get radialTableBytes(): number {
    return this.evaluator.table?.bytes ?? 0;
  }
  /** sha256 of the model's source bytes (set by loadModel), recorded in MD states. */
  modelSha256?: string;
  private constructor(
    readonly model: CampModel,
    private readonly ws: Workspace,
    private readonly nl: NeighborList,
    private readonly evaluator: WasmCampEvaluator,
    precision: Precision,
  ) {
    this.cutoff = model.hparams.rCut;
    this.atomicNumbers = model.hparams.atomicNumbers;
    this.precision = precision;
  }

  static async create(model: CampModel, options: CampCalculatorOptions = {}): Promise<CampCalculator> {
    const ws = new Workspace(await instantiateCore());
    const evaluator = new WasmCampEvaluator(ws, model, { activationBudget: options.activationBudget, radial: options.radial, radialKnots: options.radialKnots });
    const nl = new NeighborList(ws, { cutoff: model.hparams.rCut, skin: options.skin ?? 0, maxEdges: options.maxEdges });
    return new CampCalculator(model, ws, nl, evaluator, options.precision ?? 'f64');
  }

  /** Bytes of Wasm linear memory in use (weights, neighbour list, activations). */
  get memoryBytes(): number {
    return this.ws.memory.buffer.byteLength;
  }

  /** Neighbour-list searches so far (with a skin, fewer than calls). */
  get neighborSearches(): number {
    return this.nl.rebuildCount;
  }

  compute(input: Atoms | AtomsInput, options: ComputeOptions = {}): ComputeResult {
    const atoms = normalizeAtoms(input);
    const n = atoms.numbers.length;
    if (atoms.positions.length !== 3 * n) {
      throw new Error(`structure: ${n} atomic numbers but ${atoms.positions.length / 3} positions`);
    }
    const types = typeIndices(this.model.hparams, atoms.numbers);
    const periodic = isFullyPeriodic(atoms);
    // Stress is defined for fully periodic cells only; elsewhere it is null, as documented.
    const wantStress = (options.stress ?? true) && periodic;
    const precision = options.precision ?? this.precision;
    const edges = this.nl.update(atoms);
    assertNoOverlap(this.nl);
    const r = this.evaluator.evaluate(n, types, edges, { precision, forces: options.forces ?? true, virial: wantStress });
    let stress: Float64Array | null = null;
    if (wantStress && r.virial) {
      const v = r.virial, vol = cellVolume(atoms.cell!);
      stress = new Float64Array([v[0] / vol, v[4] / vol, v[8] / vol, v[5] / vol, v[2] / vol, v[1] / vol]);
    }
    assertFinite(r.energy, r.forces);
    return { energy: r.energy, energies: r.energies, forces: r.forces, stress, edges: edges.count };
  }
}

function assertFinite(energy: number, forces?: Float64Array): void {
  if (!Number.isFinite(energy)) throw new Error(`model produced a non-finite energy (${energy})`);
  if (forces) for (let k = 0; k < forces.length; k++) {
    if (!Number.isFinite(forces[k])) throw new Error(`model produced a non-finite force on atom ${Math.floor(k / 3)}`);
  }
}
