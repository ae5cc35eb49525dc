// Work bounds of the pair potentials' all-pairs loop (assembly/potentials/pair.ts visits every
// pair i, j in every periodic image within the cutoff), refused up front as the CAMP neighbour
// list refuses searches over 2^24 images: a huge cutoff or tiny cell would otherwise hang.
import type { Atoms } from '../atoms.js';
import type { PairSpec } from './pair-spec.js';
import { det3 } from '../geometry.js';

/** Å: far beyond any physical pair cutoff; keeps spec text like `cutoff=1e6` from reaching the loop. */
export const MAX_PAIR_CUTOFF = 100;
/** Periodic images searched per atom pair, as the CAMP neighbour list (host/neighbors/input.ts). */
export const MAX_PAIR_IMAGES = 2 ** 24;
/** Pair × image visits per force call (about a second of Wasm). */
export const MAX_PAIR_VISITS = 2 ** 28;

/** Throws when `spec` on `atoms` (n atoms, pbc bits `mask`) would exceed the bounds above. */
export function checkPairWork(spec: PairSpec, atoms: Atoms, n: number, mask: number): void {
  if (mask === 0 || !atoms.cell) return checkVisits(n * n, 1);
  const c = atoms.cell;
  const det = det3(c);
  let images = 1;
  for (let k = 0; k < 3; k++) {
    if (!(mask & (1 << k))) continue;
    // |b_k| = |a_i × a_j| / |det|: the same image range as pair.ts's imageRange.
    const i = 3 * ((k + 1) % 3), j = 3 * ((k + 2) % 3);
    const x = c[i + 1] * c[j + 2] - c[i + 2] * c[j + 1], y = c[i + 2] * c[j] - c[i] * c[j + 2], z = c[i] * c[j + 1] - c[i + 1] * c[j];
    const range = Math.floor(spec.cutoff * Math.hypot(x, y, z) / Math.abs(det) + 0.5 + 1e-9);
    images *= 2 * range + 1;
  }
  if (!(images <= MAX_PAIR_IMAGES)) {
    throw new Error(`pair potential: the cell is far too small for a ${spec.cutoff} Å cutoff (${images} periodic images per pair, over the bound 2^24); use a smaller cutoff or a larger cell`);
  }
  checkVisits(n * n, images);
}

function checkVisits(pairs: number, images: number): void {
  if (pairs * images > MAX_PAIR_VISITS) {
    throw new Error(`pair potential: ${pairs} atom pairs × ${images} periodic images = ${pairs * images} visits per step, over the bound 2^28 of the all-pairs loop; use a smaller cutoff, a larger cell or fewer atoms`);
  }
}
