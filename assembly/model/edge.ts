// Per-edge quantities shared by the forward and reverse passes: length, direction, radial
// basis and outer powers of the direction, and the contraction of a neighbour's feature with
// them. Lengths come from the f64 edge vectors of the neighbour list and are cast to T here.
import { hget, wptr, pow3, compOffset, H_NB, H_MAXV, H_OFF_SCALARS } from "./plan";
import { cptr, sptr, C_VEC, S_N, S_Q, S_DQ, S_D } from "./context";
import { radialBasis } from "./radial";
import { outerPowers } from "./tensors";
import { st, ld, zero, axpy, at } from "./vec";

/** Fills the scratch n, Q (and dQ/dr when `deriv`), D_0..D_maxV for edge e; returns |r_e| in T. */
export function edgeSetup<T>(plan: usize, weights: usize, ctx: usize, e: i32, deriv: bool): T {
  const p = cptr(ctx, C_VEC) + (<usize>e) * 24;
  const x = load<f64>(p), y = load<f64>(p, 8), z = load<f64>(p, 16);
  const r = Math.sqrt(x * x + y * y + z * z);
  const n = sptr(ctx, S_N);
  st<T>(n, 0, <T>(x / r));
  st<T>(n, 1, <T>(y / r));
  st<T>(n, 2, <T>(z / r));
  const rc = ld<T>(wptr<T>(weights, hget(plan, H_OFF_SCALARS)), 0);
  radialBasis<T>(<T>r, rc, hget(plan, H_NB), sptr(ctx, S_Q), deriv ? sptr(ctx, S_DQ) : 0);
  outerPowers<T>(n, hget(plan, H_MAXV), sptr(ctx, S_D));
  return <T>r;
}

/** s[u] = Σ_c D_v1[c]·f[c][u]: a neighbour's rank-v1 feature (block of ranks 0.. as [comp][P]) against n^{⊗v1}. */
export function contractFeature<T>(D: usize, v1: i32, f: usize, P: i32, s: usize): void {
  zero<T>(s, P);
  const c0 = compOffset(v1), m = pow3(v1);
  for (let c = 0; c < m; c++) axpy<T>(s, ld<T>(D, c0 + c), at<T>(f, (c0 + c) * P), P);
}
