// Per-edge quantities shared by the forward and reverse passes, for one column of an edge
// block: length, direction, radial basis (and its r-derivative) and the outer powers of the
// direction (their distinct entries: tensors.ts). Lengths come from the f64 edge vectors of the
// neighbour list and are cast to T.
import { hget, wptr, H_NB, H_MAXV, H_NTYPES, H_OFF_SCALARS } from "./plan";
import { cptr, sptr, cstride, C_VEC, C_J, C_TYPES, C_ROW, S_N, S_Q, S_DQ, S_D, S_RLEN, S_COL, S_SHIFTS, S_SV, BLOCK } from "./context";
import { radialBasis } from "./radial";
import { outerPowers, symOffset, symCount } from "./tensors";
import { st, ld, matvecRows, at } from "./vec";

// Fields of a column record in S_COL.
export const COL_EDGE: i32 = 0;
export const COL_I: i32 = 1;
export const COL_J: i32 = 2;
export const COL_PAIR: i32 = 3; // ti·ntypes + tj

@inline export function colField(ctx: usize, c: i32, f: i32): i32 {
  return load<i32>(sptr(ctx, S_COL) + (<usize>(4 * c + f) << 2));
}

@inline function setColField(ctx: usize, c: i32, f: i32, x: i32): void {
  store<i32>(sptr(ctx, S_COL) + (<usize>(4 * c + f) << 2), x);
}

/** S_SHIFTS[c] = pair(c)·stride: where column c's copy of a path's first radial layer starts. */
export function setShifts(plan: usize, ctx: usize, stride: i32): void {
  const sh = sptr(ctx, S_SHIFTS);
  for (let c = 0; c < BLOCK; c++) store<i32>(sh + (<usize>c << 2), colField(ctx, c, COL_PAIR) * stride);
}

/** Column c's pointer in a per-column scratch slot. */
@inline export function colPtr<T>(ctx: usize, slot: i32, c: i32): usize {
  return at<T>(sptr(ctx, slot), c * cstride(ctx, slot));
}

/**
 * Loads edge e (centre i) into column c: record, n, Q (and dQ/dr when `deriv`; neither without
 * `basis`), D_0..D_maxV, |r|. `swap` takes the reverse edge's type pair (tj, ti).
 */
export function edgeColumn<T>(plan: usize, weights: usize, ctx: usize, c: i32, e: i32, i: i32, deriv: bool, swap: bool, basis: bool): void {
  const j = load<i32>(cptr(ctx, C_J) + (<usize>e << 2));
  const types = cptr(ctx, C_TYPES);
  const ti = load<i32>(types + (<usize>i << 2)), tj = load<i32>(types + (<usize>j << 2));
  const nt = hget(plan, H_NTYPES);
  setColField(ctx, c, COL_EDGE, e);
  setColField(ctx, c, COL_I, i);
  setColField(ctx, c, COL_J, j);
  setColField(ctx, c, COL_PAIR, swap ? tj * nt + ti : ti * nt + tj);
  const p = cptr(ctx, C_VEC) + (<usize>e) * 24;
  const x = load<f64>(p), y = load<f64>(p, 8), z = load<f64>(p, 16);
  const r = Math.sqrt(x * x + y * y + z * z);
  const n = colPtr<T>(ctx, S_N, c);
  st<T>(n, 0, <T>(x / r));
  st<T>(n, 1, <T>(y / r));
  st<T>(n, 2, <T>(z / r));
  st<T>(sptr(ctx, S_RLEN), c, <T>r);
  const rc = ld<T>(wptr<T>(weights, hget(plan, H_OFF_SCALARS)), 0);
  if (basis) radialBasis<T>(<T>r, rc, hget(plan, H_NB), colPtr<T>(ctx, S_Q, c), deriv ? colPtr<T>(ctx, S_DQ, c) : 0);
  outerPowers<T>(n, hget(plan, H_MAXV), colPtr<T>(ctx, S_D, c));
}

/**
 * Loads edges e0.. (at most BLOCK) into the columns, advancing the row cursor `i` (centre of
 * e0) as rows end. Columns past the last edge repeat it (computed, never used). Returns the
 * number of real columns; the centre of the last loaded edge is left in the S_COL record.
 * `basis` and `deriv` as in edgeColumn.
 */
export function loadBlock<T>(plan: usize, weights: usize, ctx: usize, e0: i32, E: i32, i: i32, deriv: bool, basis: bool): i32 {
  const row = cptr(ctx, C_ROW);
  const cnt = E - e0 < BLOCK ? E - e0 : BLOCK;
  for (let c = 0; c < BLOCK; c++) {
    const e = e0 + (c < cnt ? c : cnt - 1);
    while (load<i32>(row + (<usize>(i + 1) << 2)) <= e) i++;
    edgeColumn<T>(plan, weights, ctx, c, e, i, deriv, false, basis);
  }
  return cnt;
}

/**
 * S_SV of columns 0..cols-1: each neighbour's features of ranks 0..vin contracted with
 * n^{⊗v1}. g holds the features symmetrized (tensors.ts), gc = symComps(vin) per atom.
 */
export function contractNeighbours<T>(ctx: usize, P: i32, g: usize, gc: i32, vin: i32, cols: i32): void {
  for (let c = 0; c < cols; c++) {
    const D = colPtr<T>(ctx, S_D, c), sv = colPtr<T>(ctx, S_SV, c);
    const gj = at<T>(g, colField(ctx, c, COL_J) * gc * P);
    for (let v1 = 0; v1 <= vin; v1++) contractFeature<T>(D, v1, gj, P, at<T>(sv, v1 * P));
  }
}

/** s[u] = Σ_k D_v1[k]·f[k][u]: a neighbour's symmetrized rank-v1 feature (ranks 0.. stacked as [k][P]) against n^{⊗v1}. */
export function contractFeature<T>(D: usize, v1: i32, f: usize, P: i32, s: usize): void {
  const k0 = symOffset(v1);
  matvecRows<T>(at<T>(f, k0 * P), symCount(v1), P, at<T>(D, k0), 0, s);
}
