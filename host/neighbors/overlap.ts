// Two atoms at (nearly) the same place are legal for the neighbour list (d = 0 < cutoff) but
// meaningless for a potential: the calculator refuses them. Rule: an edge shorter than
// 1e-8 Å is an overlap (far below any physical distance, far above rounding of real input).
import type { NeighborSearch } from '../backends/backend.js';

/** Edges shorter than this (Å) are overlapping atoms. */
export const OVERLAP_DISTANCE = 1e-8;

/** Throws "atoms i and j overlap (d = ... Å)" when the last list has an edge shorter than `minDistance`. */
export function assertNoOverlap(nl: Pick<NeighborSearch, 'closestPair'>, minDistance = OVERLAP_DISTANCE): void {
  const closest = nl.closestPair();
  if (closest && closest.distance < minDistance) {
    const what = closest.i === closest.j ? `atom ${closest.i} and its own periodic image` : `atoms ${closest.i} and ${closest.j}`;
    throw new Error(`${what} overlap (d = ${closest.distance.toExponential(3)} Å < ${minDistance} Å)`);
  }
}
