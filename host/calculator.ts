// What an energy model offers the rest of campjs (CLI eval, MD, optimisers): ASE's Calculator
// idea as a plain interface. Units: eV, Å, eV/Å, eV/Å³ (stress, ASE sign convention, Voigt
// order xx yy zz yz xz xy).
//
// Sync and async: `compute` answers at once (the Wasm backend, pair potentials). A backend that
// answers later (a GPU) implements `computeAsync` and makes `compute` throw; callers that may
// meet either use `computeAsync(calculator, …)` below, and MD.runAsync awaits once per step.
import type { Atoms } from './atoms.js';
import type { MaybePromise, RunState } from './backends/backend.js';

export type Precision = 'f64' | 'f32';

export interface ComputeOptions {
  /** Compute forces (default true). */
  readonly forces?: boolean;
  /** Compute stress (default: true when the structure is periodic in all three directions). */
  readonly stress?: boolean;
  /** Arithmetic of the model (default 'f64'). Energies are always summed in f64. */
  readonly precision?: Precision;
}

export interface ComputeResult {
  /** Total energy, eV. */
  readonly energy: number;
  /** Per-atom energies, eV, length N. */
  readonly energies: Float64Array;
  /** Forces, eV/Å, flat N×3 (absent when not asked for). */
  readonly forces?: Float64Array;
  /** Stress, eV/Å³, Voigt order [xx, yy, zz, yz, xz, xy]; null without full pbc. */
  readonly stress?: Float64Array | null;
  /** Number of directed edges (i, j, S) inside the cutoff. */
  readonly edges: number;
}

/** A force call on an MD run whose state lives in the calculator's device (see createRunForces). */
export interface RunForceCall {
  /** The run's positions, velocities, forces, … in the device's memory. */
  readonly state: RunState;
  /**
   * Energy (and stress) at the state's positions (atoms.positions holds the same values);
   * the forces go into the state's force buffer, not the result.
   */
  compute(atoms: Atoms, options: ComputeOptions): MaybePromise<Omit<ComputeResult, 'forces'>>;
}

export interface Calculator {
  /** Cutoff radius, Å. */
  readonly cutoff: number;
  /** Atomic numbers the calculator supports (null = any). */
  readonly atomicNumbers: readonly number[] | null;
  /** sha256 (hex) of the model's bytes (or pair-potential spec), recorded in MD states; absent when unknown. */
  readonly modelSha256?: string;
  /**
   * How the model is evaluated where that changes the bits (CAMP: backend and radial mode, e.g.
   * 'wasm, radial table (3072 knots)'), recorded in MD states; absent when there is one way.
   */
  readonly evaluation?: string;
  /** True when compute() cannot answer (an asynchronous backend): use computeAsync, MD.runAsync. */
  readonly asynchronous?: boolean;
  compute(atoms: Atoms, options?: ComputeOptions): ComputeResult;
  /** compute() answered by a promise; backends that compute asynchronously implement it (optional for the others). */
  computeAsync?(atoms: Atoms, options?: ComputeOptions): Promise<ComputeResult>;
  /**
   * For MD: a run state of `n` atoms in this calculator's device and the force call on it, so
   * a step copies nothing between devices; null (or absent) when the calculator has no device
   * state to offer — MD then keeps its own and copies positions out and forces in.
   */
  createRunForces?(n: number, chainLength: number): RunForceCall | null;
}

/** The calculator's computeAsync, or its compute wrapped in a promise (errors become rejections). */
export async function computeAsync(calculator: Calculator, atoms: Atoms, options?: ComputeOptions): Promise<ComputeResult> {
  return calculator.computeAsync ? calculator.computeAsync(atoms, options) : calculator.compute(atoms, options);
}
