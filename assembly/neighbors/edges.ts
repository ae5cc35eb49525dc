// Per-edge passes after the search: edge vectors from current positions, the Verlet-skin
// filter (candidates within cutoff + skin -> edges within cutoff, same order and bits as a
// fresh search at these positions), displacement since the last build, closest pair.
import { edgeVector, within } from "./pair";

/** Writes i (i32) and vec (f64 ×3) of every edge listed by rowStart, j, shift. */
export function vectors(n: i32, pos: usize, cell: usize, rowStart: usize, j: usize, shift: usize, outI: usize, outVec: usize): void {
  for (let i = 0; i < n; i++) {
    const end = load<i32>(rowStart + (<usize>(i + 1) << 2));
    for (let e = load<i32>(rowStart + (<usize>i << 2)); e < end; e++) {
      store<i32>(outI + (<usize>e << 2), i);
      edgeVector(pos, cell, i, load<i32>(j + (<usize>e << 2)), shift + <usize>e * 12, outVec + <usize>e * 24);
    }
  }
}

/**
 * Keeps the candidates with |r| < cutoff at the current positions. `keep` (i32 per candidate)
 * receives each candidate's output index or -1; the outputs are rowStart (n+1), i, j, shift,
 * vec and rev (reverse edges are kept together: |r_ji| = |r_ij| bit for bit). Returns the count.
 */
export function filter(
  n: i32, pos: usize, cell: usize, cutoff: f64,
  candRowStart: usize, candJ: usize, candShift: usize, candRev: usize, keep: usize,
  rowStart: usize, outI: usize, outJ: usize, outShift: usize, outVec: usize, outRev: usize,
): i32 {
  let count = 0;
  store<i32>(rowStart, 0);
  for (let i = 0; i < n; i++) {
    const end = load<i32>(candRowStart + (<usize>(i + 1) << 2));
    for (let c = load<i32>(candRowStart + (<usize>i << 2)); c < end; c++) {
      const j = load<i32>(candJ + (<usize>c << 2));
      const sh = candShift + <usize>c * 12;
      const vec = outVec + <usize>count * 24; // written in place; kept only if inside
      if (within(edgeVector(pos, cell, i, j, sh, vec), cutoff)) {
        store<i32>(keep + (<usize>c << 2), count);
        store<i32>(outI + (<usize>count << 2), i);
        store<i32>(outJ + (<usize>count << 2), j);
        const o = outShift + <usize>count * 12;
        store<i32>(o, load<i32>(sh));
        store<i32>(o, load<i32>(sh, 4), 4);
        store<i32>(o, load<i32>(sh, 8), 8);
        count++;
      } else {
        store<i32>(keep + (<usize>c << 2), -1);
      }
    }
    store<i32>(rowStart + (<usize>(i + 1) << 2), count);
  }
  const total = load<i32>(candRowStart + (<usize>n << 2));
  for (let c = 0; c < total; c++) {
    const e = load<i32>(keep + (<usize>c << 2));
    if (e >= 0) store<i32>(outRev + (<usize>e << 2), load<i32>(keep + (<usize>load<i32>(candRev + (<usize>c << 2)) << 2)));
  }
  return count;
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
