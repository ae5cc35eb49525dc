// Exact accounting of CAMP's energy jumps at the cutoff for NVE drift measurements: a Calculator
// that, whenever the edge set changes between two calls, also evaluates the energy of the
// PREVIOUS edge set at the NEW positions. Their difference is the jump the model's
// discontinuity (R(r_cut) ≠ 0, CAMP-SPEC.md) put into Etot; what is left is the integrator's.
import type { Atoms } from '../host/atoms.js';
import type { Calculator, ComputeOptions, ComputeResult, Precision } from '../host/calculator.js';
import { instantiateCore } from '../host/backends/wasm/wasm.js';
import { Workspace } from '../host/backends/wasm/workspace.js';
import { typeIndices, type CampModel } from '../host/model/camp-model.js';
import { WasmCampEvaluator } from '../host/backends/wasm/evaluator.js';
import { NeighborList } from '../host/backends/wasm/neighbor-list.js';
import { wasmEdgeSet, type EdgeList } from '../host/backends/wasm/edge-list.js';
import type { RadialMode } from '../host/model/radial-table.js';

const CANDIDATE_MARGIN = 0.5; // Å: no atom moves this far in one MD step

const key = (e: EdgeList, k: number): string =>
  `${e.i[k]},${e.j[k]},${e.shift[3 * k]},${e.shift[3 * k + 1]},${e.shift[3 * k + 2]}`;

export class JumpTrackingCalculator implements Calculator {
  readonly cutoff: number;
  readonly atomicNumbers: readonly number[];
  /** eV: summed jumps so far, and the number of calls where the edge set changed. */
  jumps = 0;
  crossings = 0;
  private previous: Set<string> | null = null;

  private constructor(private readonly model: CampModel, private readonly ws: Workspace, private readonly nl: NeighborList,
    private readonly candidates: NeighborList, private readonly evaluator: WasmCampEvaluator, private readonly precision: Precision) {
    this.cutoff = model.hparams.rCut;
    this.atomicNumbers = model.hparams.atomicNumbers;
  }

  static async create(model: CampModel, precision: Precision, radial: RadialMode = 'exact'): Promise<JumpTrackingCalculator> {
    const ws = new Workspace(await instantiateCore());
    const rc = model.hparams.rCut;
    return new JumpTrackingCalculator(model, ws, new NeighborList(ws, { cutoff: rc }),
      new NeighborList(ws, { cutoff: rc + CANDIDATE_MARGIN, name: 'cand' }), new WasmCampEvaluator(ws, model, { radial }), precision);
  }

  compute(atoms: Atoms, options: ComputeOptions = {}): ComputeResult {
    const n = atoms.numbers.length;
    const types = typeIndices(this.model.hparams, atoms.numbers);
    const edges = this.nl.build(atoms);
    const current = new Set(Array.from({ length: edges.count }, (_, k) => key(edges, k)));
    const r = this.evaluator.evaluate(n, types, edges, { precision: this.precision, forces: options.forces ?? true, virial: false });
    const prev = this.previous;
    if (prev && (prev.size !== current.size || [...current].some((k) => !prev.has(k)))) {
      this.jumps += r.energy - this.energyOfEdgeSet(atoms, types, prev);
      this.crossings++;
    }
    this.previous = current;
    return { energy: r.energy, energies: r.energies, forces: r.forces, stress: null, edges: edges.count };
  }

  /** Energy at the given positions using exactly the edges in `keep` (a set closed under reversal). */
  private energyOfEdgeSet(atoms: Atoms, types: Int32Array, keep: Set<string>): number {
    const n = atoms.numbers.length;
    const cand = this.candidates.build(atoms);
    const chosen: number[] = [];
    for (let k = 0; k < cand.count; k++) if (keep.has(key(cand, k))) chosen.push(k);
    if (chosen.length !== keep.size) throw new Error('cutoff-jumps: an edge moved beyond the candidate margin in one step');
    const index = new Map(chosen.map((k, m) => [k, m]));
    const m = chosen.length;
    // Copy the chosen candidates (already in canonical CSR order) into their own buffers.
    const rowStart = Array.from(cand.rowStart);
    const vec = Float64Array.from(chosen.flatMap((k) => [cand.vec[3 * k], cand.vec[3 * k + 1], cand.vec[3 * k + 2]]));
    const j = Int32Array.from(chosen.map((k) => cand.j[k]));
    const rev = Int32Array.from(chosen.map((k) => index.get(cand.rev[k])!));
    const starts = new Int32Array(n + 1);
    for (let a = 0, c = 0; a < n; a++) {
      while (c < m && chosen[c] < rowStart[a + 1]) c++;
      starts[a + 1] = c;
    }
    this.ws.i32('old.rowStart', n + 1).set(starts);
    this.ws.i32('old.j', Math.max(m, 1)).set(j);
    this.ws.i32('old.rev', Math.max(m, 1)).set(rev);
    this.ws.f64('old.vec', Math.max(3 * m, 1)).set(vec);
    const ptr = { rowStart: this.ws.ptr('old.rowStart'), j: this.ws.ptr('old.j'), rev: this.ws.ptr('old.rev'), vec: this.ws.ptr('old.vec') };
    return this.evaluator.evaluate(n, types, wasmEdgeSet(this.ws, ptr, m, n), { precision: this.precision, forces: false, virial: false }).energy;
  }
}
