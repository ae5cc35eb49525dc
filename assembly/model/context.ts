// The call context: an i32 record the host fills with sizes and pointers (inputs and outputs),
// and into which modelLayoutWork writes where each work buffer lives. The host's fields are
// generated from scripts/layouts/table.mjs; the work pointers after them are carved here, from
// one host region, so each layout is defined in exactly one place.
import { hget, H_P, H_MAXV, H_LAYERS, H_NB, H_MAXW, H_RAD_NLIN, H_OUT_NLIN, H_HDR_OUT_MLP, L_VIN, layerHdr, pathHdr, PA_LIN } from "./plan";
import { C_N, C_E, C_GRAD, C_KEEP, C_ROW, C_HOST_WORDS, KEEP_ACTIVATIONS, KEEP_MIXED_ADJOINTS } from "../generated/layouts";
import { mlpActElems } from "./mlp";
import { storeBytes } from "./act-store";
import { tauBytes } from "./tau-store";
import { radialTables } from "./radial-table";
import { lookupOrderBytes } from "./lookup-fill";
import { symComps, symCount } from "./tensors";

// Filled by the host: C_N .. C_RKNOTS (generated from scripts/layouts/table.mjs).
export { C_N, C_E, C_GRAD, C_TYPES, C_ROW, C_J, C_VEC, C_REV, C_ENERGIES, C_FORCES, C_VIRIAL, C_KEEP, C_RTABLE, C_RKNOTS } from "../generated/layouts";
// Filled by layoutWork.
export const C_ACT_STORE: i32 = C_HOST_WORDS; // the activation store (act-store.ts), or 0: recompute
export const C_EDGE_GRAD: i32 = C_ACT_STORE + 1; // f64[3E] ∂E/∂r_e
export const C_FEAT: i32 = C_EDGE_GRAD + 1; // T[N][symComps(maxV)][P] layer input, then its output (distinct entries: tensors.ts)
export const C_OUT_BAR: i32 = C_FEAT + 1; // adjoints, same shape
export const C_G_BAR: i32 = C_OUT_BAR + 1; // T[N][symComps(vin)][P]: adjoint of g
export const C_M_BAR: i32 = C_G_BAR + 1; // T[N][symComps(maxV)][P]: adjoint of the symmetric pre-map moments
export const C_G_BAR_SYM: i32 = C_M_BAR + 1; // T[N][symComps(maxV)][P]: the edges' part of g's adjoint, as the weighted g's
export const C_LAYERS: i32 = C_G_BAR_SYM + 1; // per layer l: g_l at C_LAYERS + 2l, M_l at C_LAYERS + 2l + 1
export const MAX_LAYERS: i32 = 64;
export const C_G_SYM: i32 = C_LAYERS + 2 * MAX_LAYERS; // per layer l at C_G_SYM + l: g_l weighted by multiplicity (tensors.ts weigh), T[N][symComps(vin)][P]
export const C_SLOTS: i32 = C_G_SYM + MAX_LAYERS; // scratch vector pointers, one per S_ slot

/**
 * Edges evaluated together (columns of the MLP blocks). No result depends on it: 8 gives the
 * same bits on every shared model, and no speed-up (aspirin, water-64; exact and table).
 */
export const BLOCK: i32 = 4;

// Scratch (pointers at C_SLOTS + slot after layout). "Per column" slots hold BLOCK columns,
// each cstride(ctx, slot) elements apart.
export const S_Q: i32 = 0; // per column: radial basis [NBP]
export const S_DQ: i32 = 1; // per column: dQ/dr [NBP]
export const S_N: i32 = 2; // per column: unit vector [4]
export const S_D: i32 = 3; // per column: outer powers of n, ranks 0..maxV stacked, distinct entries (tensors.ts) [TVP]
export const S_DBAR: i32 = 4;
export const S_R: i32 = 5; // per column: [P]
export const S_RBAR: i32 = 6;
export const S_T0: i32 = 7; // per column: [MAXW]
export const S_T1: i32 = 8;
export const S_YBAR: i32 = 9;
export const S_Z1T: i32 = 10; // per column: dz1/dr of a radial MLP's first layer [MAXW]
export const S_ACT: i32 = 11; // per column: MLP activations [ACT]
export const S_QV: i32 = 12; // per column: per-rank message scalars [(maxV+1)·P]
export const S_QBARV: i32 = 13;
export const S_QBARREV: i32 = 14;
export const S_SIGMA: i32 = 15;
export const S_SV: i32 = 16; // per column: neighbour features contracted with n^{⊗v1}, per v1
export const S_TAU: i32 = 17; // per column: adjoint of those contractions, per v1
export const S_NBAR: i32 = 18; // [4]
export const S_RLEN: i32 = 19; // [BLOCK] edge lengths
export const S_RBARC: i32 = 20; // [BLOCK] ∂E/∂|r| of each column (radial MLP part)
export const S_COL: i32 = 21; // i32 [BLOCK][4]: edge, centre, neighbour, type pair
export const S_SHIFTS: i32 = 22; // i32 [BLOCK]: first-layer weight shift of each column for the current path
/** Atoms whose channel maps run together (four vectors share each weight load: vec.ts matmul4); S_MTMP and S_HTMP hold a block for each. */
export const ATOMS_TOGETHER: i32 = 4;
export const S_MTMP: i32 = 23; // [ATOMS_TOGETHER][symComps(maxV)·P]
export const S_HTMP: i32 = 24; // [ATOMS_TOGETHER][symCount(maxV)·P]
export const S_WTMP: i32 = 25; // [P]: a hyper-moment rule's weights times a multiplicity (hyper.ts)
export const S_COUNT: i32 = 26;
/** Last per-column slot. */
const S_LAST_COLUMN: i32 = S_TAU;

@inline export function cget(ctx: usize, k: i32): i32 {
  return load<i32>(ctx + (<usize>k << 2));
}

@inline export function cptr(ctx: usize, k: i32): usize {
  return <usize>load<u32>(ctx + (<usize>k << 2));
}

@inline export function sptr(ctx: usize, slot: i32): usize {
  return <usize>load<u32>(ctx + (<usize>(C_SLOTS + slot) << 2));
}

/** Column strides (elements) of the per-column slots, written by layoutWork. */
export const C_STRIDES: i32 = C_SLOTS + S_COUNT;

// Filled by layoutWork when C_KEEP has flag 2 (else 0): the mixed-edge adjoint store
// (tau-store.ts) and i32[E] record numbers into it.
export const C_TAU: i32 = C_STRIDES + S_COUNT;
export const C_MSLOT: i32 = C_TAU + 1;
// Filled by layoutWork in table mode with an activation store (else 0): the order of the
// table lookups (lookup-fill.ts).
export const C_LOOKUP_ORDER: i32 = C_MSLOT + 1;

// The share of one thread (threads.ts; layoutWork sets the whole call, thread 0 of 1): atoms
// C_A0..C_A1 and the edges of their CSR rows, the barrier block it meets the others at (0: none)
// and whether it may block there (a browser's main thread may only spin).
export const C_A0: i32 = C_LOOKUP_ORDER + 1;
export const C_A1: i32 = C_A0 + 1;
export const C_TID: i32 = C_A1 + 1;
export const C_NT: i32 = C_TID + 1;
export const C_SYNC: i32 = C_NT + 1;
export const C_CAN_WAIT: i32 = C_SYNC + 1;

/** Words of the context record. */
export const CTX_WORDS: i32 = C_CAN_WAIT + 1;

/** First edge of this thread's share (the CSR row of its first atom). */
@inline export function edgesFrom(ctx: usize): i32 {
  return load<i32>(cptr(ctx, C_ROW) + (<usize>cget(ctx, C_A0) << 2));
}

/** One past the last edge of this thread's share. */
@inline export function edgesTo(ctx: usize): i32 {
  return load<i32>(cptr(ctx, C_ROW) + (<usize>cget(ctx, C_A1) << 2));
}

/** Thread 0, which does the whole-call reductions in the single-thread order. */
@inline export function leader(ctx: usize): bool {
  return cget(ctx, C_TID) == 0;
}

@inline export function cstride(ctx: usize, slot: i32): i32 {
  return load<i32>(ctx + (<usize>(C_STRIDES + slot) << 2));
}

@inline function pad4(n: i32): i32 {
  return (n + 3) & ~3;
}

/** Largest activation scratch any MLP of the plan needs. */
function maxActElems(plan: usize): i32 {
  let m = mlpActElems(plan, hget(plan, H_HDR_OUT_MLP), hget(plan, H_OUT_NLIN));
  const L = hget(plan, H_LAYERS);
  for (let l = 0; l < L; l++) {
    const lh = layerHdr(plan, l);
    const a = mlpActElems(plan, pathHdr(plan, lh, 0) + PA_LIN, hget(plan, H_RAD_NLIN));
    if (a > m) m = a;
  }
  return m;
}

/** Elements of one column of a per-column scratch slot. */
function colStride(plan: usize, slot: i32): i32 {
  const P = hget(plan, H_P), maxV = hget(plan, H_MAXV);
  if (slot <= S_DQ) return pad4(hget(plan, H_NB));
  if (slot == S_N) return 4;
  if (slot <= S_DBAR) return pad4(symComps(maxV));
  if (slot <= S_RBAR) return P;
  if (slot <= S_Z1T) return hget(plan, H_MAXW);
  if (slot == S_ACT) return maxActElems(plan);
  return (maxV + 1) * P; // S_QV .. S_TAU
}

function scratchElems(plan: usize, slot: i32, elemBytes: i32): i32 {
  const P = hget(plan, H_P), maxV = hget(plan, H_MAXV);
  if (slot <= S_LAST_COLUMN) return BLOCK * colStride(plan, slot);
  if (slot <= S_RBARC) return BLOCK;
  if (slot <= S_SHIFTS) return (BLOCK * 4 * 4) / elemBytes;
  if (slot == S_MTMP) return ATOMS_TOGETHER * symComps(maxV) * P;
  if (slot == S_WTMP) return P;
  return ATOMS_TOGETHER * symCount(maxV) * P; // S_HTMP
}

/**
 * Lays out the work region of a call for N atoms and E edges (from the context) at `base`,
 * writing the buffer pointers into the context, and returns its size in bytes (as f64, so
 * the host can refuse sizes beyond wasm32 before anything is written). With base = 0 only
 * the size is meaningful.
 */
export function layoutWork(plan: usize, ctx: usize, elemBytes: i32, base: f64): f64 {
  const n = <f64>cget(ctx, C_N), e = <f64>cget(ctx, C_E);
  const grad = cget(ctx, C_GRAD) != 0;
  const P = hget(plan, H_P), maxV = hget(plan, H_MAXV), L = hget(plan, H_LAYERS);
  const feat = n * <f64>(symComps(maxV) * P * elemBytes);
  let at = base;
  // Sequential carve; each region 16-byte aligned.
  const keep = grad && (cget(ctx, C_KEEP) & KEEP_ACTIVATIONS) != 0, keepTau = grad && (cget(ctx, C_KEEP) & KEEP_MIXED_ADJOINTS) != 0;
  at = carve(ctx, C_ACT_STORE, at, keep ? storeBytes(plan, ctx, elemBytes) : 0);
  if (!keep) store<u32>(ctx + (<usize>C_ACT_STORE << 2), 0);
  at = carve(ctx, C_TAU, at, keepTau ? tauBytes(plan, ctx, elemBytes) : 0);
  at = carve(ctx, C_MSLOT, at, keepTau ? e * 4 : 0);
  if (!keepTau) store<u32>(ctx + (<usize>C_TAU << 2), 0);
  const sorted = keep && radialTables(ctx) != 0;
  at = carve(ctx, C_LOOKUP_ORDER, at, sorted ? lookupOrderBytes(e) : 0);
  if (!sorted) store<u32>(ctx + (<usize>C_LOOKUP_ORDER << 2), 0);
  at = carve(ctx, C_EDGE_GRAD, at, grad ? e * 24 : 0);
  at = carve(ctx, C_FEAT, at, feat);
  at = carve(ctx, C_OUT_BAR, at, grad ? feat : 0);
  at = carve(ctx, C_G_BAR, at, grad ? feat : 0);
  at = carve(ctx, C_M_BAR, at, grad ? feat : 0);
  at = carve(ctx, C_G_BAR_SYM, at, grad ? feat : 0);
  for (let l = 0; l < L; l++) {
    // Without the reverse pass every layer reuses layer 0's buffers, sized for the widest input.
    const vin = grad ? hget(plan, layerHdr(plan, l) + L_VIN) : maxV;
    if (grad || l == 0) {
      at = carve(ctx, C_LAYERS + 2 * l, at, n * <f64>(symComps(vin) * P * elemBytes));
      at = carve(ctx, C_LAYERS + 2 * l + 1, at, feat);
      at = carve(ctx, C_G_SYM + l, at, n * <f64>(symComps(vin) * P * elemBytes));
    } else {
      store<u32>(ctx + (<usize>(C_LAYERS + 2 * l) << 2), load<u32>(ctx + (<usize>C_LAYERS << 2)));
      store<u32>(ctx + (<usize>(C_LAYERS + 2 * l + 1) << 2), load<u32>(ctx + (<usize>(C_LAYERS + 1) << 2)));
      store<u32>(ctx + (<usize>(C_G_SYM + l) << 2), load<u32>(ctx + (<usize>C_G_SYM << 2)));
    }
  }
  at = carveScratch(plan, ctx, elemBytes, at);
  // The whole call is thread 0's share until threads.ts hands out others.
  store<i32>(ctx + (<usize>C_A0 << 2), 0);
  store<i32>(ctx + (<usize>C_A1 << 2), cget(ctx, C_N));
  store<i32>(ctx + (<usize>C_TID << 2), 0);
  store<i32>(ctx + (<usize>C_NT << 2), 1);
  store<i32>(ctx + (<usize>C_SYNC << 2), 0);
  store<i32>(ctx + (<usize>C_CAN_WAIT << 2), 0);
  return at - base;
}

/**
 * Lays out the scratch slots at `at` (each thread of a call has its own); returns the end.
 * With ctx = 0 it only measures.
 */
export function carveScratch(plan: usize, ctx: usize, elemBytes: i32, at: f64): f64 {
  for (let s = 0; s < S_COUNT; s++) {
    at = carve(ctx, C_SLOTS + s, at, <f64>(scratchElems(plan, s, elemBytes) * elemBytes));
    if (ctx) store<i32>(ctx + (<usize>(C_STRIDES + s) << 2), s <= S_LAST_COLUMN ? colStride(plan, s) : 0);
  }
  return at;
}

/** Writes where region k starts (not when ctx is 0: sizes only) and returns where the next may start. */
function carve(ctx: usize, k: i32, at: f64, bytes: f64): f64 {
  if (ctx) store<u32>(ctx + (<usize>k << 2), at < 4294967296 ? <u32>at : 0);
  return Math.ceil((at + bytes) / 16) * 16;
}
