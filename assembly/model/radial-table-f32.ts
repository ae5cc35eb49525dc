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
import { TABLE_HEADER_BYTES, totalPaths } from "./radial-table";
import { ld, at } from "./vec";

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

/** R and (when dR is not 0) dR/dr per Å at r, P channels, by Horner in t on the interval's coefficients. */
function splineAt32(tab: usize, P: i32, knots: i32, stride: i32, invH: f64, r: f32, R: usize, dR: usize): void {
  const x: f64 = <f64>r * invH;
  let k = <i32>x;
  if (k > knots - 2) k = knots - 2;
  const tv = f32x4.splat(<f32>(x - <f64>k));
  const bytes = (<usize>P) << 2;
  const c = tab + (<usize>k) * (<usize>stride << 2);
  if (!dR) {
    for (let o: usize = 0; o < bytes; o += 16) v128.store(R + o, value(c + o, bytes, tv));
    return;
  }
  const ih = f32x4.splat(<f32>invH), two = f32x4.splat(2), three = f32x4.splat(3), four = f32x4.splat(4), five = f32x4.splat(5);
  for (let o: usize = 0; o < bytes; o += 16) {
    const q = c + o;
    v128.store(R + o, value(q, bytes, tv));
    const c1 = v128.load(q + bytes), c2 = v128.load(q + 2 * bytes), c3 = v128.load(q + 3 * bytes), c4 = v128.load(q + 4 * bytes), c5 = v128.load(q + 5 * bytes);
    let d = f32x4.add(f32x4.mul(four, c4), f32x4.mul(tv, f32x4.mul(five, c5)));
    d = f32x4.add(f32x4.mul(three, c3), f32x4.mul(tv, d));
    d = f32x4.add(f32x4.mul(two, c2), f32x4.mul(tv, d));
    v128.store(dR + o, f32x4.mul(f32x4.add(c1, f32x4.mul(tv, d)), ih));
  }
}

/** c0 + t(c1 + t(c2 + t(c3 + t(c4 + t·c5)))) for the four channels at q (coefficient stride `bytes`). */
@inline function value(q: usize, bytes: usize, t: v128): v128 {
  let y = f32x4.add(v128.load(q + 4 * bytes), f32x4.mul(t, v128.load(q + 5 * bytes)));
  y = f32x4.add(v128.load(q + 3 * bytes), f32x4.mul(t, y));
  y = f32x4.add(v128.load(q + 2 * bytes), f32x4.mul(t, y));
  y = f32x4.add(v128.load(q + bytes), f32x4.mul(t, y));
  return f32x4.add(v128.load(q), f32x4.mul(t, y));
}

/** tableBlock of radial-table.ts for the f32 tables: R into R + c·rS, dR/dr into dR + c·dS (when dR is not 0). */
export function tableBlock32(plan: usize, ctx: usize, l: i32, p: i32, cols: i32, R: usize, rS: i32, dR: usize, dS: i32): void {
  const tab = cptr(ctx, C_RTABLE), knots = cget(ctx, C_RKNOTS), P = hget(plan, H_P);
  const invH = load<f64>(tab);
  const path = pathTables32(plan, tab, knots, l, p), stride = intervalStride(plan, l);
  const per = (<usize>(knots - 1)) * (<usize>stride) * 4;
  const rl = sptr(ctx, S_RLEN);
  for (let c = 0; c < cols; c++) {
    splineAt32(path + (<usize>colField(ctx, c, COL_PAIR)) * per, P, knots, stride, invH, ld<f32>(rl, c), at<f32>(R, c * rS), dR ? at<f32>(dR, c * dS) : 0);
  }
}
