// Small cell geometry helpers shared by the calculator, MD and file formats.
import type { Atoms } from './atoms.js';

/** |det(cell)|, Å³, for a flat row-major 3×3 cell. */
export function cellVolume(cell: ArrayLike<number>): number {
  const [a, b, c, d, e, f, g, h, i] = Array.from(cell);
  return Math.abs(a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g));
}

/** True when the structure has a cell and is periodic along all three cell vectors. */
export function isFullyPeriodic(atoms: Atoms): boolean {
  return !!atoms.cell && !!atoms.pbc && atoms.pbc[0] && atoms.pbc[1] && atoms.pbc[2];
}
