// Plans the cell-list search: a search frame (the cell rows along periodic axes, completed by
// orthonormal axes along open ones), bins in fractional coordinates at least radius/STENCIL
// wide, and the stencil reach. Open axes are binned over the atoms' bounding range, so a
// molecule needs no cell. All margins err towards visiting more bins, never fewer.
import {
  H_INV, H_ORIGIN, H_SCALE, H_RADIUS, H_NEAR2, H_NORMVOL, H_FRAME, H_SPAN,
  I_NB, I_K, I_BITS, I_NBINS, I_PBC, hf, setHf, hi, setHi, maxBins,
} from "./layout";

/**
 * Target reach in bins: bins ≥ radius/2 wide, a 5×5×5 stencil of ~15.6 r³ per atom instead of
 * 27 r³ with radius-wide bins (measured fastest for liquid water; the scan merges bins
 * adjacent along axis 2 into one run, so the smaller bins cost little loop overhead).
 */
const STENCIL: f64 = 2;
/** Frames flatter than this (normalised volume) are refused as singular. */
const MIN_NORMVOL: f64 = 1e-8;
/** Largest |W| (cell lengths an atom may sit outside its cell); keeps shifts inside i32. */
const MAX_WRAP: f64 = 536870912; // 2^29
/** Most periodic images of the stencil per atom. */
const MAX_STENCIL: i64 = 16777216; // 2^24
const MAX_NB: f64 = 1048576; // 2^20

// Refusals (< 0), named in scripts/layouts/table.mjs.
import { NL_PLAN_SINGULAR, NL_PLAN_TOO_FAR, NL_PLAN_TOO_MANY_IMAGES } from "../generated/layouts";

// @ts-ignore: decorator
@inline function fr(s: usize, row: i32, col: i32): f64 {
  return hf(s, H_FRAME + row * 3 + col);
}
// @ts-ignore: decorator
@inline function setFr(s: usize, row: i32, x: f64, y: f64, z: f64): void {
  setHf(s, H_FRAME + row * 3, x);
  setHf(s, H_FRAME + row * 3 + 1, y);
  setHf(s, H_FRAME + row * 3 + 2, z);
}
// @ts-ignore: decorator
@inline function rowLen(s: usize, row: i32): f64 {
  const x = fr(s, row, 0), y = fr(s, row, 1), z = fr(s, row, 2);
  return sqrt<f64>(x * x + y * y + z * z);
}

/** Sets frame row `dst` to the unit vector along row a × row b (zero stays zero). */
function setCrossUnit(s: usize, dst: i32, a: i32, b: i32): void {
  const x = fr(s, a, 1) * fr(s, b, 2) - fr(s, a, 2) * fr(s, b, 1);
  const y = fr(s, a, 2) * fr(s, b, 0) - fr(s, a, 0) * fr(s, b, 2);
  const z = fr(s, a, 0) * fr(s, b, 1) - fr(s, a, 1) * fr(s, b, 0);
  const l = sqrt<f64>(x * x + y * y + z * z);
  if (l > 0) setFr(s, dst, x / l, y / l, z / l);
  else setFr(s, dst, 0, 0, 0);
}

/** Search frame rows: periodic cell rows kept, open axes replaced by orthonormal completions. */
function buildFrame(s: usize, cell: usize, pbc: i32): void {
  for (let a = 0; a < 3; a++) {
    if ((pbc >> a) & 1) setFr(s, a, load<f64>(cell + a * 24), load<f64>(cell + a * 24 + 8), load<f64>(cell + a * 24 + 16));
    else setFr(s, a, <f64>(a == 0), <f64>(a == 1), <f64>(a == 2));
  }
  const p = popcnt<i32>(pbc & 7);
  if (p == 2) {
    const m = ctz<i32>(~pbc & 7);
    setCrossUnit(s, m, (m + 1) % 3, (m + 2) % 3);
  } else if (p == 1) {
    const a = ctz<i32>(pbc & 7);
    const m1 = (a + 1) % 3, m2 = (a + 2) % 3;
    // Cross with the Cartesian axis least aligned with the periodic vector, then complete.
    const ux = abs<f64>(fr(s, a, 0)), uy = abs<f64>(fr(s, a, 1)), uz = abs<f64>(fr(s, a, 2));
    const e = ux <= uy && ux <= uz ? 0 : uy <= uz ? 1 : 2;
    setFr(s, m2, <f64>(e == 0), <f64>(e == 1), <f64>(e == 2));
    setCrossUnit(s, m1, a, m2);
    setCrossUnit(s, m2, a, m1);
  }
}

/** Inverse of the frame (columns = dual vectors); returns the normalised volume. */
function invertFrame(s: usize): f64 {
  for (let a = 0; a < 3; a++) {
    const b = (a + 1) % 3, c = (a + 2) % 3;
    // column a of F^-1 = (F_b × F_c) / det, stored unscaled first
    setHf(s, H_INV + 0 * 3 + a, fr(s, b, 1) * fr(s, c, 2) - fr(s, b, 2) * fr(s, c, 1));
    setHf(s, H_INV + 1 * 3 + a, fr(s, b, 2) * fr(s, c, 0) - fr(s, b, 0) * fr(s, c, 2));
    setHf(s, H_INV + 2 * 3 + a, fr(s, b, 0) * fr(s, c, 1) - fr(s, b, 1) * fr(s, c, 0));
  }
  const det = fr(s, 0, 0) * hf(s, H_INV) + fr(s, 0, 1) * hf(s, H_INV + 3) + fr(s, 0, 2) * hf(s, H_INV + 6);
  const normVol = abs<f64>(det) / (rowLen(s, 0) * rowLen(s, 1) * rowLen(s, 2));
  if (!(normVol >= MIN_NORMVOL)) return normVol; // NaN-safe refusal
  for (let k = 0; k < 9; k++) setHf(s, H_INV + k, hf(s, H_INV + k) / det);
  return normVol;
}

/** Fractional coordinate a of Cartesian point p (f64 ×3). */
// @ts-ignore: decorator
@inline export function fractional(s: usize, p: usize, a: i32): f64 {
  return load<f64>(p) * hf(s, H_INV + a) + load<f64>(p, 8) * hf(s, H_INV + 3 + a) + load<f64>(p, 16) * hf(s, H_INV + 6 + a);
}

/**
 * Plans the search of all pairs closer than `radius` (Å) among `n` atoms at `pos` (f64 N×3)
 * with cell rows `cell` (f64 3×3, read along periodic axes only) and periodic mask `pbc`.
 * Writes the plan to the header of `scratch`; returns the bin count (> 0) or NL_PLAN_* (< 0).
 */
export function plan(n: i32, pos: usize, cell: usize, pbc: i32, radius: f64, scratch: usize): i32 {
  const s = scratch;
  pbc &= 7;
  buildFrame(s, cell, pbc);
  const normVol = invertFrame(s);
  setHf(s, H_NORMVOL, normVol);
  if (!(normVol >= MIN_NORMVOL)) return NL_PLAN_SINGULAR;

  // Bounding range of fractional coordinates (origin of open axes) and the largest |x|
  // (bounds the rounding error of fractional coordinates).
  let ax: f64 = 0, ay: f64 = 0, az: f64 = 0;
  for (let a = 0; a < 3; a++) {
    setHf(s, H_ORIGIN + a, Infinity);
    setHf(s, H_SCALE + a, -Infinity);
  }
  for (let i = 0; i < n; i++) {
    const p = pos + <usize>i * 24;
    ax = max<f64>(ax, abs<f64>(load<f64>(p)));
    ay = max<f64>(ay, abs<f64>(load<f64>(p, 8)));
    az = max<f64>(az, abs<f64>(load<f64>(p, 16)));
    for (let a = 0; a < 3; a++) {
      const f = fractional(s, p, a);
      setHf(s, H_ORIGIN + a, min<f64>(hf(s, H_ORIGIN + a), f));
      setHf(s, H_SCALE + a, max<f64>(hf(s, H_SCALE + a), f));
    }
  }

  let nbins: i64 = 1;
  for (let a = 0; a < 3; a++) {
    const periodic = (pbc >> a) & 1;
    const lo = hf(s, H_ORIGIN + a), up = hf(s, H_SCALE + a);
    if (periodic && n > 0 && !(max<f64>(abs<f64>(lo), abs<f64>(up)) < MAX_WRAP)) return NL_PLAN_TOO_FAR;
    const ia = abs<f64>(hf(s, H_INV + a)), ib = abs<f64>(hf(s, H_INV + 3 + a)), ic = abs<f64>(hf(s, H_INV + 6 + a));
    const dual = sqrt<f64>(ia * ia + ib * ib + ic * ic); // 1 / plane spacing
    // 1e-14 ≈ 90 ulp: covers the dot product, the wrap and the bin scaling of both atoms.
    const err = 1e-14 * (ax * ia + ay * ib + az * ic + 1);
    const span = radius * dual + 2 * err;
    setHf(s, H_SPAN + a, span);
    const length = periodic ? 1.0 : n > 0 ? up - lo : 0.0;
    let nb = min<f64>(floor<f64>(STENCIL * (1 - 1e-9) * length / span), MAX_NB);
    if (!(nb >= 1)) nb = 1; // also NaN (0/0: no extent)
    setHi(s, I_NB + a, <i32>nb);
    setHf(s, H_ORIGIN + a, periodic || n == 0 ? 0.0 : lo);
    setHf(s, H_SCALE + a, length); // length for now, scale below
    nbins *= <i64>nb;
  }
  // Sparse or elongated systems: widen bins until their count is O(n).
  const cap = <i64>maxBins(n);
  while (nbins > cap) {
    let w = 0;
    if (hi(s, I_NB + 1) > hi(s, I_NB + w)) w = 1;
    if (hi(s, I_NB + 2) > hi(s, I_NB + w)) w = 2;
    const nb = hi(s, I_NB + w);
    setHi(s, I_NB + w, (nb + 1) >> 1);
    nbins = <i64>hi(s, I_NB) * <i64>hi(s, I_NB + 1) * <i64>hi(s, I_NB + 2);
  }

  let images: i64 = 1;
  for (let a = 0; a < 3; a++) {
    const periodic = (pbc >> a) & 1;
    const nb = hi(s, I_NB + a);
    const length = hf(s, H_SCALE + a);
    const span = hf(s, H_SPAN + a);
    let k: f64 = 0;
    if (periodic) {
      k = floor<f64>(<f64>nb * span + 1e-9) + 1;
      if (!(k <= 8388608)) return NL_PLAN_TOO_MANY_IMAGES; // 2^23, also catches NaN
      images *= <i64>(2 * <i32>k + 1);
      if (images > MAX_STENCIL) return NL_PLAN_TOO_MANY_IMAGES;
    } else if (nb > 1) {
      k = min<f64>(floor<f64>(<f64>nb * span / length + 1e-9) + 1, <f64>(nb - 1));
    }
    const ki = <i32>k;
    setHi(s, I_K + a, ki);
    setHi(s, I_BITS + a, periodic ? 32 - clz<i32>(2 * ki) : 0);
    setHf(s, H_SCALE + a, periodic ? <f64>nb : nb > 1 ? <f64>nb / length : 0.0);
  }
  setHf(s, H_RADIUS, radius);
  // The scan prefilters with wrapped positions, whose vectors differ from the exact edge
  // formula by rounding of order ε·(|x| + |cell|) (far-out atoms, tiny-cell images): this
  // margin exceeds that many times over, and the exact test follows anyway.
  let rows: f64 = 0;
  for (let a = 0; a < 3; a++) {
    if ((pbc >> a) & 1) {
      const c = cell + <usize>a * 24;
      rows += abs<f64>(load<f64>(c)) + abs<f64>(load<f64>(c, 8)) + abs<f64>(load<f64>(c, 16));
    }
  }
  const near = radius * (1 + 1e-9) + 1e-13 * (4 * (ax + ay + az) + 4 * rows + 2 * radius);
  setHf(s, H_NEAR2, near * near);
  setHi(s, I_NBINS, <i32>nbins);
  setHi(s, I_PBC, pbc);
  return <i32>nbins;
}
