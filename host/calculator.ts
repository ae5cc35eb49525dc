// What an energy model offers the rest of campjs (CLI eval, MD, optimisers): ASE's Calculator
// idea as a plain interface. Units: eV, Å, eV/Å, eV/Å³ (stress, ASE sign convention, Voigt
// order xx yy zz yz xz xy).
import type { Atoms } from './atoms.js';

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

export interface Calculator {
  /** Cutoff radius, Å. */
  readonly cutoff: number;
  /** Atomic numbers the calculator supports (null = any). */
  readonly atomicNumbers: readonly number[] | null;
  /** sha256 (hex) of the model's bytes (or pair-potential spec), recorded in MD states; absent when unknown. */
  readonly modelSha256?: string;
  compute(atoms: Atoms, options?: ComputeOptions): ComputeResult;
}
