// The edge vector of an ordered pair (i, j, S): r = (x_j - x_i) + S·cell, in exactly this
// operation order everywhere (search, skin filter, test brute force), so a pair's vector and
// its distance test give the same bits whichever path computed them. Negating S and swapping
// i, j negates every rounded term, so r_ji = -r_ij bit for bit and the edge set is symmetric.

/** One Cartesian component: (xj - xi) + ((s0*c0 + s1*c1) + s2*c2), c_k = cell[k][component]. */
// @ts-ignore: decorator
@inline
export function pairComponent(xi: f64, xj: f64, s0: f64, s1: f64, s2: f64, c0: f64, c1: f64, c2: f64): f64 {
  return (xj - xi) + ((s0 * c0 + s1 * c1) + s2 * c2);
}

/** One component of a wrapped position x - W·cell (the scan's prefilter only). */
// @ts-ignore: decorator
@inline
export function wrappedComponent(x: f64, w0: f64, w1: f64, w2: f64, c0: f64, c1: f64, c2: f64): f64 {
  return x - ((w0 * c0 + w1 * c1) + w2 * c2);
}

/** Squared length, summed x, y, z in this order. */
// @ts-ignore: decorator
@inline
export function norm2(x: f64, y: f64, z: f64): f64 {
  return (x * x + y * y) + z * z;
}

/** The inclusion test of an edge: |r| < radius strictly, on the correctly rounded sqrt. */
// @ts-ignore: decorator
@inline
export function within(d2: f64, radius: f64): bool {
  return sqrt<f64>(d2) < radius;
}

/** Cell rows (f64 3×3 at `cell`) held in locals by the caller's loop. */
// @ts-ignore: decorator
@inline
export function cellAt(cell: usize, row: i32, col: i32): f64 {
  return load<f64>(cell + <usize>(row * 3 + col) * 8);
}

/**
 * Writes r of the edge from atom i at (xi, yi, zi) to the atom at `pj` (f64 ×3) with image
 * shift at `shift` (i32 ×3) to `out` (f64 ×3); returns |r|². cRC = cell[R][C].
 */
// @ts-ignore: decorator
@inline
export function edgeVector(
  xi: f64, yi: f64, zi: f64, pj: usize, shift: usize, out: usize,
  c00: f64, c01: f64, c02: f64, c10: f64, c11: f64, c12: f64, c20: f64, c21: f64, c22: f64,
): f64 {
  const s0 = <f64>load<i32>(shift), s1 = <f64>load<i32>(shift, 4), s2 = <f64>load<i32>(shift, 8);
  const x = pairComponent(xi, load<f64>(pj), s0, s1, s2, c00, c10, c20);
  const y = pairComponent(yi, load<f64>(pj, 8), s0, s1, s2, c01, c11, c21);
  const z = pairComponent(zi, load<f64>(pj, 16), s0, s1, s2, c02, c12, c22);
  store<f64>(out, x);
  store<f64>(out, y, 8);
  store<f64>(out, z, 16);
  return norm2(x, y, z);
}
