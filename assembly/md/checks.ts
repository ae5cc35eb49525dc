// Sanity scans of the MD state: non-finite numbers, atoms closer than their distance floor,
// escaped atoms, the largest force.
import { imageX, imageY, imageZ, inverse3, nearestImage } from "./linalg3";

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
 * smallest d when every floor is 0) as d, i, j, floor; then the largest nearest-neighbour
 * distance and its atom (escape check). `near` is scratch for n f64.
 */
export function mdFloorScan(n: i32, r: usize, cell: usize, pbcMask: i32, rad: usize, fraction: f64, minDistance: f64,
  near: usize, out: usize): void {
  const periodic = pbcMask != 0 && inverse3(cell, INV) != 0.0;
  const mask = periodic ? pbcMask : 0;
  for (let i = 0; i < n; i++) store<f64>(near + (<usize>i << 3), Infinity);
  let bestKey: f64 = Infinity, bestD2: f64 = Infinity, bestFloor: f64 = 0.0, bestI: i32 = -1, bestJ: i32 = -1;
  // An atom meets its own images at the shortest lattice translation (tiny periodic cells).
  const self2 = periodic ? shortestTranslation2(cell, mask) : Infinity;
  for (let i = 0; i < n; i++) {
    const pi = r + <usize>i * 24;
    const ri = load<f64>(rad + (<usize>i << 3));
    if (self2 < Infinity) {
      const floor = minDistance > 0.0 ? minDistance : fraction * 2.0 * ri;
      const key = floor > 0.0 ? self2 / (floor * floor) : self2;
      if (key < bestKey) { bestKey = key; bestD2 = self2; bestFloor = floor; bestI = i; bestJ = i; }
      if (self2 < load<f64>(near + (<usize>i << 3))) store<f64>(near + (<usize>i << 3), self2);
    }
    for (let j = i + 1; j < n; j++) {
      const pj = r + <usize>j * 24;
      nearestImage(load<f64>(pj) - load<f64>(pi), load<f64>(pj, 8) - load<f64>(pi, 8), load<f64>(pj, 16) - load<f64>(pi, 16),
        cell, INV, mask);
      const d2 = imageX * imageX + imageY * imageY + imageZ * imageZ;
      if (d2 < load<f64>(near + (<usize>i << 3))) store<f64>(near + (<usize>i << 3), d2);
      if (d2 < load<f64>(near + (<usize>j << 3))) store<f64>(near + (<usize>j << 3), d2);
      const floor = minDistance > 0.0 ? minDistance : fraction * (ri + load<f64>(rad + (<usize>j << 3)));
      const key = floor > 0.0 ? d2 / (floor * floor) : d2;
      if (key < bestKey) { bestKey = key; bestD2 = d2; bestFloor = floor; bestI = i; bestJ = j; }
    }
  }
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
function shortestTranslation2(cell: usize, mask: i32): f64 {
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
