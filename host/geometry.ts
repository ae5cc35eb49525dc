// Cell geometry shared by the calculators, MD, optimisation, the neighbour search and file
// formats: one determinant, one pbc bit mask, so every entry point agrees on them.
import type { Atoms } from './atoms.js';

/** det of a row-major 3×3 (cell volume up to sign, Å³). */
export function det3(c: ArrayLike<number>): number {
  return c[0] * (c[4] * c[8] - c[5] * c[7]) - c[1] * (c[3] * c[8] - c[5] * c[6]) + c[2] * (c[3] * c[7] - c[4] * c[6]);
}

/** |det(cell)|, Å³, for a flat row-major 3×3 cell. */
export function cellVolume(cell: ArrayLike<number>): number {
  return Math.abs(det3(cell));
}

/** Periodic directions as bits 0..2 (7 = fully periodic). */
export function pbcMask(atoms: Pick<Atoms, 'pbc'>): number {
  const pbc = atoms.pbc ?? [false, false, false];
  return (pbc[0] ? 1 : 0) | (pbc[1] ? 2 : 0) | (pbc[2] ? 4 : 0);
}

/** True when the structure has a cell and is periodic along all three cell vectors. */
export function isFullyPeriodic(atoms: Atoms): boolean {
  return !!atoms.cell && pbcMask(atoms) === 7;
}
