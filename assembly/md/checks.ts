// Sanity scans of the MD state: non-finite numbers, atoms closer than their distance floor,
// escaped atoms, the largest force.
import { inverse3, nearestImage } from "./linalg3";

/** Index of the first non-finite value among `len` f64 at `p`, or −1. */
export function mdFirstNonFinite(len: i32, p: usize): i32 {
  for (let k = 0; k < len; k++) {
    const x = load<f64>(p + (<usize>k << 3));
    if (!isFinite(x)) return k;
  }
  return -1;
}

const INV: usize = memory.data(72, 16);

/**
 * Distance-floor scan, O(N²) over pairs i < j (plus each atom's own periodic images), minimum
 * image along periodic directions (pbcMask bits 0..2; cell rows at `cell`, unused when the mask
 * is 0). The floor of a pair is `minDistance` when that is > 0, else fraction·(rad[i] + rad[j])
 * (covalent radii, Å). Writes to out (f64[6]): the pair closest to its floor (smallest d/floor;
 * smallest d when every floor is 0; ties: the lowest (i, j), an atom's own image first) as d, i,
 * j, floor; then the largest nearest-neighbour distance and its atom (escape check). `near` is
 * scratch for n f64. floor-bins.ts gives the same result in O(N) for large systems.
 */
export function mdFloorScan(n: i32, r: usize, cell: usize, pbcMask: i32, rad: usize, fraction: f64, minDistance: f64,
  near: usize, out: usize): void {
  const mask = periodicMask(cell, pbcMask, INV);
  const self2 = startScan(n, cell, mask, near);
  for (let i = 0; i < n; i++) {
    const pi = r + <usize>i * 24;
    const ri = scoreSelf(i, self2, rad, fraction, minDistance, near);
    for (let j = i + 1; j < n; j++) scorePair(i, pi, ri, j, r, cell, INV, mask, rad, fraction, minDistance, near);
  }
  finishScan(n, near, out);
}

/** pbcMask, or 0 when the cell is singular (then every direction is open). Fills inv = cell⁻¹. */
export function periodicMask(cell: usize, pbcMask: i32, inv: usize): i32 {
  return pbcMask != 0 && inverse3(cell, inv) != 0.0 ? pbcMask : 0;
}

// The pair nearest its floor so far (module globals: the scan's state without allocation).
let bestKey: f64 = Infinity, bestD2: f64 = Infinity, bestFloor: f64 = 0.0, bestI: i32 = -1, bestJ: i32 = -1;

/** Resets the scan state and `near`; returns the squared shortest self-image distance (∞ without periodicity). */
export function startScan(n: i32, cell: usize, mask: i32, near: usize): f64 {
  for (let i = 0; i < n; i++) store<f64>(near + (<usize>i << 3), Infinity);
  bestKey = Infinity; bestD2 = Infinity; bestFloor = 0.0; bestI = -1; bestJ = -1;
  // An atom meets its own images at the shortest lattice translation (tiny periodic cells).
  return mask != 0 ? shortestTranslation2(cell, mask) : Infinity;
}

/** Keeps (d2, floor, i, j) when its key d²/floor² (d² for floor 0) is below the best; pairs come in (i, j) order. */
// @ts-ignore: decorator
@inline function consider(d2: f64, floor: f64, i: i32, j: i32): void {
  const key = floor > 0.0 ? d2 / (floor * floor) : d2;
  if (key < bestKey) { bestKey = key; bestD2 = d2; bestFloor = floor; bestI = i; bestJ = j; }
}

/** Lowers near[i] to d2. */
// @ts-ignore: decorator
@inline function nearer(near: usize, i: i32, d2: f64): void {
  if (d2 < load<f64>(near + (<usize>i << 3))) store<f64>(near + (<usize>i << 3), d2);
}

/** Scores atom i against its own images; returns its radius (Å). */
export function scoreSelf(i: i32, self2: f64, rad: usize, fraction: f64, minDistance: f64, near: usize): f64 {
  const ri = load<f64>(rad + (<usize>i << 3));
  if (self2 < Infinity) {
    consider(self2, minDistance > 0.0 ? minDistance : fraction * 2.0 * ri, i, i);
    nearer(near, i, self2);
  }
  return ri;
}

/** Scores the pair (i, j), i < j, atom i at `pi` (= r + 24i) with radius ri. */
// @ts-ignore: decorator
@inline export function scorePair(i: i32, pi: usize, ri: f64, j: i32, r: usize, cell: usize, inv: usize, mask: i32, rad: usize,
  fraction: f64, minDistance: f64, near: usize): void {
  const d2 = pairDistance2(pi, j, r, cell, inv, mask);
  nearer(near, i, d2);
  nearer(near, j, d2);
  consider(d2, minDistance > 0.0 ? minDistance : fraction * (ri + load<f64>(rad + (<usize>j << 3))), i, j);
}

/** nearestImage's result (f64[3]). */
const IMAGE: usize = memory.data(24, 8);

/** |nearestImage(r_j − r_i)|², atom i at `pi`: always from the lower index, so every path rounds alike. */
// @ts-ignore: decorator
@inline export function pairDistance2(pi: usize, j: i32, r: usize, cell: usize, inv: usize, mask: i32): f64 {
  const pj = r + <usize>j * 24;
  nearestImage(load<f64>(pj) - load<f64>(pi), load<f64>(pj, 8) - load<f64>(pi, 8), load<f64>(pj, 16) - load<f64>(pi, 16),
    cell, inv, mask, IMAGE);
  const x = load<f64>(IMAGE), y = load<f64>(IMAGE, 8), z = load<f64>(IMAGE, 16);
  return x * x + y * y + z * z;
}

/** The best key so far (floor-bins.ts certifies it against the pairs it left out). */
export function scanBestKey(): f64 {
  return bestKey;
}

/** Writes out (see mdFloorScan) from the scan state and `near`. */
export function finishScan(n: i32, near: usize, out: usize): void {
  let farD2: f64 = -1.0, farI: i32 = -1;
  for (let i = 0; i < n; i++) {
    const d2 = load<f64>(near + (<usize>i << 3));
    if (d2 > farD2) { farD2 = d2; farI = i; }
  }
  store<f64>(out, Math.sqrt(bestD2));
  store<f64>(out, <f64>bestI, 8);
  store<f64>(out, <f64>bestJ, 16);
  store<f64>(out, bestFloor, 24);
  store<f64>(out, farD2 < 0.0 ? 0.0 : Math.sqrt(farD2), 32);
  store<f64>(out, <f64>farI, 40);
}

/** Squared length of the shortest non-zero lattice translation n₀a + n₁b + n₂c, nₖ ∈ {−1, 0, 1}, periodic rows only. */
export function shortestTranslation2(cell: usize, mask: i32): f64 {
  let best: f64 = Infinity;
  for (let a = -1; a <= 1; a++) {
    if (a != 0 && (mask & 1) == 0) continue;
    for (let b = -1; b <= 1; b++) {
      if (b != 0 && (mask & 2) == 0) continue;
      for (let c = -1; c <= 1; c++) {
        if (c != 0 && (mask & 4) == 0) continue;
        if (a == 0 && b == 0 && c == 0) continue;
        let d2: f64 = 0.0;
        for (let k = 0; k < 3; k++) {
          const x = <f64>a * load<f64>(cell + (<usize>k << 3)) + <f64>b * load<f64>(cell + 24 + (<usize>k << 3)) + <f64>c * load<f64>(cell + 48 + (<usize>k << 3));
          d2 += x * x;
        }
        if (d2 < best) best = d2;
      }
    }
  }
  return best;
}

/** Largest |row| over n rows of 3 (forces, eV/Å); out f64[2]: the norm and its row. */
export function mdMaxRowNorm(n: i32, p: usize, out: usize): void {
  let best: f64 = -1.0, at: i32 = -1;
  for (let i = 0; i < n; i++) {
    const q = p + <usize>i * 24;
    const x = load<f64>(q), y = load<f64>(q, 8), z = load<f64>(q, 16);
    const s = x * x + y * y + z * z;
    if (s > best) { best = s; at = i; }
  }
  store<f64>(out, best < 0.0 ? 0.0 : Math.sqrt(best));
  store<f64>(out, <f64>at, 8);
}
