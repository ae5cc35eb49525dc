// The model plan: a small i32 header written by host/model/pack.ts that says where every packed
// weight lives; its field indices (H_, LIN_, L_, PA_) are generated from scripts/layouts/table.mjs.
// Offsets are element indices into a weight block, so one header serves the f64 and the f32 copy alike. Channel
// vectors are padded to P (a multiple of 4) with zeros, which keeps every SIMD loop whole.

export {
  PLAN_MAGIC, MAXV_LIMIT, H_MAGIC, H_NU, H_P, H_MAXV, H_LAYERS, H_NB, H_NTYPES, H_RAD_NLIN,
  H_OUT_NLIN, H_MAXW, H_MAXPATHS, H_OFF_SCALARS, H_OFF_EMBED, H_OFF_SCALE, H_OFF_SHIFT, H_OFF_ONES,
  H_HDR_OUT_MLP, H_HDR_LAYERS, H_HDR_RULES, H_HDR_WALKS, H_FIXED, LIN_IN, LIN_OUT, LIN_INP, LIN_OUTP, LIN_WT,
  LIN_W, LIN_B, LIN_SIZE, L_VIN, L_VOUT, L_NPATHS, L_HDR_PATHS, L_MIX_T, L_MIX, L_C_T, L_C, L_B_T,
  L_B, L_F_T, L_F, L_PH, L_RO_W, L_RO_B, L_SIZE, PA_V, PA_V1, PA_V2, PA_PV, PA_PAIR_STRIDE, PA_LIN,
} from "../generated/layouts";
import { PA_LIN, LIN_SIZE, H_HDR_LAYERS, H_RAD_NLIN, L_HDR_PATHS } from "../generated/layouts";

@inline export function pathSize(radNlin: i32): i32 {
  return PA_LIN + LIN_SIZE * radNlin;
}

@inline export function hget(plan: usize, k: i32): i32 {
  return load<i32>(plan + (<usize>k << 2));
}

/** Header index of layer l's descriptor. */
@inline export function layerHdr(plan: usize, l: i32): i32 {
  return hget(plan, hget(plan, H_HDR_LAYERS) + l);
}

/** Header index of path p of the layer whose descriptor is at `lh`. */
@inline export function pathHdr(plan: usize, lh: i32, p: i32): i32 {
  return hget(plan, lh + L_HDR_PATHS) + p * pathSize(hget(plan, H_RAD_NLIN));
}

/** Pointer to element `off` of a weight block of element type T. */
@inline export function wptr<T>(weights: usize, off: i32): usize {
  return weights + (<usize>off) * sizeof<T>();
}

/** Number of components of a rank-v Cartesian tensor. */
@inline export function pow3(v: i32): i32 {
  let r = 1;
  for (let k = 0; k < v; k++) r *= 3;
  return r;
}

/** Components of ranks 0..v stacked: (3^(v+1) - 1) / 2. */
@inline export function comps(v: i32): i32 {
  return (pow3(v + 1) - 1) >> 1;
}

/** First component of rank v in a stack of ranks 0..: (3^v - 1) / 2. */
@inline export function compOffset(v: i32): i32 {
  return (pow3(v) - 1) >> 1;
}
