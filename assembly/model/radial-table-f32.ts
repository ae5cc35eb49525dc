// The f32 mode's radial tables (radial-table.ts has the f64 ones): per interval [r_k, r_k+1] of
// a uniform grid of K knots from 0 to r_cut, the quintic of the same Hermite data (R, hR′, h²R″
// at both ends, from the exact f64 model) in powers of t = r/h - k: R = Σ_m c_m t^m, c_m in f32.
// Why not f32 knots of the f64 layout: there dR/dr = (±30t²s²(R_k+1 - R_k) + …)/h cancels, so
// rounding R_k to f32 would err by ~1e-7·|R|/h in dR/dr; here c_1..c_5 are the small
// differences themselves, each rounded once, and dR/dr keeps f32's relative precision.
// Half the bytes per coefficient and four lanes per SIMD op make a lookup ~3× cheaper, and f32
// mode needs far fewer knots than f64's 1e-7 eV/Å (its criterion is PyTorch float32's error).
//
// Memory: a 16-byte header [1/h as f64], then per layer, type pair and interval the layer's
// paths one after the other, each [c0 | c1 | c2 | c3 | c4 | c5] (P f32 each).
import { hget, layerHdr, H_P, H_NTYPES, L_NPATHS } from "./plan";
import { cget, cptr, sptr, C_RTABLE, C_RKNOTS, S_RLEN } from "./context";
import { colField, COL_PAIR } from "./edge";
import { TABLE_HEADER_BYTES, totalPaths, knotInterval } from "./radial-table";
import { ld, at } from "./vec";
import { touch } from "../memory";

/** Coefficients per channel and interval. */
export const COEFFS: i32 = 6;

/** f32 elements between consecutive intervals of a path of layer l (all its paths lie in between). */
@inline export function intervalStride(plan: usize, l: i32): i32 {
  return hget(plan, layerHdr(plan, l) + L_NPATHS) * COEFFS * hget(plan, H_P);
}

/** Bytes of all f32 tables for `knots` knots (as f64: the host refuses what wasm32 cannot hold). */
export function tableBytes32(plan: usize, knots: i32): f64 {
  const nt = hget(plan, H_NTYPES);
  return <f64>TABLE_HEADER_BYTES + <f64>totalPaths(plan) * <f64>(nt * nt) * <f64>(knots - 1) * <f64>(COEFFS * hget(plan, H_P)) * 4;
}

/** Interval 0 of path p of layer l, type pair 0 (pairs follow each other every K-1 intervals). */
function pathTables32(plan: usize, tab: usize, knots: i32, l: i32, p: i32): usize {
  let before = 0;
  for (let k = 0; k < l; k++) before += hget(plan, layerHdr(plan, k) + L_NPATHS);
  const nt = hget(plan, H_NTYPES), cell = <usize>(COEFFS * hget(plan, H_P));
  return tab + <usize>TABLE_HEADER_BYTES + ((<usize>before) * (<usize>(nt * nt)) * (<usize>(knots - 1)) * cell + (<usize>p) * cell) * 4;
}

/**
 * R and (when dR is not 0) dR/dr per Å at r, P channels, for np consecutive paths (each `cell`
 * bytes after the last in the tables; outputs rStep and dStep bytes apart): Σ c_m·t^m and
 * Σ m·c_m·t^(m-1)/h with the powers formed once per lookup in f64 (then rounded) and shared
 * by the paths, summed as shallow trees rather than by Horner, whose chain of dependent
 * multiply-adds was the lookup's latency. Values and derivatives are separate sweeps: together
 * their ten weight registers and six coefficients do not fit the sixteen SIMD registers of x64.
 */
function splineAt32(tab: usize, np: i32, cell: usize, P: i32, knots: i32, stride: i32, invH: f64, r: f32, R: usize, rStep: usize, dR: usize, dStep: usize): void {
  const x: f64 = <f64>r * invH, k = knotInterval(x, knots);
  const t = x - <f64>k, t2 = t * t, t3 = t2 * t, t4 = t2 * t2;
  const w1 = f32x4.splat(<f32>t), w2 = f32x4.splat(<f32>t2), w3 = f32x4.splat(<f32>t3), w4 = f32x4.splat(<f32>t4), w5 = f32x4.splat(<f32>(t4 * t));
  const bytes = (<usize>P) << 2;
  const c0 = tab + (<usize>k) * (<usize>stride << 2);
  for (let p = 0, c = c0, y = R; p < np; p++, c += cell, y += rStep) {
    for (let o: usize = 0; o < bytes; o += 16) {
      const q = c + o;
      v128.store(y + o, value(v128.load(q), v128.load(q + bytes), v128.load(q + 2 * bytes), v128.load(q + 3 * bytes), v128.load(q + 4 * bytes), v128.load(q + 5 * bytes), w1, w2, w3, w4, w5));
    }
  }
  if (!dR) return;
  const g1 = f32x4.splat(<f32>invH), g2 = f32x4.splat(<f32>(2 * t * invH)), g3 = f32x4.splat(<f32>(3 * t2 * invH));
  const g4 = f32x4.splat(<f32>(4 * t3 * invH)), g5 = f32x4.splat(<f32>(5 * t4 * invH));
  for (let p = 0, c = c0, y = dR; p < np; p++, c += cell, y += dStep) {
    for (let o: usize = 0; o < bytes; o += 16) {
      const q = c + o;
      const c1 = v128.load(q + bytes), c2 = v128.load(q + 2 * bytes), c3 = v128.load(q + 3 * bytes), c4 = v128.load(q + 4 * bytes), c5 = v128.load(q + 5 * bytes);
      const d = f32x4.add(f32x4.add(f32x4.mul(g1, c1), f32x4.mul(g2, c2)), f32x4.add(f32x4.add(f32x4.mul(g3, c3), f32x4.mul(g4, c4)), f32x4.mul(g5, c5)));
      v128.store(y + o, d);
    }
  }
}

/** c0 + c1·t + … + c5·t⁵ for four channels, the powers of t given. */
@inline function value(c0: v128, c1: v128, c2: v128, c3: v128, c4: v128, c5: v128, w1: v128, w2: v128, w3: v128, w4: v128, w5: v128): v128 {
  const lo = f32x4.add(c0, f32x4.mul(w1, c1)), mid = f32x4.add(f32x4.mul(w2, c2), f32x4.mul(w3, c3)), hi = f32x4.add(f32x4.mul(w4, c4), f32x4.mul(w5, c5));
  return f32x4.add(lo, f32x4.add(mid, hi));
}

/** tableBlock of radial-table.ts for the f32 tables: R into R + c·rS, dR/dr into dR + c·dS (when dR is not 0). */
export function tableBlock32(plan: usize, ctx: usize, l: i32, p: i32, cols: i32, R: usize, rS: i32, dR: usize, dS: i32): void {
  const tab = cptr(ctx, C_RTABLE), knots = cget(ctx, C_RKNOTS), P = hget(plan, H_P);
  const invH = load<f64>(tab);
  const path = pathTables32(plan, tab, knots, l, p), stride = intervalStride(plan, l);
  const per = (<usize>(knots - 1)) * (<usize>stride) * 4;
  const rl = sptr(ctx, S_RLEN);
  for (let c = 0; c < cols; c++) {
    splineAt32(path + (<usize>colField(ctx, c, COL_PAIR)) * per, 1, 0, P, knots, stride, invH, ld<f32>(rl, c), at<f32>(R, c * rS), 0, dR ? at<f32>(dR, c * dS) : 0, 0);
  }
}

/**
 * All paths of layer l for one edge (type pair `pair`, length r): path p's R into
 * rec + p·recS elements and its dR/dr P elements after it. One contiguous stretch of the tables.
 */
export function tableEdge32(plan: usize, ctx: usize, l: i32, pair: i32, r: f32, rec: usize, recS: i32): void {
  const tab = cptr(ctx, C_RTABLE), knots = cget(ctx, C_RKNOTS), P = hget(plan, H_P);
  const cell = (<usize>(COEFFS * P)) << 2, step = (<usize>recS) << 2;
  splineAt32(pairTables32(plan, tab, knots, l, pair), hget(plan, layerHdr(plan, l) + L_NPATHS), cell, P, knots, intervalStride(plan, l), load<f64>(tab), r, rec, step, rec + ((<usize>P) << 2), step);
}

/** Interval 0 of path 0 of layer l for one type pair: where tableEdge32's lookups start. */
function pairTables32(plan: usize, tab: usize, knots: i32, l: i32, pair: i32): usize {
  return pathTables32(plan, tab, knots, l, 0) + (<usize>pair) * (<usize>(knots - 1)) * (<usize>intervalStride(plan, l)) * 4;
}

/** Pulls the stretch that tableEdge32 reads for (layer l, type pair, length r) into the caches (touch). */
export function touchEdge32(plan: usize, ctx: usize, l: i32, pair: i32, r: f32): u32 {
  const tab = cptr(ctx, C_RTABLE), knots = cget(ctx, C_RKNOTS), bytes = (<usize>intervalStride(plan, l)) << 2;
  return touch(pairTables32(plan, tab, knots, l, pair) + (<usize>knotInterval(<f64>r * load<f64>(tab), knots)) * bytes, bytes);
}
