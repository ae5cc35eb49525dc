// Forward pass of one CAMP layer: channel mixing of the input, atomic moments over the CSR edge
// list in blocks of BLOCK edges (radial MLPs evaluated on the fly, or first into the activation
// store when the reverse pass will want them: store-fill.ts; each message
// added to its centre atom in edge order, so the sum is a gather with a fixed order), hyper
// moments, residual, and the layer's readout term added to the atomic energies. Every
// per-atom tensor (features, g, moments, hyper moments) is symmetric and held as its distinct
// entries only (tensors.ts): the channel maps act per entry, so each runs on (v+1)(v+2)/2 of
// rank v's 3^v components.
import {
  hget, wptr, layerHdr, pathHdr,
  H_NU, H_P, H_MAXV, H_RAD_NLIN, H_OUT_NLIN, H_OFF_EMBED, H_OFF_SCALARS, H_HDR_OUT_MLP,
  L_VIN, L_VOUT, L_NPATHS, L_MIX_T, L_C_T, L_B_T, L_F_T, L_PH, L_RO_W, L_RO_B,
  PA_V, PA_V1, PA_PV, PA_PAIR_STRIDE, PA_LIN,
} from "./plan";
import {
  cget, cptr, sptr, cstride, BLOCK, C_GRAD, C_TYPES, C_ENERGIES, C_FEAT, C_LAYERS, C_G_SYM, C_A0, C_A1, edgesFrom, edgesTo,
  S_Q, S_D, S_R, S_ACT, S_QV, S_SV, S_HTMP, S_MTMP, S_WTMP, S_T0, S_SHIFTS, ATOMS_TOGETHER,
} from "./context";
import { loadBlock, contractNeighbours, colField, colPtr, setShifts, COL_I } from "./edge";
import { mlpForward } from "./mlp";
import { actStore, storeLayer, storeRecord, recordAt, storeEdgeStride, storeROffset } from "./act-store";
import { evaluateStore, copyStore } from "./store-fill";
import { fillLookups } from "./lookup-fill";
import { hyperForward } from "./hyper";
import { radialTables, tableBlock, lookupRecord } from "./radial-table";
import { weigh, symOffset, symCount, symComps } from "./tensors";
import { mapVectors, matvecRows, zero, axpyColumns, scaleTo, mulAcc, mul3Acc, dot, ld, at } from "./vec";
import { sync } from "./sync";

/** Pointer to atom i's block of `comps` channel vectors in a per-atom buffer. */
@inline export function atomBlock<T>(buf: usize, i: i32, compsPerAtom: i32, P: i32): usize {
  return buf + (<usize>i) * (<usize>(compsPerAtom * P)) * sizeof<T>();
}

/**
 * One channel map M on entries k0..k0+count-1 of n consecutive atoms, entry by entry: x, b and y
 * point at the first atom's block, blocks xA, bA and yA entries apart (b may be 0 or alias y).
 * Every output vector has the bits of mapping it alone.
 */
export function mapAtoms<T>(M: usize, NU: i32, P: i32, x: usize, xA: i32, b: usize, bA: i32, y: usize, yA: i32, k0: i32, count: i32, n: i32): void {
  for (let k = k0; k < k0 + count; k++) {
    mapVectors<T>(M, NU, P, at<T>(x, k * P), xA * P, b ? at<T>(b, k * P) : 0, bA * P, at<T>(y, k * P), yA * P, n);
  }
}

/**
 * g_v = A_v h_v for every atom and entry (layer 0: h is the embedding row of the type), and g
 * weighted by the entries' multiplicities (C_G_SYM: weigh), which is what the neighbour
 * contractions over D_v's entries read.
 */
function mixInputs<T>(plan: usize, weights: usize, ctx: usize, l: i32): void {
  const lh = layerHdr(plan, l);
  const P = hget(plan, H_P), NU = hget(plan, H_NU), maxV = hget(plan, H_MAXV);
  const vin = hget(plan, lh + L_VIN), ts = symComps(maxV), gs = symComps(vin);
  const feat = cptr(ctx, C_FEAT), g = cptr(ctx, C_LAYERS + 2 * l), gSym = cptr(ctx, C_G_SYM + l), types = cptr(ctx, C_TYPES);
  const embed = wptr<T>(weights, hget(plan, H_OFF_EMBED));
  const a0 = cget(ctx, C_A0), a1 = cget(ctx, C_A1);
  for (let v = 0; v <= vin; v++) {
    const A = wptr<T>(weights, hget(plan, lh + L_MIX_T + v));
    if (l > 0) {
      mapAtoms<T>(A, NU, P, atomBlock<T>(feat, a0, ts, P), ts, 0, 0, atomBlock<T>(g, a0, gs, P), gs, symOffset(v), symCount(v), a1 - a0);
      continue;
    }
    // Layer 0's input (rank 0 only) is the embedding row of each atom's type.
    for (let i = a0; i < a1; i++) matvecRows<T>(A, NU, P, at<T>(embed, load<i32>(types + (<usize>i << 2)) * P), 0, atomBlock<T>(g, i, gs, P));
  }
  zero<T>(atomBlock<T>(gSym, a0, gs, P), (a1 - a0) * gs * P);
  for (let i = a0; i < a1; i++) {
    const gi = atomBlock<T>(g, i, gs, P), si = atomBlock<T>(gSym, i, gs, P);
    for (let v = 0; v <= vin; v++) weigh<T>(at<T>(gi, symOffset(v) * P), v, P, at<T>(si, symOffset(v) * P));
  }
}

/**
 * Messages of the loaded edge block (edges e0..) of layer l for every output rank (g: the
 * symmetrized neighbour features, gc = symComps(vin) per atom): per column,
 * q_v[u] = Σ_paths PV[u]·R_p[u]·(g_v1[j]·n^{⊗v1})[u], left in S_QV ([maxV+1][P] per column).
 * With an activation store, R comes from the records fillStore wrote; with radial tables from
 * their splines (into the store, with dR/dr, when there is one), PV already folded in; else
 * the MLPs run here.
 */
export function blockMessages<T>(plan: usize, weights: usize, ctx: usize, l: i32, e0: i32, g: usize, gc: i32, cnt: i32): void {
  const lh = layerHdr(plan, l);
  const P = hget(plan, H_P), nlin = hget(plan, H_RAD_NLIN);
  const qS = cstride(ctx, S_QV);
  const qv = sptr(ctx, S_QV), shifts = sptr(ctx, S_SHIFTS);
  const keep = actStore(ctx) != 0, table = radialTables(ctx) != 0;
  const rec = keep ? (table ? lookupRecord(plan) : storeRecord(plan)) : 0;
  const recS = keep ? (table ? hget(plan, lh + L_NPATHS) * rec : storeEdgeStride(plan, l)) : 0, rOff = keep && !table ? storeROffset(plan) : 0;
  const layer = keep ? storeLayer<T>(plan, ctx, l) : 0;
  zero<T>(qv, BLOCK * qS);
  contractNeighbours<T>(ctx, P, g, gc, hget(plan, lh + L_VIN), cnt);
  const np = hget(plan, lh + L_NPATHS);
  for (let p = 0; p < np; p++) {
    const ph = pathHdr(plan, lh, p);
    const R = keep ? at<T>(recordAt<T>(layer, recS, rec, e0, p), rOff) : sptr(ctx, S_R), rS = keep ? recS : P;
    // Kept records (the MLPs', or the lookups' of lookup-fill.ts) are complete before the messages.
    if (table && !keep) {
      tableBlock<T>(plan, ctx, l, p, cnt, R, P, 0, 0);
    } else if (!keep) {
      setShifts(plan, ctx, hget(plan, ph + PA_PAIR_STRIDE));
      mlpForward<T>(plan, weights, ph + PA_LIN, nlin, shifts, BLOCK, sptr(ctx, S_Q), cstride(ctx, S_Q), sptr(ctx, S_ACT), cstride(ctx, S_ACT), R, P, false);
    }
    const v = hget(plan, ph + PA_V), v1 = hget(plan, ph + PA_V1);
    const pv = wptr<T>(weights, hget(plan, ph + PA_PV));
    for (let c = 0; c < cnt; c++) {
      if (table) mulAcc<T>(at<T>(qv, c * qS + v * P), at<T>(R, c * rS), at<T>(colPtr<T>(ctx, S_SV, c), v1 * P), P);
      else mul3Acc<T>(at<T>(qv, c * qS + v * P), pv, at<T>(R, c * rS), at<T>(colPtr<T>(ctx, S_SV, c), v1 * P), P);
    }
  }
}

/**
 * Hyper moments, channel maps and residual (into C_FEAT) of the n ≤ ATOMS_TOGETHER atoms from
 * a, then their readout terms (into energies).
 */
function atomOutputs<T>(plan: usize, weights: usize, ctx: usize, l: i32, a: i32, n: i32): void {
  const lh = layerHdr(plan, l);
  const P = hget(plan, H_P), NU = hget(plan, H_NU), maxV = hget(plan, H_MAXV), ts = symComps(maxV);
  const vin = hget(plan, lh + L_VIN), vout = hget(plan, lh + L_VOUT), gs = symComps(vin);
  const M = atomBlock<T>(cptr(ctx, C_LAYERS + 2 * l + 1), a, ts, P);
  const g = atomBlock<T>(cptr(ctx, C_LAYERS + 2 * l), a, gs, P);
  const out = atomBlock<T>(cptr(ctx, C_FEAT), a, ts, P);
  // Each atom's hyper moments of rank w: hs entries apart in S_HTMP. Where B_w is absent (the
  // identity: pack.ts fuseFirstMixing) they are the output itself.
  const H = sptr(ctx, S_HTMP), hs = symCount(maxV);
  for (let w = 0; w <= vout; w++) {
    const k0 = symOffset(w), m = symCount(w), dst = at<T>(out, k0 * P), B = hget(plan, lh + L_B_T + w);
    hyperForward<T>(plan, weights, hget(plan, lh + L_PH + w), w, P, M, ts * P, B >= 0 ? H : dst, (B >= 0 ? hs : ts) * P, n, sptr(ctx, S_WTMP));
    if (B >= 0) mapAtoms<T>(wptr<T>(weights, B), NU, P, H, hs, 0, 0, dst, ts, 0, m, n);
    const f = hget(plan, lh + L_F_T + w);
    if (f >= 0) mapAtoms<T>(wptr<T>(weights, f), NU, P, at<T>(g, k0 * P), gs, dst, ts, dst, ts, 0, m, n);
  }
  for (let q = 0; q < n; q++) readout<T>(plan, weights, ctx, l, a + q, atomBlock<T>(out, q, ts, P));
}

/** Layer l's readout term of atom i (its output at `out`), added to its energy. */
function readout<T>(plan: usize, weights: usize, ctx: usize, l: i32, i: i32, out: usize): void {
  const lh = layerHdr(plan, l);
  const P = hget(plan, H_P);
  const ep = cptr(ctx, C_ENERGIES) + (<usize>i << 3);
  let e = <T>load<f64>(ep);
  const ro = hget(plan, lh + L_RO_W);
  if (ro >= 0) {
    e += dot<T>(wptr<T>(weights, ro), out, P) + ld<T>(wptr<T>(weights, hget(plan, lh + L_RO_B)), 0);
  } else {
    const y = sptr(ctx, S_T0);
    mlpForward<T>(plan, weights, hget(plan, H_HDR_OUT_MLP), hget(plan, H_OUT_NLIN), 0, 1, out, 0, sptr(ctx, S_ACT), 0, y, 0, false);
    e += ld<T>(y, 0);
  }
  store<f64>(ep, <f64>e);
}

/**
 * Layer l: C_FEAT holds its input on entry and its output on exit; M_l and g_l are kept for the
 * reverse pass. On several threads each does its share's atoms and their rows' edges; messages
 * read any atom's g, so the mixing is finished everywhere first; without the reverse pass the
 * layer also ends together (the next layer reuses g and M).
 */
export function layerForward<T>(plan: usize, weights: usize, ctx: usize, l: i32): void {
  mixInputs<T>(plan, weights, ctx, l);
  // The store's MLPs read only edge lengths: they run before the barrier that ends the mixing,
  // which also finishes every share's records for the copies.
  const keep = actStore(ctx) != 0, fill = keep && !radialTables(ctx);
  if (fill) evaluateStore<T>(plan, weights, ctx, l);
  else if (keep) fillLookups<T>(plan, ctx, l);
  sync(ctx);
  const lh = layerHdr(plan, l);
  const a0 = cget(ctx, C_A0), a1 = cget(ctx, C_A1), E = edgesTo(ctx);
  const P = hget(plan, H_P), NU = hget(plan, H_NU), maxV = hget(plan, H_MAXV), ts = symComps(maxV);
  const gc = symComps(hget(plan, lh + L_VIN));
  const g = cptr(ctx, C_G_SYM + l), M = cptr(ctx, C_LAYERS + 2 * l + 1);
  const qv = sptr(ctx, S_QV), qS = cstride(ctx, S_QV);
  const dS = (<usize>cstride(ctx, S_D)) * sizeof<T>(), qB = (<usize>qS) * sizeof<T>();
  // M'_v[i] = Σ_{e in row i} q_v ⊗ D_v, accumulated in edge order into M_l's entries, then mapped.
  zero<T>(atomBlock<T>(M, a0, ts, P), (a1 - a0) * ts * P);
  if (keep) copyStore<T>(plan, ctx, l);
  let i = a0;
  for (let e0 = edgesFrom(ctx); e0 < E; e0 += BLOCK) {
    const cnt = loadBlock<T>(plan, weights, ctx, e0, E, i, false, !keep && !radialTables(ctx));
    i = colField(ctx, BLOCK - 1, COL_I);
    blockMessages<T>(plan, weights, ctx, l, e0, g, gc, cnt);
    // Consecutive columns of one centre add to its moments together (each entry loaded once).
    for (let c = 0, c1 = 0; c < cnt; c = c1) {
      const ci = colField(ctx, c, COL_I);
      for (c1 = c + 1; c1 < cnt && colField(ctx, c1, COL_I) == ci; c1++);
      const Mi = atomBlock<T>(M, ci, ts, P), D = colPtr<T>(ctx, S_D, c);
      for (let v = 0; v <= maxV; v++) {
        const k0 = symOffset(v), k1 = k0 + symCount(v), q = at<T>(qv, c * qS + v * P);
        for (let k = k0; k < k1; k++) axpyColumns<T>(at<T>(Mi, k * P), at<T>(D, k), dS, q, qB, c1 - c, P);
      }
    }
  }
  const invSqrtNavg = ld<T>(wptr<T>(weights, hget(plan, H_OFF_SCALARS)), 1);
  const tmp = sptr(ctx, S_MTMP);
  for (let a = a0; a < a1; a += ATOMS_TOGETHER) {
    const n = min(ATOMS_TOGETHER, a1 - a), Ma = atomBlock<T>(M, a, ts, P);
    scaleTo<T>(tmp, invSqrtNavg, Ma, n * ts * P);
    for (let v = 0; v <= maxV; v++) mapAtoms<T>(wptr<T>(weights, hget(plan, lh + L_C_T + v)), NU, P, tmp, ts, 0, 0, Ma, ts, symOffset(v), symCount(v), n);
    atomOutputs<T>(plan, weights, ctx, l, a, n);
  }
  // With the reverse pass each layer has its own g and M, and what the next one reads before its
  // first barrier is its share's own output: the layers need not end together. Without it the
  // next layer overwrites the g and M that other shares' messages may still be reading.
  if (cget(ctx, C_GRAD) == 0) sync(ctx);
}
