// Tabulated radial mode: every radial map r → R(r) (basis, c and radial MLP of one layer, path
// and type pair; n_u channels padded to P) as a quintic Hermite spline on a uniform grid of K
// knots r_k = k·r_cut/(K-1), k = 0..K-1, built from the exact f64 model by
// radial-table-build.ts. The grid starts at r = 0, so no edge falls below it; the last knot is
// r_cut itself, where R keeps the MLP's bias-driven value (R(r_cut) ≠ 0: the cutoff jump of the
// model is kept, the neighbour list never asks at or beyond r_cut).
//
// These are the f64 evaluations' tables; f32 ones read radial-table-f32.ts's (f32 coefficients on
// a coarser grid).
//
// Memory (f64): a 16-byte header [1/h], then per layer, type
// pair and knot, the layer's paths one after the other, each [R | D1 | D2] (P each),
// D1 = h·dR/dr, D2 = h²·d²R/dr². Quintic rather than cubic: a cubic's dR/dr errs by O(h³) and
// needed > 16k knots (GBs for aspirin) to bring f64 forces within 1e-7 eV/Å; O(h⁵) needs few.
// Paths innermost: the lookups of one edge (same r, all paths of a layer) read one contiguous
// stretch instead of a scattered knot pair per path — the tables are far larger than the caches.
import { hget, layerHdr, H_P, H_LAYERS, H_NTYPES, L_NPATHS } from "./plan";
import { cget, cptr, sptr, C_RTABLE, C_RKNOTS, S_RLEN } from "./context";
import { colField, COL_PAIR } from "./edge";
import { ld, at } from "./vec";
import { touch } from "../memory";
import { tableBlock32, tableEdge32, touchEdge32 } from "./radial-table-f32";

/** Bytes before the first table (holds 1/h, f64). */
export const TABLE_HEADER_BYTES: i32 = 16;

/** Paths of all layers. */
export function totalPaths(plan: usize): i32 {
  let n = 0;
  for (let l = 0; l < hget(plan, H_LAYERS); l++) n += hget(plan, layerHdr(plan, l) + L_NPATHS);
  return n;
}

/** Elements of one (path, pair) table. */
@inline export function tableElems(plan: usize, knots: i32): i32 {
  return knots * 3 * hget(plan, H_P);
}

/** Elements between consecutive knots of a path of layer l (all its paths lie in between). */
@inline export function knotStride(plan: usize, l: i32): i32 {
  return hget(plan, layerHdr(plan, l) + L_NPATHS) * 3 * hget(plan, H_P);
}

/** Bytes of all tables (as f64: the host refuses what wasm32 cannot hold). */
export function tableBytes(plan: usize, knots: i32): f64 {
  const nt = hget(plan, H_NTYPES);
  return <f64>TABLE_HEADER_BYTES + <f64>totalPaths(plan) * <f64>(nt * nt) * <f64>tableElems(plan, knots) * 8;
}

/**
 * Elements of a record of the activation store in table mode (act-store.ts): [R | dR/dr] of one
 * edge and path, looked up once in the forward pass and read back by the reverse pass.
 */
@inline export function lookupRecord(plan: usize): i32 {
  return 2 * hget(plan, H_P);
}

/** The tables of this call, or 0: exact radial MLPs. */
@inline export function radialTables(ctx: usize): usize {
  return cptr(ctx, C_RTABLE);
}

/** Knot 0 of path p of layer l, type pair 0, in the block `tab` (pairs follow each other every K knots). */
export function pathTables(plan: usize, tab: usize, knots: i32, l: i32, p: i32): usize {
  let before = 0;
  for (let k = 0; k < l; k++) before += hget(plan, layerHdr(plan, k) + L_NPATHS);
  const nt = hget(plan, H_NTYPES);
  return tab + <usize>TABLE_HEADER_BYTES + ((<usize>before) * (<usize>(nt * nt)) * (<usize>tableElems(plan, knots)) + (<usize>p) * (<usize>(3 * hget(plan, H_P)))) * 8;
}

/**
 * R (and, when dR is not 0, dR/dr per Å) at r of one table, P channels. With x = r/h, knot
 * k = ⌊x⌋ (at most K-2), t = x - k and s = 1 - t, the quintic Hermite interpolant of
 * (R, hR', h²R'') at knots k and k+1; dR/dr is its t-derivative over h, formed in the same
 * sweep over the knots' values.
 */
function splineAt(tab: usize, P: i32, knots: i32, stride: i32, invH: f64, r: f64, R: usize, dR: usize): void {
  const x: f64 = r * invH, k = knotInterval(x, knots);
  const t = x - <f64>k, s = 1 - t;
  const t2 = t * t, s2 = s * s, t3 = t2 * t, s3 = s2 * s;
  const bytes = (<usize>P) << 3;
  const k0 = tab + (<usize>k) * (<usize>stride << 3), k1 = k0 + (<usize>stride << 3);
  // Weights of R_k, D1_k, D2_k, R_k+1, D1_k+1, D2_k+1.
  const a0 = f64x2.splat(s3 * (1 + 3 * t + 6 * t2)), a1 = f64x2.splat(t * s3 * (1 + 3 * t)), a2 = f64x2.splat(0.5 * t2 * s3);
  const a3 = f64x2.splat(t3 * (1 + 3 * s + 6 * s2)), a4 = f64x2.splat(-s * t3 * (1 + 3 * s)), a5 = f64x2.splat(0.5 * s2 * t3);
  if (!dR) {
    for (let o: usize = 0; o < bytes; o += 32) {
      store2(R, o, quintic(k0, k1, bytes, o, a0, a1, a2, a3, a4, a5), quintic(k0, k1, bytes, o + 16, a0, a1, a2, a3, a4, a5));
    }
    return;
  }
  // Their t-derivatives over h (dh/dt of the value weights, in the same order).
  const g = 30 * t2 * s2 * invH;
  const b0 = f64x2.splat(-g), b1 = f64x2.splat(s2 * (1 + 2 * t - 15 * t2) * invH), b2 = f64x2.splat(0.5 * t * s2 * (2 - 5 * t) * invH);
  const b3 = f64x2.splat(g), b4 = f64x2.splat(t2 * (1 + 2 * s - 15 * s2) * invH), b5 = f64x2.splat(-0.5 * s * t2 * (2 - 5 * s) * invH);
  for (let o: usize = 0; o < bytes; o += 32) {
    store2(R, o, quintic(k0, k1, bytes, o, a0, a1, a2, a3, a4, a5), quintic(k0, k1, bytes, o + 16, a0, a1, a2, a3, a4, a5));
    store2(dR, o, quintic(k0, k1, bytes, o, b0, b1, b2, b3, b4, b5), quintic(k0, k1, bytes, o + 16, b0, b1, b2, b3, b4, b5));
  }
}

/** Σ w_m·(the m-th knot vector) for two f64 lanes at byte o of knot k (at k0) and knot k+1 (at k1). */
@inline function quintic(k0: usize, k1: usize, bytes: usize, o: usize, w0: v128, w1: v128, w2: v128, w3: v128, w4: v128, w5: v128): v128 {
  const b2 = bytes * 2;
  const lo = f64x2.add(f64x2.add(f64x2.mul(w0, v128.load(k0 + o)), f64x2.mul(w1, v128.load(k0 + bytes + o))), f64x2.mul(w2, v128.load(k0 + b2 + o)));
  const hi = f64x2.add(f64x2.add(f64x2.mul(w3, v128.load(k1 + o)), f64x2.mul(w4, v128.load(k1 + bytes + o))), f64x2.mul(w5, v128.load(k1 + b2 + o)));
  return f64x2.add(lo, hi);
}

/** Four channels starting at byte offset o: v0 holds the first two, v1 the next two. */
@inline function store2(y: usize, o: usize, v0: v128, v1: v128): void {
  v128.store(y + o, v0);
  v128.store(y + o + 16, v1);
}

/**
 * The loaded block's columns 0..cols-1 (lengths in S_RLEN, pairs in their records) for path p
 * of layer l, from the context's tables: R into R + c·rS, and dR/dr into dR + c·dS when dR is
 * not 0. What the radial MLPs (and their reverse) give in exact mode.
 */
export function tableBlock<T>(plan: usize, ctx: usize, l: i32, p: i32, cols: i32, R: usize, rS: i32, dR: usize, dS: i32): void {
  // f32 evaluations read the f32 tables (radial-table-f32.ts).
  if (sizeof<T>() == 4) tableBlock32(plan, ctx, l, p, cols, R, rS, dR, dS);
  else tableBlock64(plan, ctx, l, p, cols, R, rS, dR, dS);
}

/** tableBlock for f64 evaluations. */
function tableBlock64(plan: usize, ctx: usize, l: i32, p: i32, cols: i32, R: usize, rS: i32, dR: usize, dS: i32): void {
  const tab = radialTables(ctx), knots = cget(ctx, C_RKNOTS), P = hget(plan, H_P);
  const invH = load<f64>(tab);
  const path = pathTables(plan, tab, knots, l, p);
  const per = (<usize>tableElems(plan, knots)) * (<usize>hget(plan, layerHdr(plan, l) + L_NPATHS)) * 8, stride = knotStride(plan, l);
  const rl = sptr(ctx, S_RLEN);
  for (let c = 0; c < cols; c++) {
    splineAt(path + (<usize>colField(ctx, c, COL_PAIR)) * per, P, knots, stride, invH, ld<f64>(rl, c), at<f64>(R, c * rS), dR ? at<f64>(dR, c * dS) : 0);
  }
}

/** tableEdge32 for f64 evaluations: every path of layer l for one edge, [R | dR/dr] every recS elements. */
function tableEdge64(plan: usize, ctx: usize, l: i32, pair: i32, r: f64, rec: usize, recS: i32): void {
  const tab = radialTables(ctx), knots = cget(ctx, C_RKNOTS), P = hget(plan, H_P);
  const invH = load<f64>(tab), stride = knotStride(plan, l);
  const cell = (<usize>(3 * P)) << 3, step = (<usize>recS) << 3, dOff = (<usize>P) << 3;
  let path = pairTables(plan, tab, knots, l, pair);
  for (let p = 0, np = hget(plan, layerHdr(plan, l) + L_NPATHS); p < np; p++) {
    splineAt(path, P, knots, stride, invH, r, rec, rec + dOff);
    path += cell;
    rec += step;
  }
}

/**
 * Every path of layer l for one edge of type pair `pair` and length r (as the block loader
 * rounds it to T): [R | dR/dr] of path p at rec + p·recS elements, the records of the store.
 */
export function tableEdge<T>(plan: usize, ctx: usize, l: i32, pair: i32, r: T, rec: usize, recS: i32): void {
  if (sizeof<T>() == 4) tableEdge32(plan, ctx, l, pair, <f32>r, rec, recS);
  else tableEdge64(plan, ctx, l, pair, <f64>r, rec, recS);
}

/**
 * The interval of the grid that r falls in (what the lookups of T read), for ordering them:
 * f32 tables have their own knots and compute x = r/h from the f32 length.
 */
export function tableInterval<T>(ctx: usize, r: T): i32 {
  return knotInterval(<f64>r * load<f64>(radialTables(ctx)), cget(ctx, C_RKNOTS));
}

/** The interval k = ⌊x⌋ (at most K-2) of x = r/h. */
@inline export function knotInterval(x: f64, knots: i32): i32 {
  const k = <i32>x;
  return k > knots - 2 ? knots - 2 : k;
}

/** Knot 0 of path 0 of layer l for one type pair: where tableEdge64's lookups start. */
function pairTables(plan: usize, tab: usize, knots: i32, l: i32, pair: i32): usize {
  return pathTables(plan, tab, knots, l, 0) + (<usize>pair) * (<usize>tableElems(plan, knots)) * (<usize>hget(plan, layerHdr(plan, l) + L_NPATHS)) * 8;
}

/** Pulls the stretch that tableEdge64 reads (knots k and k+1 of every path) into the caches (touch). */
function touchEdge64(plan: usize, ctx: usize, l: i32, pair: i32, r: f64): u32 {
  const tab = radialTables(ctx), knots = cget(ctx, C_RKNOTS), bytes = (<usize>knotStride(plan, l)) << 3;
  return touch(pairTables(plan, tab, knots, l, pair) + (<usize>knotInterval(r * load<f64>(tab), knots)) * bytes, 2 * bytes);
}

/** touchEdge32/touchEdge64 for T: fetches what tableEdge<T> of the same arguments will read (the loads folded: memory.ts touch). */
export function touchEdge<T>(plan: usize, ctx: usize, l: i32, pair: i32, r: T): u32 {
  return sizeof<T>() == 4 ? touchEdge32(plan, ctx, l, pair, <f32>r) : touchEdge64(plan, ctx, l, pair, <f64>r);
}
