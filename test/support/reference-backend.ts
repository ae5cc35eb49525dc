// A test-only backend around the plain-TypeScript reference evaluator (reference-camp.ts): the
// proof that the backend seam (host/backends/backend.ts) is real. It shares nothing with the Wasm
// backend but the contract: its neighbour list is the reference's brute-force search, its edge
// sets are its own opaque objects, and it answers asynchronously (as a GPU would), so MD has to
// go through computeAsync and runAsync. It keeps no run state (no createRunState): MD copies.
//
// Forces are −∂E/∂x by a fourth-order central difference of the reference energy (error
// ~h⁴·E⁽⁵⁾ + ε·E/h ≈ 1e-12 eV/Å at h = 1e-3 Å for smooth small models), close enough to the
// Wasm backend's analytic forces that trajectories agree to far below 1e-10 Å over 100 steps.
// Valid while no pair crosses the cutoff inside a stencil (the envelope is only C² there).
import type { Atoms } from '../../host/atoms.js';
import type { Backend, ClosestPair, Device, EdgeSet, EvaluateOptions, EvaluateResult, ModelEvaluator, NeighborSearch, NeighborSearchOptions } from '../../host/backends/backend.js';
import type { CampModel } from '../../host/model/camp-model.js';
import { referenceEdges, referenceEnergy, type ReferenceEdges } from './reference-camp.js';

/** Finite-difference step, Å. */
const H = 1e-3;

interface ReferenceEdgeSet extends EdgeSet {
  readonly atoms: Atoms;
  readonly edges: ReferenceEdges;
}

const made = new WeakSet<EdgeSet>();

function ownEdges(edges: EdgeSet): ReferenceEdgeSet {
  if (!made.has(edges)) throw new Error('reference backend: these edges come from another backend');
  return edges as ReferenceEdgeSet;
}

class ReferenceNeighbors implements NeighborSearch {
  rebuildCount = 0;
  private last: ReferenceEdgeSet | null = null;

  constructor(private readonly cutoff: number) {}

  update(atoms: Atoms): EdgeSet {
    // A copy: the caller's positions may be a view that changes under us.
    const own: Atoms = { ...atoms, positions: Float64Array.from(atoms.positions), cell: atoms.cell ? Float64Array.from(atoms.cell) : null };
    const edges = referenceEdges(own, this.cutoff);
    const set: ReferenceEdgeSet = { count: edges.i.length, n: own.numbers.length, atoms: own, edges };
    made.add(set);
    this.last = set;
    this.rebuildCount++;
    return set;
  }

  closestPair(): ClosestPair | null {
    const e = this.last?.edges;
    let best: ClosestPair | null = null;
    for (let k = 0; e && k < e.i.length; k++) {
      const d = Math.hypot(e.vec[3 * k], e.vec[3 * k + 1], e.vec[3 * k + 2]);
      if (!best || d < best.distance) best = { i: e.i[k], j: e.j[k], distance: d };
    }
    return best;
  }
}

class ReferenceEvaluator implements ModelEvaluator {
  constructor(private readonly model: CampModel) {}

  async evaluate(n: number, _types: Int32Array, edges: EdgeSet, opts: EvaluateOptions): Promise<EvaluateResult> {
    const { atoms, edges: e } = ownEdges(edges);
    if (opts.precision !== 'f64') throw new Error('reference backend: f64 only');
    if (opts.virial) throw new Error('reference backend: no virial (stress); use structures without full pbc');
    await new Promise((resolve) => setTimeout(resolve, 0)); // answers later, as a GPU's mapAsync
    const { energy, energies } = referenceEnergy(this.model, atoms, e);
    return opts.forces ? { energy, energies, forces: this.forces(atoms, n) } : { energy, energies };
  }

  /** −∂E/∂x: (−E(x+2h) + 8E(x+h) − 8E(x−h) + E(x−2h)) / 12h, negated. */
  private forces(atoms: Atoms, n: number): Float64Array {
    const energyAt = (coord: number, dx: number): number => {
      const positions = Float64Array.from(atoms.positions);
      positions[coord] += dx;
      return referenceEnergy(this.model, { ...atoms, positions }).energy;
    };
    return Float64Array.from({ length: 3 * n }, (_, c) =>
      -((energyAt(c, -2 * H) - 8 * energyAt(c, -H)) + (8 * energyAt(c, H) - energyAt(c, 2 * H))) / (12 * H));
  }
}

export const referenceBackend: Backend = {
  name: 'reference',
  async open(): Promise<Device> {
    return {
      backend: 'reference',
      asynchronous: true,
      memoryBytes: 0,
      createNeighborList: (options: NeighborSearchOptions) => new ReferenceNeighbors(options.cutoff),
      createEvaluator: (model: CampModel) => new ReferenceEvaluator(model),
    };
  },
};
