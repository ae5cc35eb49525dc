// Reverse pass of one CAMP layer. Adjoints flow per atom (residual, channel maps, hyper
// moments), then over the edges in blocks: the radial MLPs' activations come from the
// activation store (act-store.ts) or are recomputed for each edge (the same bits either way),
// ∂E/∂r_e is accumulated per edge, and the adjoint of the
// neighbour features is GATHERED at the centre atom through the reverse edge (j→i, -S): its
// direction is -n, so D_v picks up (-1)^v, and its radial MLP uses the swapped type pair.
// For same-type edges that MLP is the edge's own (one sweep); mixed-type edges need it with
// the pair swapped (a second sweep, mixedBackward: the reverse edge's τ kept by the first
// sweep (tau-store.ts), else its record in the activation store, else recomputed).
// Everything runs over the distinct entries of the symmetric tensors (tensors.ts); an entry's
// adjoint is ∂E/∂ of the entry itself (every copy's part in one). The edges' part of g's adjoint
// is gathered against the multiplicity-weighted g they read (C_G_SYM) and reweighed per atom at
// the end. Layer 0's input is a constant of the atom types, so no adjoint of it is gathered there.
import {
  hget, wptr, layerHdr, pathHdr,
  H_NU, H_P, H_MAXV, H_NTYPES, H_RAD_NLIN, H_OFF_SCALARS, H_OFF_SCALE,
  L_VIN, L_VOUT, L_NPATHS, L_MIX, L_C, L_B, L_F, L_PH, L_RO_W,
  PA_V, PA_V1, PA_PV, PA_PAIR_STRIDE, PA_LIN,
} from "./plan";
import {
  cget, cptr, sptr, cstride, BLOCK, C_TYPES, C_ROW, C_REV, C_A0, C_A1, edgesFrom, edgesTo, C_LAYERS, C_G_SYM, C_OUT_BAR, C_G_BAR, C_M_BAR, C_G_BAR_SYM, C_EDGE_GRAD,
  S_Q, S_DQ, S_N, S_NBAR, S_D, S_DBAR, S_R, S_RBAR, S_T0, S_T1, S_Z1T, S_ACT,
  S_QV, S_QBARV, S_QBARREV, S_SIGMA, S_SV, S_TAU, S_RLEN, S_RBARC, S_SHIFTS, S_MTMP, S_HTMP, S_WTMP, ATOMS_TOGETHER,
} from "./context";
import { atomBlock, mapAtoms } from "./layer-forward";
import { loadBlock, edgeColumn, contractNeighbours, colField, colPtr, setShifts, COL_EDGE, COL_I, COL_J, COL_PAIR } from "./edge";
import { mlpForward, mlpBackward, firstLayerTangent, firstWidth } from "./mlp";
import { actStore, storeEdgeStride, storeROffset, storeLayer, storeRecord, recordAt } from "./act-store";
import { hyperBackward } from "./hyper";
import { radialTables, tableBlock, lookupRecord } from "./radial-table";
import { tauStore, tauAt, isMixed } from "./tau-store";
import { outerPowerGrad, weigh, symOffset, symCount, symComps } from "./tensors";
import { matvecRows, mapVectors, zero, copy, axpy, scaleTo, mulAcc, mul3Acc, dot, dots4, hsum, ld, st, at } from "./vec";
import { sync } from "./sync";

/**
 * Per atom (ATOMS_TOGETHER at a time for the channel maps): adjoints of the mixed input
 * (residual path) and of the pre-map atomic moments' entries (scaled by 1/sqrt(N_avg)); the
 * edges' part of g's adjoint starts at 0.
 */
function atomAdjoints<T>(plan: usize, weights: usize, ctx: usize, l: i32): void {
  const lh = layerHdr(plan, l);
  const P = hget(plan, H_P), NU = hget(plan, H_NU), maxV = hget(plan, H_MAXV), ts = symComps(maxV);
  const vin = hget(plan, lh + L_VIN), vout = hget(plan, lh + L_VOUT), gc = symComps(vin);
  const M = cptr(ctx, C_LAYERS + 2 * l + 1);
  const outBar = cptr(ctx, C_OUT_BAR), gBar = cptr(ctx, C_G_BAR), mBar = cptr(ctx, C_M_BAR), gbSym = cptr(ctx, C_G_BAR_SYM);
  const Mt = sptr(ctx, S_MTMP), H = sptr(ctx, S_HTMP), hs = symCount(maxV);
  const invSqrtNavg = ld<T>(wptr<T>(weights, hget(plan, H_OFF_SCALARS)), 1);
  for (let a = cget(ctx, C_A0), a1 = cget(ctx, C_A1); a < a1; a += ATOMS_TOGETHER) {
    const n = min(ATOMS_TOGETHER, a1 - a);
    const ob = atomBlock<T>(outBar, a, ts, P), gb = atomBlock<T>(gBar, a, gc, P), mb = atomBlock<T>(mBar, a, ts, P);
    zero<T>(gb, n * gc * P);
    zero<T>(Mt, n * ts * P);
    for (let w = 0; w <= vout; w++) {
      const k0 = symOffset(w), m = symCount(w), f = hget(plan, lh + L_F + w);
      if (f >= 0) mapAtoms<T>(wptr<T>(weights, f), NU, P, ob, ts, 0, 0, gb, gc, k0, m, n);
      // B_w absent (the identity, pack.ts fuseFirstMixing): the output's adjoint is the hyper moments'.
      const B = hget(plan, lh + L_B + w);
      if (B >= 0) mapAtoms<T>(wptr<T>(weights, B), NU, P, at<T>(ob, k0 * P), ts, 0, 0, H, hs, 0, m, n);
      const Hbar = B >= 0 ? H : at<T>(ob, k0 * P), hS = B >= 0 ? hs * P : ts * P;
      hyperBackward<T>(plan, weights, hget(plan, lh + L_PH + w), w, P, atomBlock<T>(M, a, ts, P), ts * P, Hbar, hS, Mt, n, sptr(ctx, S_WTMP));
    }
    for (let v = 0; v <= maxV; v++) mapAtoms<T>(wptr<T>(weights, hget(plan, lh + L_C + v)), NU, P, Mt, ts, 0, 0, mb, ts, symOffset(v), symCount(v), n);
    scaleTo<T>(mb, invSqrtNavg, mb, n * ts * P);
    if (l > 0) zero<T>(atomBlock<T>(gbSym, a, symComps(vin), P), n * symComps(vin) * P);
  }
}

/**
 * Adjoint of the message scalars of column c's reverse edge (j→i, direction -n: D_v picks up
 * (-1)^v) into S_QBARREV: qb[v][u] = (-1)^v·Σ_k D_v[k]·M̄_j[k][u], v ≤ maxV, distinct entries.
 */
function reverseMessageAdjoint<T>(ctx: usize, c: i32, mBar: usize, ts: i32, maxV: i32, P: i32): void {
  const D = colPtr<T>(ctx, S_D, c), mb = atomBlock<T>(mBar, colField(ctx, c, COL_J), ts, P), qb = colPtr<T>(ctx, S_QBARREV, c);
  for (let v = 0; v <= maxV; v++) {
    const k0 = symOffset(v);
    const y = at<T>(qb, v * P);
    matvecRows<T>(at<T>(mb, k0 * P), symCount(v), P, at<T>(D, k0), 0, y);
    if ((v & 1) != 0) scaleTo<T>(y, <T>-1, y, P);
  }
}

/**
 * ḡ[i] += (-1)^v1·D_v1(n)·σ[v1] over the distinct entries (C_G_BAR_SYM): column c's reverse
 * edge (j→i, direction -n) fed g_v1[i] into j's messages; σ is the column's S_SIGMA, or
 * `sigma` when that is not 0. gc = symComps(vin).
 */
function gatherSigma<T>(ctx: usize, P: i32, c: i32, vin: i32, gc: i32, sigma: usize = 0): void {
  const gbi = atomBlock<T>(cptr(ctx, C_G_BAR_SYM), colField(ctx, c, COL_I), gc, P);
  const D = colPtr<T>(ctx, S_D, c);
  if (!sigma) sigma = colPtr<T>(ctx, S_SIGMA, c);
  for (let v1 = 0; v1 <= vin; v1++) {
    const k0 = symOffset(v1), k1 = k0 + symCount(v1);
    const sign: T = (v1 & 1) != 0 ? <T>-1 : <T>1;
    for (let k = k0; k < k1; k++) axpy<T>(at<T>(gbi, k * P), sign * ld<T>(D, k), at<T>(sigma, v1 * P), P);
  }
}

@inline function sameTypes(plan: usize, ctx: usize, c: i32): bool {
  const nt = hget(plan, H_NTYPES), pair = colField(ctx, c, COL_PAIR);
  return pair / nt == pair % nt;
}

/**
 * ∂E/∂r_e of column c's edge from what the block accumulated: the radial part (S_RBARC) and
 * the direction part, through D_v of the message (D̄ += M̄'_i·q_v) and of the neighbour
 * contraction (D̄ += τ_v1·g_v1[j]); added to the f64 edge gradient.
 */
function edgeGradient<T>(ctx: usize, P: i32, maxV: i32, vin: i32, g: usize, gc: i32, c: i32): void {
  const mbi = atomBlock<T>(cptr(ctx, C_M_BAR), colField(ctx, c, COL_I), symComps(maxV), P);
  const gj = atomBlock<T>(g, colField(ctx, c, COL_J), gc, P);
  const Dbar = colPtr<T>(ctx, S_DBAR, c), qv = colPtr<T>(ctx, S_QV, c), tau = colPtr<T>(ctx, S_TAU, c);
  // D_0 = 1 is a constant: its D̄ is not needed.
  for (let v = 1; v <= maxV; v++) {
    const c0 = symOffset(v), c1 = c0 + symCount(v);
    const q = at<T>(qv, v * P), t = at<T>(tau, v * P);
    let k = c0;
    // Four components at a time (ranks ≥ 2), one at a time for the rest: the same sums.
    for (; k + 4 <= c1; k += 4) {
      dots4<T>(at<T>(mbi, k * P), P, q, P, at<T>(Dbar, k), false);
      if (v <= vin) dots4<T>(at<T>(gj, k * P), P, t, P, at<T>(Dbar, k), true);
    }
    for (; k < c1; k++) {
      let d = dot<T>(at<T>(mbi, k * P), q, P);
      if (v <= vin) d += dot<T>(t, at<T>(gj, k * P), P);
      st<T>(Dbar, k, d);
    }
  }
  const n = colPtr<T>(ctx, S_N, c), nbar = sptr(ctx, S_NBAR), D = colPtr<T>(ctx, S_D, c);
  zero<T>(nbar, 4);
  for (let v = 1; v <= maxV; v++) outerPowerGrad<T>(v, at<T>(Dbar, symOffset(v)), D, nbar);
  const rbar = ld<T>(sptr(ctx, S_RBARC), c), r = ld<T>(sptr(ctx, S_RLEN), c);
  const n0 = ld<T>(n, 0), n1 = ld<T>(n, 1), n2 = ld<T>(n, 2);
  const b0 = ld<T>(nbar, 0), b1 = ld<T>(nbar, 1), b2 = ld<T>(nbar, 2);
  const radial: T = b0 * n0 + b1 * n1 + b2 * n2;
  const gp = cptr(ctx, C_EDGE_GRAD) + (<usize>colField(ctx, c, COL_EDGE)) * 24;
  store<f64>(gp, load<f64>(gp) + <f64>(rbar * n0 + (b0 - radial * n0) / r));
  store<f64>(gp, load<f64>(gp, 8) + <f64>(rbar * n1 + (b1 - radial * n1) / r), 8);
  store<f64>(gp, load<f64>(gp, 16) + <f64>(rbar * n2 + (b2 - radial * n2) / r), 16);
}

/**
 * One path's terms of one edge, in a single sweep over the channels (each value loaded once):
 * q += (pv⊙R)⊙s (the message, for D̄), R̄ = (q̄⊙pv)⊙s, τ += (q̄⊙pv)⊙R and, when qr is not 0
 * (same-type edge), σ += (q̄_rev⊙pv)⊙R; R̄ into Rbar, returns 0. With radial tables (dR not 0)
 * R is the tabulated pv⊙R (radial-table-build.ts), so pv is not read, and R̄ is not stored:
 * the result is R̄·dR/dr, summed in dot's order (vec.ts), which is all the tables need of it.
 */
function pathAdjoints<T>(pv: usize, R: usize, s: usize, qb: usize, qr: usize, q: usize, Rbar: usize, dR: usize, tau: usize, sigma: usize, P: i32): T {
  const bytes = (<usize>P) * sizeof<T>();
  if (dR) {
    let acc = v128.splat<T>(<T>0);
    for (let o: usize = 0; o < bytes; o += 16) {
      const r = v128.load(R + o), sv = v128.load(s + o), qp = v128.load(qb + o);
      v128.store(q + o, v128.add<T>(v128.load(q + o), v128.mul<T>(r, sv)));
      acc = v128.add<T>(acc, v128.mul<T>(v128.mul<T>(qp, sv), v128.load(dR + o)));
      v128.store(tau + o, v128.add<T>(v128.load(tau + o), v128.mul<T>(qp, r)));
      if (qr) v128.store(sigma + o, v128.add<T>(v128.load(sigma + o), v128.mul<T>(v128.load(qr + o), r)));
    }
    return hsum<T>(acc);
  }
  for (let o: usize = 0; o < bytes; o += 16) {
    const p = v128.load(pv + o), r = v128.load(R + o), sv = v128.load(s + o);
    v128.store(q + o, v128.add<T>(v128.load(q + o), v128.mul<T>(v128.mul<T>(p, r), sv)));
    const qp = v128.mul<T>(v128.load(qb + o), p);
    v128.store(Rbar + o, v128.mul<T>(qp, sv));
    v128.store(tau + o, v128.add<T>(v128.load(tau + o), v128.mul<T>(qp, r)));
    if (qr) v128.store(sigma + o, v128.add<T>(v128.load(sigma + o), v128.mul<T>(v128.mul<T>(v128.load(qr + o), p), r)));
  }
  return <T>0;
}

/**
 * Reverse pass over every edge, in blocks: radial MLPs recomputed and reversed, ∂E/∂r_e
 * accumulated per edge, and for same-type edges (whose reverse edge has the same radial MLP
 * outputs) the adjoint of g gathered at the centre right away (not in layer 0). Padded
 * columns of the last block are computed (their inputs duplicate a real edge) but never stored.
 */
function edgesBackward<T>(plan: usize, weights: usize, ctx: usize, l: i32, lh: i32): void {
  const E = edgesTo(ctx), gather = l > 0;
  const P = hget(plan, H_P), maxV = hget(plan, H_MAXV), ts = symComps(maxV);
  const vin = hget(plan, lh + L_VIN), gc = symComps(vin), np = hget(plan, lh + L_NPATHS), nlin = hget(plan, H_RAD_NLIN);
  const g = cptr(ctx, C_G_SYM + l), mBar = cptr(ctx, C_M_BAR);
  const qS = cstride(ctx, S_QV), tS = cstride(ctx, S_T0), zS = cstride(ctx, S_Z1T);
  const dS = cstride(ctx, S_D), qbS = cstride(ctx, S_QBARV);
  const Rbar = sptr(ctx, S_RBAR), shifts = sptr(ctx, S_SHIFTS), rbarC = sptr(ctx, S_RBARC);
  const keep = actStore(ctx) != 0, table = radialTables(ctx) != 0;
  const rec = keep ? (table ? lookupRecord(plan) : storeRecord(plan)) : 0;
  const recS = keep ? (table ? np * rec : storeEdgeStride(plan, l)) : 0, rOff = keep && !table ? storeROffset(plan) : 0;
  const layer = keep ? storeLayer<T>(plan, ctx, l) : 0;
  let i = cget(ctx, C_A0);
  for (let e0 = edgesFrom(ctx); e0 < E; e0 += BLOCK) {
    const cnt = loadBlock<T>(plan, weights, ctx, e0, E, i, true, !table);
    i = colField(ctx, BLOCK - 1, COL_I);
    // Consecutive columns of one centre read the same M̄: their message adjoints share its loads.
    for (let c = 0, c1 = 0; c < BLOCK; c = c1) {
      const ci = colField(ctx, c, COL_I);
      for (c1 = c + 1; c1 < BLOCK && colField(ctx, c1, COL_I) == ci; c1++);
      const mbi = atomBlock<T>(mBar, ci, ts, P);
      for (let v = 0; v <= maxV; v++) {
        const k0 = symOffset(v);
        mapVectors<T>(at<T>(mbi, k0 * P), symCount(v), P, at<T>(colPtr<T>(ctx, S_D, c), k0), dS, 0, 0, at<T>(colPtr<T>(ctx, S_QBARV, c), v * P), qbS, c1 - c);
      }
    }
    if (gather) {
      for (let c = 0; c < BLOCK; c++) {
        if (sameTypes(plan, ctx, c)) reverseMessageAdjoint<T>(ctx, c, mBar, ts, maxV, P);
      }
    }
    contractNeighbours<T>(ctx, P, g, gc, vin, BLOCK);
    zero<T>(sptr(ctx, S_QV), BLOCK * qS);
    zero<T>(sptr(ctx, S_TAU), BLOCK * qS);
    zero<T>(sptr(ctx, S_SIGMA), BLOCK * qS);
    zero<T>(rbarC, BLOCK);
    for (let p = 0; p < np; p++) {
      const ph = pathHdr(plan, lh, p);
      const v = hget(plan, ph + PA_V), v1 = hget(plan, ph + PA_V1);
      const pv = wptr<T>(weights, hget(plan, ph + PA_PV));
      setShifts(plan, ctx, hget(plan, ph + PA_PAIR_STRIDE));
      // The MLP's record: from the store, or recomputed into the scratch.
      const act = keep ? recordAt<T>(layer, recS, rec, e0, p) : sptr(ctx, S_ACT), actS = keep ? recS : cstride(ctx, S_ACT);
      const R = keep ? at<T>(act, rOff) : sptr(ctx, S_R), rS = keep ? recS : P;
      if (table && !keep) tableBlock<T>(plan, ctx, l, p, BLOCK, R, P, sptr(ctx, S_Z1T), zS);
      else if (!keep) mlpForward<T>(plan, weights, ph + PA_LIN, nlin, shifts, BLOCK, sptr(ctx, S_Q), cstride(ctx, S_Q), act, actS, R, P);
      for (let c = 0; c < BLOCK; c++) {
        // Through the spline: ∂E/∂|r| += R̄·dR/dr (dR/dr kept after R in the store, else just looked up).
        const dR: usize = !table ? 0 : keep ? at<T>(R, c * rS + P) : colPtr<T>(ctx, S_Z1T, c);
        const rd = pathAdjoints<T>(pv, at<T>(R, c * rS), at<T>(colPtr<T>(ctx, S_SV, c), v1 * P), at<T>(colPtr<T>(ctx, S_QBARV, c), v * P),
          gather && sameTypes(plan, ctx, c) ? at<T>(colPtr<T>(ctx, S_QBARREV, c), v * P) : 0,
          at<T>(colPtr<T>(ctx, S_QV, c), v * P), at<T>(Rbar, c * P), dR, at<T>(colPtr<T>(ctx, S_TAU, c), v1 * P), at<T>(colPtr<T>(ctx, S_SIGMA, c), v1 * P), P);
        if (table) st<T>(rbarC, c, ld<T>(rbarC, c) + rd);
      }
      if (table) continue;
      // Through the radial MLP: ∂E/∂|r| += (∂E/∂z1)·(dz1/dr).
      const z1bar = mlpBackward<T>(plan, weights, ph + PA_LIN, nlin, shifts, BLOCK, Rbar, P, act, actS, keep,
        sptr(ctx, S_T0), sptr(ctx, S_T1), tS, 0, 0);
      firstLayerTangent<T>(plan, weights, ph + PA_LIN, shifts, BLOCK, sptr(ctx, S_DQ), cstride(ctx, S_DQ), sptr(ctx, S_Z1T), zS);
      const w1 = firstWidth(plan, ph + PA_LIN);
      for (let c = 0; c < cnt; c++) st<T>(rbarC, c, ld<T>(rbarC, c) + dot<T>(at<T>(z1bar, c * tS), colPtr<T>(ctx, S_Z1T, c), w1));
    }
    for (let c = 0; c < cnt; c++) {
      edgeGradient<T>(ctx, P, maxV, vin, g, gc, c);
      if (!gather) continue;
      if (sameTypes(plan, ctx, c)) gatherSigma<T>(ctx, P, c, vin, gc);
      else if (tauStore(ctx)) copy<T>(tauAt<T>(plan, ctx, colField(ctx, c, COL_EDGE)), colPtr<T>(ctx, S_TAU, c), (vin + 1) * P);
    }
  }
}

/**
 * Reverse-edge messages of one block of mixed-type edges (loaded with the swapped pair): σ,
 * then the gather. The reverse edge's radial MLPs are its stored record, or recomputed.
 */
function flushMixed<T>(plan: usize, weights: usize, ctx: usize, l: i32, lh: i32, cnt: i32): void {
  const P = hget(plan, H_P), maxV = hget(plan, H_MAXV), ts = symComps(maxV);
  const vin = hget(plan, lh + L_VIN), gc = symComps(vin), np = hget(plan, lh + L_NPATHS), nlin = hget(plan, H_RAD_NLIN);
  const mBar = cptr(ctx, C_M_BAR), R = sptr(ctx, S_R), shifts = sptr(ctx, S_SHIFTS), rev = cptr(ctx, C_REV);
  const keep = actStore(ctx) != 0, table = radialTables(ctx) != 0, rOff = keep && !table ? storeROffset(plan) : 0;
  const rec = keep ? (table ? lookupRecord(plan) : storeRecord(plan)) : 0;
  const layer = keep ? storeLayer<T>(plan, ctx, l) : 0, recS = keep ? (table ? np * rec : storeEdgeStride(plan, l)) : 0;
  zero<T>(sptr(ctx, S_SIGMA), BLOCK * cstride(ctx, S_SIGMA));
  for (let c = 0; c < cnt; c++) reverseMessageAdjoint<T>(ctx, c, mBar, ts, maxV, P);
  for (let p = 0; p < np; p++) {
    const ph = pathHdr(plan, lh, p);
    const v = hget(plan, ph + PA_V), v1 = hget(plan, ph + PA_V1);
    const pv = wptr<T>(weights, hget(plan, ph + PA_PV));
    if (table && !keep) {
      tableBlock<T>(plan, ctx, l, p, cnt, R, P, 0, 0);
    } else if (!keep) {
      setShifts(plan, ctx, hget(plan, ph + PA_PAIR_STRIDE));
      mlpForward<T>(plan, weights, ph + PA_LIN, nlin, shifts, BLOCK, sptr(ctx, S_Q), cstride(ctx, S_Q), sptr(ctx, S_ACT), cstride(ctx, S_ACT), R, P, false);
    }
    for (let c = 0; c < cnt; c++) {
      const Rc = keep ? at<T>(recordAt<T>(layer, recS, rec, load<i32>(rev + (<usize>colField(ctx, c, COL_EDGE) << 2)), p), rOff) : at<T>(R, c * P);
      // Tabulated R already holds pv (radial-table-build.ts).
      if (table) mulAcc<T>(at<T>(colPtr<T>(ctx, S_SIGMA, c), v1 * P), at<T>(colPtr<T>(ctx, S_QBARREV, c), v * P), Rc, P);
      else mul3Acc<T>(at<T>(colPtr<T>(ctx, S_SIGMA, c), v1 * P), at<T>(colPtr<T>(ctx, S_QBARREV, c), v * P), pv, Rc, P);
    }
  }
  for (let c = 0; c < cnt; c++) gatherSigma<T>(ctx, P, c, vin, gc);
}

/**
 * The gather for mixed-type edges, whose reverse edge runs the radial MLPs of the swapped type
 * pair: its τ read back from the mixed-edge store when there is one, else formed here.
 */
function mixedBackward<T>(plan: usize, weights: usize, ctx: usize, l: i32, lh: i32): void {
  const a0 = cget(ctx, C_A0), a1 = cget(ctx, C_A1);
  const row = cptr(ctx, C_ROW), types = cptr(ctx, C_TYPES), rev = cptr(ctx, C_REV);
  if (tauStore(ctx)) {
    const P = hget(plan, H_P), vin = hget(plan, lh + L_VIN), gc = symComps(vin);
    for (let i = a0; i < a1; i++) {
      const ti = load<i32>(types + (<usize>i << 2));
      const e1 = load<i32>(row + (<usize>(i + 1) << 2));
      for (let e = load<i32>(row + (<usize>i << 2)); e < e1; e++) {
        if (!isMixed(ctx, e, ti)) continue;
        edgeColumn<T>(plan, weights, ctx, 0, e, i, false, true, false);
        gatherSigma<T>(ctx, P, 0, vin, gc, tauAt<T>(plan, ctx, load<i32>(rev + (<usize>e << 2))));
      }
    }
    return;
  }
  // With stored records or radial tables the reverse edges' MLPs are not run: no radial basis needed.
  const basis = actStore(ctx) == 0 && radialTables(ctx) == 0;
  let k = 0;
  for (let i = a0; i < a1; i++) {
    const ti = load<i32>(types + (<usize>i << 2));
    const e1 = load<i32>(row + (<usize>(i + 1) << 2));
    for (let e = load<i32>(row + (<usize>i << 2)); e < e1; e++) {
      if (!isMixed(ctx, e, ti)) continue;
      edgeColumn<T>(plan, weights, ctx, k++, e, i, false, true, basis);
      if (k == BLOCK) {
        flushMixed<T>(plan, weights, ctx, l, lh, k);
        k = 0;
      }
    }
  }
  if (k == 0) return;
  const e = colField(ctx, k - 1, COL_EDGE), i = colField(ctx, k - 1, COL_I);
  for (let c = k; c < BLOCK; c++) edgeColumn<T>(plan, weights, ctx, c, e, i, false, true, basis);
  flushMixed<T>(plan, weights, ctx, l, lh, k);
}

/**
 * Reverse pass of layer l: C_OUT_BAR holds ∂E/∂out_l on entry; on exit (l > 0) it holds
 * ∂E/∂out_{l-1} including layer l-1's early readout term. On several threads each does its
 * share; the edges read any atom's M̄ (and, with the mixed-edge store, any edge's τ), so those
 * are finished everywhere first, and the layer ends together (M̄ and τ are reused).
 */
export function layerBackward<T>(plan: usize, weights: usize, ctx: usize, l: i32): void {
  atomAdjoints<T>(plan, weights, ctx, l);
  sync(ctx);
  const lh = layerHdr(plan, l);
  edgesBackward<T>(plan, weights, ctx, l, lh);
  // Layer 0's input depends on the atom types only: its adjoint is not needed.
  if (l == 0) {
    sync(ctx);
    return;
  }
  if (tauStore(ctx)) sync(ctx);
  mixedBackward<T>(plan, weights, ctx, l, lh);
  const P = hget(plan, H_P), NU = hget(plan, H_NU), ts = symComps(hget(plan, H_MAXV));
  const vin = hget(plan, lh + L_VIN), gs = symComps(vin);
  const outBar = cptr(ctx, C_OUT_BAR), gBar = cptr(ctx, C_G_BAR), gbSym = cptr(ctx, C_G_BAR_SYM), types = cptr(ctx, C_TYPES);
  const ro = wptr<T>(weights, hget(plan, layerHdr(plan, l - 1) + L_RO_W));
  const scale = wptr<T>(weights, hget(plan, H_OFF_SCALE));
  const a0 = cget(ctx, C_A0), a1 = cget(ctx, C_A1);
  for (let i = a0; i < a1; i++) {
    const gb = atomBlock<T>(gBar, i, gs, P), sb = atomBlock<T>(gbSym, i, gs, P);
    // The gathered part is the weighted g's adjoint: each of an entry's copies reads it.
    for (let v = 0; v <= vin; v++) weigh<T>(at<T>(sb, symOffset(v) * P), v, P, at<T>(gb, symOffset(v) * P));
  }
  for (let v = 0; v <= vin; v++) {
    mapAtoms<T>(wptr<T>(weights, hget(plan, lh + L_MIX + v)), NU, P, atomBlock<T>(gBar, a0, gs, P), gs, 0, 0, atomBlock<T>(outBar, a0, ts, P), ts, symOffset(v), symCount(v), a1 - a0);
  }
  for (let i = a0; i < a1; i++) axpy<T>(atomBlock<T>(outBar, i, ts, P), ld<T>(scale, load<i32>(types + (<usize>i << 2))), ro, P);
  sync(ctx);
}
