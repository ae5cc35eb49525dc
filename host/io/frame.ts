// What every structure reader returns and every writer takes: one configuration, the labels
// stored with it (DFT energy/forces/stress, or a model's results), and whatever else the file
// carried (free key=value info, extra per-atom columns) so that writers can pass it on.
import type { Atoms } from '../atoms.js';

/** A per-atom column, row-major N × width. 'I' values are integers held in a Float64Array. */
export type Column =
  | { readonly type: 'R' | 'I'; readonly width: number; readonly values: Float64Array }
  | { readonly type: 'S'; readonly width: number; readonly values: string[] }
  | { readonly type: 'L'; readonly width: number; readonly values: boolean[] };

export interface StructureFrame {
  readonly atoms: Atoms;
  /** Free per-frame key/value pairs (numbers, booleans, strings, arrays of them, JSON values). */
  readonly info: Record<string, unknown>;
  /** Per-atom columns other than species, positions, masses, velocities and the labels below. */
  readonly arrays: Record<string, Column>;
  /** Total energy, eV. */
  readonly energy?: number;
  /** Free (Mermin) energy, eV. */
  readonly freeEnergy?: number;
  /** Per-atom energies, eV, length N. */
  readonly energies?: Float64Array;
  /** Forces, eV/Å, flat N×3. */
  readonly forces?: Float64Array;
  /** Stress, eV/Å³, Voigt order [xx, yy, zz, yz, xz, xy], ASE sign convention. */
  readonly stress?: Float64Array;
}
