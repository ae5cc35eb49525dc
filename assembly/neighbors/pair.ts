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

/**
 * Writes the vector of edge (i, j, shift) from positions `pos` (f64 N×3) and cell rows `cell`
 * (f64 3×3) to `out` (f64 ×3) and returns its squared length.
 */
// @ts-ignore: decorator
@inline
export function edgeVector(pos: usize, cell: usize, i: i32, j: i32, shift: usize, out: usize): f64 {
  const pi = pos + <usize>i * 24;
  const pj = pos + <usize>j * 24;
  const s0 = <f64>load<i32>(shift);
  const s1 = <f64>load<i32>(shift, 4);
  const s2 = <f64>load<i32>(shift, 8);
  const x = pairComponent(load<f64>(pi), load<f64>(pj), s0, s1, s2, load<f64>(cell), load<f64>(cell, 24), load<f64>(cell, 48));
  const y = pairComponent(load<f64>(pi, 8), load<f64>(pj, 8), s0, s1, s2, load<f64>(cell, 8), load<f64>(cell, 32), load<f64>(cell, 56));
  const z = pairComponent(load<f64>(pi, 16), load<f64>(pj, 16), s0, s1, s2, load<f64>(cell, 16), load<f64>(cell, 40), load<f64>(cell, 64));
  store<f64>(out, x);
  store<f64>(out, y, 8);
  store<f64>(out, z, 16);
  return norm2(x, y, z);
}
