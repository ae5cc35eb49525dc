// Tabulated radial mode: every radial map r → R(r) (basis, c and radial MLP of one layer, path
// and type pair; n_u channels padded to P) as a cubic Hermite spline on a uniform grid of K
// knots r_k = k·r_cut/(K-1), k = 0..K-1, built from the exact f64 model by
// radial-table-build.ts. The grid starts at r = 0, so no edge falls below it; the last knot is
// r_cut itself, where R keeps the MLP's bias-driven value (R(r_cut) ≠ 0: the cutoff jump of the
// model is kept, the neighbour list never asks at or beyond r_cut).
//
// Memory, one precision: a 16-byte header [1/h (T)], then per table (global path index g =
// paths of the earlier layers + p, then type pair) K knots of [R (P) | D (P)], D = h·dR/dr.
import { hget, layerHdr, H_P, H_LAYERS, H_NTYPES, L_NPATHS } from "./plan";
import { cget, cptr, sptr, C_RTABLE, C_RKNOTS, S_RLEN } from "./context";
import { colField, COL_PAIR } from "./edge";
import { ld, at } from "./vec";

/** Bytes before the first table (holds 1/h in T). */
export const TABLE_HEADER_BYTES: i32 = 16;

/** Paths of all layers. */
export function totalPaths(plan: usize): i32 {
  let n = 0;
  for (let l = 0; l < hget(plan, H_LAYERS); l++) n += hget(plan, layerHdr(plan, l) + L_NPATHS);
  return n;
}

/** Elements of one (path, pair) table. */
@inline export function tableElems(plan: usize, knots: i32): i32 {
  return knots * 2 * hget(plan, H_P);
}

/** Bytes of all tables of one precision (as f64: the host refuses what wasm32 cannot hold). */
export function tableBytes(plan: usize, knots: i32, elemBytes: i32): f64 {
  const nt = hget(plan, H_NTYPES);
  return <f64>TABLE_HEADER_BYTES + <f64>totalPaths(plan) * <f64>(nt * nt) * <f64>tableElems(plan, knots) * <f64>elemBytes;
}

/** The tables of this call (precision T), or 0: exact radial MLPs. */
@inline export function radialTables(ctx: usize): usize {
  return cptr(ctx, C_RTABLE);
}

/** Start of path p of layer l's tables (type pair 0) in the block `tab` of element type T. */
export function pathTables<T>(plan: usize, tab: usize, knots: i32, l: i32, p: i32): usize {
  let g = p;
  for (let k = 0; k < l; k++) g += hget(plan, layerHdr(plan, k) + L_NPATHS);
  const nt = hget(plan, H_NTYPES);
  return tab + <usize>TABLE_HEADER_BYTES + (<usize>g) * (<usize>(nt * nt)) * (<usize>tableElems(plan, knots)) * sizeof<T>();
}

/**
 * R (and, when dR is not 0, dR/dr per Å) at r of one table, P channels. With x = r/h, knot
 * k = ⌊x⌋ (at most K-2) and t = x - k, R = h00 R_k + h10 D_k + h01 R_k+1 + h11 D_k+1 with the
 * cubic Hermite basis; dR/dr its t-derivative over h.
 */
export function splineAt<T>(tab: usize, P: i32, knots: i32, invH: T, r: T, R: usize, dR: usize): void {
  const x: T = r * invH;
  let k = <i32>x;
  if (k > knots - 2) k = knots - 2;
  const t: T = x - <T>k, s: T = <T>1 - t;
  const tt: T = t * t, ss: T = s * s;
  const w00 = v128.splat<T>((<T>1 + <T>2 * t) * ss), w10 = v128.splat<T>(t * ss);
  const w01 = v128.splat<T>(tt * (<T>3 - <T>2 * t)), w11 = v128.splat<T>(-tt * s);
  const bytes = (<usize>P) * sizeof<T>();
  const k0 = tab + (<usize>k) * bytes * 2, k1 = k0 + bytes * 2;
  for (let o: usize = 0; o < bytes; o += 16) {
    const r0 = v128.load(k0 + o), d0 = v128.load(k0 + bytes + o), r1 = v128.load(k1 + o), d1 = v128.load(k1 + bytes + o);
    v128.store(R + o, v128.add<T>(v128.add<T>(v128.mul<T>(w00, r0), v128.mul<T>(w10, d0)), v128.add<T>(v128.mul<T>(w01, r1), v128.mul<T>(w11, d1))));
  }
  if (!dR) return;
  // dh00/dt = -dh01/dt = -6ts, dh10/dt = s(1 - 3t), dh11/dt = t(3t - 2); all over h.
  const g0 = v128.splat<T>(<T>-6 * t * s * invH), g10 = v128.splat<T>(s * (<T>1 - <T>3 * t) * invH);
  const g11 = v128.splat<T>(t * (<T>3 * t - <T>2) * invH);
  for (let o: usize = 0; o < bytes; o += 16) {
    const r0 = v128.load(k0 + o), d0 = v128.load(k0 + bytes + o), r1 = v128.load(k1 + o), d1 = v128.load(k1 + bytes + o);
    v128.store(dR + o, v128.add<T>(v128.mul<T>(g0, v128.sub<T>(r0, r1)), v128.add<T>(v128.mul<T>(g10, d0), v128.mul<T>(g11, d1))));
  }
}

/**
 * The loaded block's columns 0..cols-1 (lengths in S_RLEN, pairs in their records) for path p
 * of layer l, from the context's tables: R into R + c·rS, and dR/dr into dR + c·dS when dR is
 * not 0. What the radial MLPs (and their reverse) give in exact mode.
 */
export function tableBlock<T>(plan: usize, ctx: usize, l: i32, p: i32, cols: i32, R: usize, rS: i32, dR: usize, dS: i32): void {
  const tab = radialTables(ctx), knots = cget(ctx, C_RKNOTS), P = hget(plan, H_P);
  const invH = load<T>(tab);
  const path = pathTables<T>(plan, tab, knots, l, p);
  const per = (<usize>tableElems(plan, knots)) * sizeof<T>();
  const rl = sptr(ctx, S_RLEN);
  for (let c = 0; c < cols; c++) {
    splineAt<T>(path + (<usize>colField(ctx, c, COL_PAIR)) * per, P, knots, invH, ld<T>(rl, c), at<T>(R, c * rS), dR ? at<T>(dR, c * dS) : 0);
  }
}
