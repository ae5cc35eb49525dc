// Reverse pass of one CAMP layer. Adjoints flow per atom (residual, channel maps, hyper
// moments), then over edges row by row: the radial MLPs are recomputed for each edge (their
// activations are never stored), ∂E/∂r_e is accumulated per edge, and the adjoint of the
// neighbour features is GATHERED at the centre atom through the reverse edge (j→i, -S):
// its direction is -n, so D_v picks up (-1)^v, and its radial MLP uses the swapped type pair.
import {
  hget, wptr, pow3, comps, compOffset, layerHdr, pathHdr,
  H_NU, H_P, H_MAXV, H_NTYPES, H_RAD_NLIN, H_NB, H_OFF_SCALARS, H_OFF_SCALE,
  L_VIN, L_VOUT, L_NPATHS, L_MIX, L_C, L_B, L_F, L_PH, L_RO_W,
  PA_V, PA_V1, PA_PV, PA_PAIR_STRIDE, PA_LIN,
} from "./plan";
import {
  cget, cptr, sptr, C_N, C_TYPES, C_ROW, C_J, C_REV, C_LAYERS, C_OUT_BAR, C_G_BAR, C_M_BAR, C_EDGE_GRAD,
  S_Q, S_DQ, S_QBAR, S_QTMP, S_N, S_NBAR, S_D, S_DBAR, S_R, S_S, S_RBAR, S_SBAR, S_RREV,
  S_T0, S_T1, S_ACT, S_ACT2, S_QV, S_QBARV, S_QBARREV, S_SIGMA, S_MTMP, S_HTMP,
} from "./context";
import { atomBlock } from "./layer-forward";
import { edgeSetup, contractFeature } from "./edge";
import { mlpForward, mlpBackward } from "./mlp";
import { hyperBackward } from "./hyper";
import { outerPowerGrad } from "./tensors";
import { matvecRows, zero, axpy, scaleTo, mul3Acc, mul3To, addTo, dot, ld, st, at } from "./vec";

/** Per atom: adjoints of the mixed input (residual path) and of the pre-map atomic moments (scaled by 1/sqrt(N_avg)). */
function atomAdjoints<T>(plan: usize, weights: usize, ctx: usize, l: i32): void {
  const lh = layerHdr(plan, l);
  const N = cget(ctx, C_N), P = hget(plan, H_P), NU = hget(plan, H_NU), maxV = hget(plan, H_MAXV), tv = comps(maxV);
  const vin = hget(plan, lh + L_VIN), vout = hget(plan, lh + L_VOUT), gc = comps(vin);
  const M = cptr(ctx, C_LAYERS + 2 * l + 1);
  const outBar = cptr(ctx, C_OUT_BAR), gBar = cptr(ctx, C_G_BAR), mBar = cptr(ctx, C_M_BAR);
  const Mt = sptr(ctx, S_MTMP), H = sptr(ctx, S_HTMP);
  const invSqrtNavg = ld<T>(wptr<T>(weights, hget(plan, H_OFF_SCALARS)), 1);
  for (let i = 0; i < N; i++) {
    const ob = atomBlock<T>(outBar, i, tv, P);
    const gb = atomBlock<T>(gBar, i, gc, P);
    zero<T>(gb, gc * P);
    zero<T>(Mt, tv * P);
    for (let w = 0; w <= vout; w++) {
      const B = wptr<T>(weights, hget(plan, lh + L_B + w));
      const f = hget(plan, lh + L_F + w);
      const c0 = compOffset(w), m = pow3(w);
      for (let c = 0; c < m; c++) {
        const src = at<T>(ob, (c0 + c) * P);
        if (f >= 0) matvecRows<T>(wptr<T>(weights, f), NU, P, src, 0, at<T>(gb, (c0 + c) * P));
        matvecRows<T>(B, NU, P, src, 0, at<T>(H, c * P));
      }
      hyperBackward<T>(plan, weights, hget(plan, lh + L_PH + w), w, P, atomBlock<T>(M, i, tv, P), H, Mt);
    }
    const mb = atomBlock<T>(mBar, i, tv, P);
    for (let v = 0; v <= maxV; v++) {
      const C = wptr<T>(weights, hget(plan, lh + L_C + v));
      const c0 = compOffset(v), m = pow3(v);
      for (let c = c0; c < c0 + m; c++) matvecRows<T>(C, NU, P, at<T>(Mt, c * P), 0, at<T>(mb, c * P));
    }
    scaleTo<T>(mb, invSqrtNavg, mb, tv * P);
  }
}

/** qb[v][u] = sign^v·Σ_c D_v[c]·mb[c][u] for v ≤ maxV: adjoint of an edge's message scalars. */
function messageAdjoint<T>(D: usize, mb: usize, maxV: i32, P: i32, flip: bool, qb: usize): void {
  zero<T>(qb, (maxV + 1) * P);
  for (let v = 0; v <= maxV; v++) {
    const c0 = compOffset(v), m = pow3(v);
    const sign: T = flip && (v & 1) != 0 ? <T>-1 : <T>1;
    for (let c = c0; c < c0 + m; c++) axpy<T>(at<T>(qb, v * P), sign * ld<T>(D, c), at<T>(mb, c * P), P);
  }
}

/** Reverse pass over the edges of row i: ∂E/∂r_e for each, and the gathered adjoint of g at i. */
function rowBackward<T>(plan: usize, weights: usize, ctx: usize, l: i32, lh: i32, i: i32): void {
  const P = hget(plan, H_P), maxV = hget(plan, H_MAXV), tv = comps(maxV), nb = hget(plan, H_NB);
  const vin = hget(plan, lh + L_VIN), gc = comps(vin), np = hget(plan, lh + L_NPATHS);
  const nlin = hget(plan, H_RAD_NLIN), nt = hget(plan, H_NTYPES);
  const g = cptr(ctx, C_LAYERS + 2 * l), mBar = cptr(ctx, C_M_BAR);
  const types = cptr(ctx, C_TYPES), jj = cptr(ctx, C_J), eg = cptr(ctx, C_EDGE_GRAD);
  const n = sptr(ctx, S_N), nbar = sptr(ctx, S_NBAR), D = sptr(ctx, S_D), Dbar = sptr(ctx, S_DBAR);
  const Q = sptr(ctx, S_Q), dQ = sptr(ctx, S_DQ), Qbar = sptr(ctx, S_QBAR), Qtmp = sptr(ctx, S_QTMP);
  const R = sptr(ctx, S_R), s = sptr(ctx, S_S), Rbar = sptr(ctx, S_RBAR), sbar = sptr(ctx, S_SBAR), Rrev = sptr(ctx, S_RREV);
  const qv = sptr(ctx, S_QV), qb = sptr(ctx, S_QBARV), qbRev = sptr(ctx, S_QBARREV), sigma = sptr(ctx, S_SIGMA);
  const act = sptr(ctx, S_ACT), act2 = sptr(ctx, S_ACT2), t0 = sptr(ctx, S_T0), t1 = sptr(ctx, S_T1);
  const ti = load<i32>(types + (<usize>i << 2));
  const mbi = atomBlock<T>(mBar, i, tv, P);
  const gbi = atomBlock<T>(cptr(ctx, C_G_BAR), i, gc, P);
  const row = cptr(ctx, C_ROW);
  const e1 = load<i32>(row + (<usize>(i + 1) << 2));
  for (let e = load<i32>(row + (<usize>i << 2)); e < e1; e++) {
    const j = load<i32>(jj + (<usize>e << 2));
    const tj = load<i32>(types + (<usize>j << 2));
    const r = edgeSetup<T>(plan, weights, ctx, e, true);
    const gj = atomBlock<T>(g, j, gc, P);
    messageAdjoint<T>(D, mbi, maxV, P, false, qb);
    messageAdjoint<T>(D, atomBlock<T>(mBar, j, tv, P), maxV, P, true, qbRev);
    zero<T>(qv, (maxV + 1) * P);
    zero<T>(Qbar, (nb + 3) & ~3);
    zero<T>(Dbar, tv);
    zero<T>(sigma, (vin + 1) * P);
    for (let p = 0; p < np; p++) {
      const ph = pathHdr(plan, lh, p);
      const v = hget(plan, ph + PA_V), v1 = hget(plan, ph + PA_V1);
      const pv = wptr<T>(weights, hget(plan, ph + PA_PV));
      const stride = hget(plan, ph + PA_PAIR_STRIDE);
      const qbv = at<T>(qb, v * P);
      mlpForward<T>(plan, weights, ph + PA_LIN, nlin, (ti * nt + tj) * stride, Q, act, R);
      contractFeature<T>(D, v1, gj, P, s);
      mul3Acc<T>(at<T>(qv, v * P), pv, R, s, P);
      // Through the radial MLP to the basis.
      mul3To<T>(Rbar, qbv, pv, s, P);
      mlpBackward<T>(plan, weights, ph + PA_LIN, nlin, (ti * nt + tj) * stride, Rbar, act, t0, t1, Qtmp);
      addTo<T>(Qbar, Qtmp, (nb + 3) & ~3);
      // Through the contraction with the neighbour's feature to n^{⊗v1}.
      mul3To<T>(sbar, qbv, pv, R, P);
      const c0 = compOffset(v1), m = pow3(v1);
      for (let c = c0; c < c0 + m; c++) st<T>(Dbar, c, ld<T>(Dbar, c) + dot<T>(sbar, at<T>(gj, c * P), P));
      // The reverse edge's message into j, for the adjoint of g at i.
      let rr = R;
      if (ti != tj) {
        mlpForward<T>(plan, weights, ph + PA_LIN, nlin, (tj * nt + ti) * stride, Q, act2, Rrev);
        rr = Rrev;
      }
      mul3Acc<T>(at<T>(sigma, v1 * P), at<T>(qbRev, v * P), pv, rr, P);
    }
    // Through the outer product q_v ⊗ D_v of the message.
    for (let v = 0; v <= maxV; v++) {
      const c0 = compOffset(v), m = pow3(v);
      for (let c = c0; c < c0 + m; c++) st<T>(Dbar, c, ld<T>(Dbar, c) + dot<T>(at<T>(mbi, c * P), at<T>(qv, v * P), P));
    }
    zero<T>(nbar, 4);
    for (let v = 1; v <= maxV; v++) outerPowerGrad<T>(n, v, at<T>(Dbar, compOffset(v)), nbar);
    let rbar: T = <T>0;
    for (let k = 0; k < nb; k++) rbar += ld<T>(Qbar, k) * ld<T>(dQ, k);
    const n0 = ld<T>(n, 0), n1 = ld<T>(n, 1), n2 = ld<T>(n, 2);
    const b0 = ld<T>(nbar, 0), b1 = ld<T>(nbar, 1), b2 = ld<T>(nbar, 2);
    const radial: T = b0 * n0 + b1 * n1 + b2 * n2;
    const gp = eg + (<usize>e) * 24;
    store<f64>(gp, load<f64>(gp) + <f64>(rbar * n0 + (b0 - radial * n0) / r));
    store<f64>(gp, load<f64>(gp, 8) + <f64>(rbar * n1 + (b1 - radial * n1) / r), 8);
    store<f64>(gp, load<f64>(gp, 16) + <f64>(rbar * n2 + (b2 - radial * n2) / r), 16);
    // Gather: the reverse edge carries -n, so its n^{⊗v1} is (-1)^v1 D_v1.
    for (let v1 = 0; v1 <= vin; v1++) {
      const c0 = compOffset(v1), m = pow3(v1);
      const sign: T = (v1 & 1) != 0 ? <T>-1 : <T>1;
      for (let c = c0; c < c0 + m; c++) axpy<T>(at<T>(gbi, c * P), sign * ld<T>(D, c), at<T>(sigma, v1 * P), P);
    }
  }
}

/**
 * Reverse pass of layer l: C_OUT_BAR holds ∂E/∂out_l on entry; on exit (l > 0) it holds
 * ∂E/∂out_{l-1} including layer l-1's early readout term.
 */
export function layerBackward<T>(plan: usize, weights: usize, ctx: usize, l: i32): void {
  atomAdjoints<T>(plan, weights, ctx, l);
  const lh = layerHdr(plan, l);
  const N = cget(ctx, C_N);
  for (let i = 0; i < N; i++) rowBackward<T>(plan, weights, ctx, l, lh, i);
  if (l == 0) return;
  const P = hget(plan, H_P), NU = hget(plan, H_NU), tv = comps(hget(plan, H_MAXV));
  const vin = hget(plan, lh + L_VIN), gc = comps(vin);
  const outBar = cptr(ctx, C_OUT_BAR), gBar = cptr(ctx, C_G_BAR), types = cptr(ctx, C_TYPES);
  const ro = wptr<T>(weights, hget(plan, layerHdr(plan, l - 1) + L_RO_W));
  const scale = wptr<T>(weights, hget(plan, H_OFF_SCALE));
  for (let i = 0; i < N; i++) {
    const ob = atomBlock<T>(outBar, i, tv, P), gb = atomBlock<T>(gBar, i, gc, P);
    for (let v = 0; v <= vin; v++) {
      const A = wptr<T>(weights, hget(plan, lh + L_MIX + v));
      const c0 = compOffset(v), m = pow3(v);
      for (let c = c0; c < c0 + m; c++) matvecRows<T>(A, NU, P, at<T>(gb, c * P), 0, at<T>(ob, c * P));
    }
    axpy<T>(ob, ld<T>(scale, load<i32>(types + (<usize>i << 2))), ro, P);
  }
}
