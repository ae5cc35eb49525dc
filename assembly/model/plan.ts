// The model plan: a small i32 header written by host/model/pack.ts (mirrored field for field in
// host/model/plan-layout.ts) that says where every packed weight lives. Offsets are element
// indices into a weight block, so one header serves the f64 and the f32 copy alike. Channel
// vectors are padded to P (a multiple of 4) with zeros, which keeps every SIMD loop whole.

export const PLAN_MAGIC: i32 = 0x434d5031; // "CMP1"
/** Highest tensor rank the layout has slots for. */
export const MAXV_LIMIT: i32 = 4;
const SLOTS: i32 = MAXV_LIMIT + 1;

// Fixed part of the header.
export const H_MAGIC: i32 = 0;
export const H_NU: i32 = 1;
export const H_P: i32 = 2;
export const H_MAXV: i32 = 3;
export const H_LAYERS: i32 = 4;
export const H_NB: i32 = 5; // radial basis size K + 1
export const H_NTYPES: i32 = 6;
export const H_RAD_NLIN: i32 = 7; // Linear layers per radial MLP
export const H_OUT_NLIN: i32 = 8; // Linear layers of the readout MLP
export const H_MAXW: i32 = 9; // widest padded MLP activation
export const H_MAXPATHS: i32 = 10;
export const H_OFF_SCALARS: i32 = 11; // [r_cut, 1/sqrt(N_avg)]
export const H_OFF_EMBED: i32 = 12; // [type][P]: embedding rows h0
export const H_OFF_SCALE: i32 = 13; // [type]
export const H_OFF_SHIFT: i32 = 14; // [type]
export const H_OFF_ONES: i32 = 15; // [P] ones: the combination weight of a lone path or rule
export const H_HDR_OUT_MLP: i32 = 16; // header index of OUT_NLIN linear descriptors
export const H_HDR_LAYERS: i32 = 17; // header index of LAYERS words, each a layer descriptor's index
export const H_HDR_RULES: i32 = 18; // header index of MAXV+1 words, each a rule list's index
export const H_FIXED: i32 = 19;

// Linear descriptor: y = W x + b with W (OUT × IN); WT holds IN rows of OUTP (forward),
// W holds OUT rows of INP (backward); B has OUTP entries (or -1: no bias).
export const LIN_IN: i32 = 0;
export const LIN_OUT: i32 = 1;
export const LIN_INP: i32 = 2;
export const LIN_OUTP: i32 = 3;
export const LIN_WT: i32 = 4;
export const LIN_W: i32 = 5;
export const LIN_B: i32 = 6;
export const LIN_SIZE: i32 = 7;

// Layer descriptor. Rank-indexed slots hold LinearMap (P × P) offsets, -1 where absent.
export const L_VIN: i32 = 0;
export const L_VOUT: i32 = 1;
export const L_NPATHS: i32 = 2;
export const L_HDR_PATHS: i32 = 3;
export const L_MIX_T: i32 = 4; // mixing A_v of the input features
export const L_MIX: i32 = L_MIX_T + SLOTS;
export const L_C_T: i32 = L_MIX + SLOTS; // atomic-moment linear_channel C_v
export const L_C: i32 = L_C_T + SLOTS;
export const L_B_T: i32 = L_C + SLOTS; // hyper-moment linear_channel B_w
export const L_B: i32 = L_B_T + SLOTS;
export const L_F_T: i32 = L_B + SLOTS; // residual linear_channel_feats F_w
export const L_F: i32 = L_F_T + SLOTS;
export const L_PH: i32 = L_F + SLOTS; // hyper linear_path weights (rules × P), -1 for a lone rule
export const L_RO_W: i32 = L_PH + SLOTS; // early readout Linear(n_u→1): weight [P] or -1 (last layer)
export const L_RO_B: i32 = L_RO_W + 1;
export const L_SIZE: i32 = L_RO_B + 1;

// Path descriptor (atomic moment of rank V from features of rank V1 through n^{⊗V2}).
export const PA_V: i32 = 0;
export const PA_V1: i32 = 1;
export const PA_V2: i32 = 2;
export const PA_PV: i32 = 3; // [P] linear_path weight of this path (the ones vector if alone)
export const PA_PAIR_STRIDE: i32 = 4; // elements between the type-pair copies of the first layer
export const PA_LIN: i32 = 5; // RAD_NLIN linear descriptors; the first maps the K+1 basis
                              // (radial.c folded in) for type pair 0
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
