// What a compute backend must provide (the contract; host/backends/README.md explains it). A
// backend owns a device's memory — Wasm linear memory today, GPU buffers next (issue #11) — and
// everything that lives there: the packed model, the neighbour list, the activations and, for
// MD, the run's positions, velocities and forces. The host exchanges opaque handles with it
// (EdgeSet, RunState), never byte offsets, so another backend can keep the same data on its own
// device. Units: Å, eV, eV/Å, amu.
import type { Atoms } from '../atoms.js';
import type { CampModel } from '../model/camp-model.js';
import type { Precision } from '../calculator.js';
import type { RadialMode } from '../model/radial-table.js';

/** The backends a build knows; `auto` picks one (see select.ts). */
export const BACKEND_NAMES = ['wasm', 'webgpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
export type BackendChoice = BackendName | 'auto';

/** The answer of a backend: now (Wasm, the reference) or later (a GPU's mapAsync). */
export type MaybePromise<T> = T | Promise<T>;

/** A neighbour-list result in a backend's memory: its size only; the arrays are the backend's own. */
export interface EdgeSet {
  /** Directed edges (i, j, S) inside the cutoff. */
  readonly count: number;
  /** Atoms. */
  readonly n: number;
}

/**
 * An MD run's state in a backend's memory (positions Å, velocities Å/fs, forces eV/Å, masses
 * amu, cell Å, thermostat chain): made by Device.createRunState; MD integrates it in place.
 */
export interface RunState {
  readonly n: number;
  readonly chainLength: number;
}

/** The two atoms closest together (an edge), for overlap checks. */
export interface ClosestPair {
  readonly i: number;
  readonly j: number;
  /** Å. */
  readonly distance: number;
}

export interface NeighborSearchOptions {
  /** Cutoff radius, Å (> 0). */
  readonly cutoff: number;
  /** Verlet skin, Å (≥ 0, default 0: every update with moved atoms searches again). */
  readonly skin?: number;
  /** Refuse structures with more edges (or skin candidates) than this. */
  readonly maxEdges?: number;
}

export interface NeighborSearch {
  /**
   * Edges of `atoms` (reusing the last search when the skin allows). With `state`, the
   * positions are read where the run keeps them (atoms.positions must hold the same values).
   */
  update(atoms: Atoms, state?: RunState): EdgeSet;
  /** The shortest edge of the last result, or null without edges. */
  closestPair(): ClosestPair | null;
  /** Searches so far (with a skin, fewer than updates). */
  readonly rebuildCount: number;
}

export interface EvaluateOptions {
  readonly precision: Precision;
  readonly forces: boolean;
  readonly virial: boolean;
}

export interface EvaluateResult {
  /** Total energy, eV (atomic energies summed in f64, in atom order). */
  readonly energy: number;
  /** Atomic energies, eV. */
  readonly energies: Float64Array;
  /** Forces, eV/Å, flat N×3 (absent when not asked for, or when written into a RunState). */
  readonly forces?: Float64Array;
  /** W_ab = Σ_e r_e[a]·∂E/∂r_e[b], symmetrised, eV (flat 3×3); stress σ = W / V. */
  readonly virial?: Float64Array;
}

export interface ModelEvaluator {
  /**
   * Energy (and forces, virial) of n atoms of the given type indices over `edges` (from this
   * device's NeighborSearch). With `state`, forces go into the run's force buffer instead of
   * the result: the step's 3N numbers never leave the device.
   */
  evaluate(n: number, types: Int32Array, edges: EdgeSet, opts: EvaluateOptions, state?: RunState): MaybePromise<EvaluateResult>;
  /** How radial maps are evaluated (absent: 'exact'). */
  readonly radial?: RadialMode;
  /** The radial tables of 'table' mode: knots per table and bytes in all. */
  readonly table?: { readonly knots: number; readonly bytes: number } | null;
}

export interface EvaluatorOptions {
  /** Bytes each optional activation store may take (speed for memory, same results). */
  readonly activationBudget?: number;
  /** 'exact' (default) runs the radial MLPs; 'table' looks them up in splines tabulated at load. */
  readonly radial?: RadialMode;
  /** Knots per radial table in 'table' mode. */
  readonly radialKnots?: number;
}

/** One device context: all buffers of a model and its runs live in its memory. */
export interface Device {
  readonly backend: string;
  /** Its evaluators answer with promises (a GPU): synchronous callers are refused up front. */
  readonly asynchronous?: boolean;
  /** Arithmetic a calculator on this device uses unless told otherwise (absent: 'f64'). */
  readonly defaultPrecision?: Precision;
  /** Bytes of device memory in use. */
  readonly memoryBytes: number;
  createNeighborList(options: NeighborSearchOptions): NeighborSearch;
  createEvaluator(model: CampModel, options?: EvaluatorOptions): ModelEvaluator;
  /** A run's state in this device's memory; absent when runs cannot live there (then MD copies). */
  createRunState?(n: number, chainLength: number): RunState;
}

export interface Backend {
  readonly name: string;
  /** Opens a device context (Wasm: one core instance and its linear memory). */
  open(): Promise<Device>;
}
