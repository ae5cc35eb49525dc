// Sanity scans of the MD state: non-finite numbers, overlapping atoms, escaped atoms.
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
 * Nearest-neighbour scan, O(N²), minimum image along periodic directions (pbcMask bits 0..2;
 * cell rows at `cell`, unused when the mask is 0). Writes to out (f64[5]): the smallest pair
 * distance and its atoms i, j, then the largest nearest-neighbour distance and its atom.
 */
export function mdNearestScan(n: i32, r: usize, cell: usize, pbcMask: i32, out: usize): void {
  const periodic = pbcMask != 0 && inverse3(cell, INV) != 0.0;
  let minD2: f64 = Infinity, minI: i32 = -1, minJ: i32 = -1;
  let farD2: f64 = -1.0, farI: i32 = -1;
  for (let i = 0; i < n; i++) {
    let nearest: f64 = Infinity;
    const pi = r + <usize>i * 24;
    for (let j = 0; j < n; j++) {
      if (j == i) continue;
      const pj = r + <usize>j * 24;
      nearestImage(load<f64>(pj) - load<f64>(pi), load<f64>(pj, 8) - load<f64>(pi, 8), load<f64>(pj, 16) - load<f64>(pi, 16),
        cell, INV, periodic ? pbcMask : 0);
      const d2 = imageX * imageX + imageY * imageY + imageZ * imageZ;
      if (d2 < nearest) nearest = d2;
      if (d2 < minD2) { minD2 = d2; minI = i; minJ = j; }
    }
    if (nearest > farD2) { farD2 = nearest; farI = i; }
  }
  store<f64>(out, Math.sqrt(minD2));
  store<f64>(out, <f64>minI, 8);
  store<f64>(out, <f64>minJ, 16);
  store<f64>(out, farD2 < 0.0 ? 0.0 : Math.sqrt(farD2), 24);
  store<f64>(out, <f64>farI, 32);
}
