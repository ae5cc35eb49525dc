// The training plan: an i32 header written by host/train/train-plan.ts (fields GH, GL, GP of
// scripts/layouts/table.mjs) whose offsets index the flat parameter vector θ directly, so the
// gradient has θ's layout (θ and the work buffers hold T: f64, or f32 for float32 training).
// Also where each work buffer lives (one carve, here).
import {
  GH_NU, GH_MAXV, GH_LAYERS, GH_HDR_LAYERS, GH_MAXW, GH_MAXPATHS, GH_ACT, GH_NB, GH_RAD_NLIN,
  GL_HDR_PATHS, GP_SIZE, GC_WORK,
} from "../generated/layouts";
import { comps, pow3 } from "../model/plan";
import { dsize } from "./dual";

@inline export function tget(hdr: usize, k: i32): i32 {
  return load<i32>(hdr + (<usize>k << 2));
}

@inline export function tptr(ctx: usize, k: i32): usize {
  return <usize>load<u32>(ctx + (<usize>k << 2));
}

/** Header index of layer l's descriptor. */
@inline export function trainLayer(hdr: usize, l: i32): i32 {
  return tget(hdr, tget(hdr, GH_HDR_LAYERS) + l);
}

/** Header index of path p's descriptor in the layer at `lh`; its [W, b] pairs follow at + GP_SIZE. */
@inline export function trainPath(hdr: usize, lh: i32, p: i32): i32 {
  return tget(hdr, lh + GL_HDR_PATHS) + p * (GP_SIZE + 2 * tget(hdr, GH_RAD_NLIN));
}

/** Dual elements of one atom's stacked features of ranks 0..maxV. */
@inline export function featStride(hdr: usize): i32 {
  return comps(tget(hdr, GH_MAXV)) * tget(hdr, GH_NU);
}

/** Dual elements of one atom's message of one path (rank ≤ maxV). */
@inline export function pathStride(hdr: usize): i32 {
  return pow3(tget(hdr, GH_MAXV)) * tget(hdr, GH_NU);
}

/** Dual elements of one atom's messages of all paths (MAXPATHS slots). */
@inline export function msgStride(hdr: usize): i32 {
  return tget(hdr, GH_MAXPATHS) * pathStride(hdr);
}

// Per-layer kept buffers, in this order, N atoms each: g (mixed input), t (messages of every
// path), M' (paths combined), M (after linear_channel), H' (rules combined), out.
export const B_G: i32 = 0;
export const B_T: i32 = 1;
export const B_MP: i32 = 2;
export const B_M: i32 = 3;
export const B_HP: i32 = 4;
export const B_OUT: i32 = 5;

// After the layers: adjoints (N atoms each), then per-atom and per-edge scratch.
export const A_OB: i32 = 0; // adjoint of the current layer's out
export const A_OBPREV: i32 = 1; // adjoint of the previous layer's out (= this layer's input)
export const A_GB: i32 = 2; // adjoint of g
export const A_TB: i32 = 3; // adjoint of t, every path
export const S_H0: i32 = 4; // an atom's embedding row (dual, zero tangent) [FS]
export const S_MB: i32 = 5; // [FS]
export const S_MPB: i32 = 6; // [FS]
export const S_HPB: i32 = 7; // [FS]
export const S_PROD: i32 = 8; // [PS]
export const S_PRODB: i32 = 9; // [PS]
export const S_X: i32 = 10; // [PS]
export const S_QD: i32 = 11; // [NB]
export const S_F: i32 = 12; // [NU]
export const S_FB: i32 = 13; // [NU]
export const S_D: i32 = 14; // [comps(maxV)]
export const S_N: i32 = 15; // [3]
export const S_ACT: i32 = 16; // [ACT]
export const S_R: i32 = 17; // [NU]
export const S_RB: i32 = 18; // [NU]
export const S_T0: i32 = 19; // [MAXW]
export const S_T1: i32 = 20; // [MAXW]
export const S_Y: i32 = 21; // [MAXW]
export const S_Q: i32 = 22; // plain T [NB]: radial basis
export const S_DQ: i32 = 23; // plain T [NB]: its r-derivative
const A_COUNT: i32 = 24;

/** Dual elements of buffer b of a layer (n atoms). */
function layerElems(hdr: usize, n: i32, b: i32): f64 {
  return <f64>n * <f64>(b == B_T ? tget(hdr, GH_MAXPATHS) * pathStride(hdr) : featStride(hdr));
}

function layerBytes<T>(hdr: usize, n: i32): f64 {
  let s = 0.0;
  for (let b = B_G; b <= B_OUT; b++) s += <f64>dsize<T>() * layerElems(hdr, n, b);
  return s;
}

/** Elements (dual, or plain for S_Q/S_DQ) of after-layer buffer a. */
function afterElems(hdr: usize, n: i32, a: i32): f64 {
  const FS = featStride(hdr), PS = pathStride(hdr), NU = tget(hdr, GH_NU), W = tget(hdr, GH_MAXW);
  if (a <= A_GB) return <f64>n * <f64>FS;
  if (a == A_TB) return <f64>n * <f64>(tget(hdr, GH_MAXPATHS) * PS);
  if (a <= S_HPB) return FS;
  if (a <= S_X) return PS;
  if (a == S_QD || a >= S_Q) return tget(hdr, GH_NB);
  if (a <= S_FB || a == S_R || a == S_RB) return NU;
  if (a == S_D) return comps(tget(hdr, GH_MAXV));
  if (a == S_N) return 3;
  if (a == S_ACT) return tget(hdr, GH_ACT);
  return W;
}

@inline function pad16(x: f64): f64 {
  return Math.ceil(x / 16) * 16;
}

/** Bytes of the work region for n atoms (duals of T). */
export function workBytes<T>(hdr: usize, n: i32): f64 {
  let s = <f64>tget(hdr, GH_LAYERS) * layerBytes<T>(hdr, n);
  for (let a = 0; a < A_COUNT; a++) s += pad16(<f64>dsize<T>() * afterElems(hdr, n, a));
  return s;
}

/** Layer l's buffer b. */
export function layerBuf<T>(hdr: usize, ctx: usize, n: i32, l: i32, b: i32): usize {
  let at = <f64>tptr(ctx, GC_WORK) + <f64>l * layerBytes<T>(hdr, n);
  for (let k = B_G; k < b; k++) at += <f64>dsize<T>() * layerElems(hdr, n, k);
  return <usize>at;
}

// Where each after-layer buffer starts, for the current call (layoutBuffers): the edge loops
// ask for them per edge and path.
const BUFS: usize = memory.data(4 * 32, 16);

/** Fills the table of after-layer buffers for this call's n atoms and work region. */
export function layoutBuffers<T>(hdr: usize, ctx: usize, n: i32): void {
  let at = <f64>tptr(ctx, GC_WORK) + <f64>tget(hdr, GH_LAYERS) * layerBytes<T>(hdr, n);
  for (let k = 0; k < A_COUNT; k++) {
    store<u32>(BUFS + (<usize>k << 2), <u32>at);
    at += pad16(<f64>dsize<T>() * afterElems(hdr, n, k));
  }
}

/** After-layer buffer a (layoutBuffers has run). */
@inline export function buf(a: i32): usize {
  return <usize>load<u32>(BUFS + (<usize>a << 2));
}
