// A structure in ASE's shapes and units: atomic numbers, Cartesian positions (Å), cell rows (Å),
// periodic flags, optional velocities (Å/fs) and masses (amu).

export type Vec3Flags = readonly [boolean, boolean, boolean];

export interface Atoms {
  /** Atomic numbers, length N. */
  readonly numbers: ArrayLike<number>;
  /** Positions, Å, flat row-major N×3. */
  readonly positions: Float64Array;
  /** Lattice vectors as rows, Å, flat 3×3; null or absent for a molecule. */
  readonly cell?: Float64Array | null;
  /** Periodic along each cell vector; absent = no periodicity. */
  readonly pbc?: Vec3Flags;
  /** Velocities, Å/fs, flat N×3. */
  readonly velocities?: Float64Array;
  /** Masses, amu, length N (default: standard atomic weights as ASE). */
  readonly masses?: Float64Array;
}

export const NO_PBC: Vec3Flags = [false, false, false];
