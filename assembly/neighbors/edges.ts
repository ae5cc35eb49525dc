// Per-edge passes after the search: edge vectors from current positions, the Verlet-skin
// filter (candidates within cutoff + skin -> edges within cutoff, same order and bits as a
// fresh search at these positions), displacement since the last build, closest pair.
import { edgeVector, cellAt, within } from "./pair";
import { reverseEdges } from "./reverse";
import { NL_FILTER_ASYMMETRIC } from "../generated/layouts";

/** Writes i (i32) and vec (f64 ×3) of every edge listed by rowStart, j, shift. */
export function vectors(n: i32, pos: usize, cell: usize, rowStart: usize, j: usize, shift: usize, outI: usize, outVec: usize): void {
  const c00 = cellAt(cell, 0, 0), c01 = cellAt(cell, 0, 1), c02 = cellAt(cell, 0, 2);
  const c10 = cellAt(cell, 1, 0), c11 = cellAt(cell, 1, 1), c12 = cellAt(cell, 1, 2);
  const c20 = cellAt(cell, 2, 0), c21 = cellAt(cell, 2, 1), c22 = cellAt(cell, 2, 2);
  for (let i = 0; i < n; i++) {
    const pi = pos + <usize>i * 24;
    const xi = load<f64>(pi), yi = load<f64>(pi, 8), zi = load<f64>(pi, 16);
    const end = load<i32>(rowStart + (<usize>(i + 1) << 2));
    for (let e = load<i32>(rowStart + (<usize>i << 2)); e < end; e++) {
      store<i32>(outI + (<usize>e << 2), i);
      const pj = pos + <usize>load<i32>(j + (<usize>e << 2)) * 24;
      edgeVector(xi, yi, zi, pj, shift + <usize>e * 12, outVec + <usize>e * 24, c00, c01, c02, c10, c11, c12, c20, c21, c22);
    }
  }
}

/**
 * Keeps the candidates with |r| < cutoff at the current positions, in their (canonical)
 * order; the outputs are rowStart (n+1), i, j, shift, vec and rev; `cursor` is i32 scratch per
 * atom. A pair and its reverse are kept together (|r_ji| = |r_ij| bit for bit). Returns the
 * count, or -1 if the kept rows do not pair up (an internal inconsistency).
 */
export function filter(
  n: i32, pos: usize, cell: usize, cutoff: f64,
  candRowStart: usize, candJ: usize, candShift: usize, cursor: usize,
  rowStart: usize, outI: usize, outJ: usize, outShift: usize, outVec: usize, outRev: usize,
): i32 {
  const c00 = cellAt(cell, 0, 0), c01 = cellAt(cell, 0, 1), c02 = cellAt(cell, 0, 2);
  const c10 = cellAt(cell, 1, 0), c11 = cellAt(cell, 1, 1), c12 = cellAt(cell, 1, 2);
  const c20 = cellAt(cell, 2, 0), c21 = cellAt(cell, 2, 1), c22 = cellAt(cell, 2, 2);
  let count = 0;
  store<i32>(rowStart, 0);
  for (let i = 0; i < n; i++) {
    const pi = pos + <usize>i * 24;
    const xi = load<f64>(pi), yi = load<f64>(pi, 8), zi = load<f64>(pi, 16);
    const end = load<i32>(candRowStart + (<usize>(i + 1) << 2));
    for (let c = load<i32>(candRowStart + (<usize>i << 2)); c < end; c++) {
      const j = load<i32>(candJ + (<usize>c << 2));
      const sh = candShift + <usize>c * 12;
      // Written at the next output slot unconditionally and kept by advancing the count:
      // no unpredictable branch (slot count < c + 1 <= candidates, inside the outputs).
      const d2 = edgeVector(xi, yi, zi, pos + <usize>j * 24, sh, outVec + <usize>count * 24, c00, c01, c02, c10, c11, c12, c20, c21, c22);
      store<i32>(outI + (<usize>count << 2), i);
      store<i32>(outJ + (<usize>count << 2), j);
      const o = outShift + <usize>count * 12;
      store<i32>(o, load<i32>(sh));
      store<i32>(o, load<i32>(sh, 4), 4);
      store<i32>(o, load<i32>(sh, 8), 8);
      count += <i32>within(d2, cutoff);
    }
    store<i32>(rowStart + (<usize>(i + 1) << 2), count);
  }
  return reverseEdges(n, cursor, rowStart, outJ, outRev) ? count : NL_FILTER_ASYMMETRIC;
}

/** Largest squared displacement |pos - ref|² over atoms, Å². */
export function maxDisplacement2(n: i32, pos: usize, ref: usize): f64 {
  let worst: f64 = 0;
  for (let k = 0; k < n; k++) {
    const p = pos + <usize>k * 24, q = ref + <usize>k * 24;
    const dx = load<f64>(p) - load<f64>(q), dy = load<f64>(p, 8) - load<f64>(q, 8), dz = load<f64>(p, 16) - load<f64>(q, 16);
    const d2 = (dx * dx + dy * dy) + dz * dz;
    if (d2 > worst) worst = d2;
    else if (d2 != d2) return d2; // NaN reads as "moved"
  }
  return worst;
}

/** Index of the shortest edge (first on ties), -1 without edges. */
export function closestEdge(count: i32, vec: usize): i32 {
  let best = -1;
  let bestD2 = Infinity;
  for (let e = 0; e < count; e++) {
    const v = vec + <usize>e * 24;
    const x = load<f64>(v), y = load<f64>(v, 8), z = load<f64>(v, 16);
    const d2 = (x * x + y * y) + z * z;
    if (d2 < bestD2) { bestD2 = d2; best = e; }
  }
  return best;
}
