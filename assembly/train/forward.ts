// The CAMP forward pass in dual arithmetic (values and tangents along dx), keeping per layer
// what the reverse pass reads (plan.ts: g, t, M', M, H', out). Straight loops over atoms,
// edges (CSR order) and channels; the fast SIMD kernels of assembly/model stay as they are.
import {
  GH_NU, GH_MAXV, GH_NB, GH_NTYPES, GH_RAD_NLIN, GH_OUT_NLIN, GH_HDR_RAD_WIDTHS, GH_HDR_OUT_WIDTHS, GH_HDR_OUT_LIN,
  GH_HDR_RULES, GH_EMBED_W, GH_EMBED_B, GL_VIN, GL_VOUT, GL_NPATHS, GL_RADIAL_C, GL_RO_W, GL_RO_B, GL_MIX, GL_CH, GL_PV,
  GL_PH, GL_B, GL_F, GP_V, GP_V1, GP_V2, GP_K, GP_SIZE, GC_N, GC_TYPES, GC_ROW, GC_J, GC_REV, GC_CONSTS,
} from "../generated/layouts";
import { pow3, comps, compOffset } from "../model/plan";
import {
  tget, tptr, trainLayer, trainPath, featStride, pathStride, msgStride, layerBuf, buf,
  B_G, B_T, B_MP, B_M, B_HP, B_OUT, S_H0, S_X, S_QD, S_F, S_D, S_N, S_ACT, S_R, S_Q, S_DQ, S_PROD, S_Y,
} from "./plan";
import { dptr, dv, dt, dset, dadd, dzero, th, linForward, mapForward } from "./dual";
import { mlpForwardDual } from "./mlp-dual";
import { edgeGeometry } from "./geometry";
import { ruleForward } from "./hyper-dual";

@inline export function typeOf(ctx: usize, i: i32): i32 {
  return load<i32>(tptr(ctx, GC_TYPES) + (<usize>i << 2));
}

@inline export function invSqrtNavg<T>(ctx: usize): T {
  return <T>load<f64>(tptr(ctx, GC_CONSTS), 8);
}

/** Atom i's embedding row W[:, type] + b into S_H0 (rank 0 only; no tangent). */
export function embedRow<T>(hdr: usize, theta: usize, ctx: usize, i: i32): usize {
  const nU = tget(hdr, GH_NU), nT = tget(hdr, GH_NTYPES), t = typeOf(ctx, i);
  const h = buf(S_H0);
  const W = tget(hdr, GH_EMBED_W), b = tget(hdr, GH_EMBED_B);
  for (let u = 0; u < nU; u++) dset<T>(h, u, th<T>(theta, W + u * nT + t) + th<T>(theta, b + u), <T>0);
  return h;
}

/** Layer l's input features of atom i: the embedding row, or the previous layer's out. */
export function layerInput<T>(hdr: usize, theta: usize, ctx: usize, l: i32, i: i32): usize {
  const n = tget(ctx, GC_N);
  return l == 0 ? embedRow<T>(hdr, theta, ctx, i) : dptr<T>(layerBuf<T>(hdr, ctx, n, l - 1, B_OUT), i * featStride(hdr));
}

/** The edge's radial features f = c[ti, tj]·Q into S_F (geometry loaded into S_QD, S_N, S_D). */
export function loadEdge<T>(hdr: usize, theta: usize, ctx: usize, lh: i32, e: i32, i: i32, j: i32): void {
  const n = tget(ctx, GC_N), nU = tget(hdr, GH_NU), nb = tget(hdr, GH_NB), nT = tget(hdr, GH_NTYPES);
  const Qd = buf(S_QD);
  edgeGeometry<T>(ctx, e, i, j, nb, tget(hdr, GH_MAXV), buf(S_Q), buf(S_DQ), Qd, buf(S_N), buf(S_D));
  const pair = typeOf(ctx, i) * nT + typeOf(ctx, j);
  linForward<T>(theta, tget(hdr, lh + GL_RADIAL_C) + pair * nU * nb, -1, nb, nU, Qd, buf(S_F), false);
}

/** R = the path's radial MLP of S_F into S_R (activations in S_ACT). */
export function pathRadial<T>(hdr: usize, theta: usize, ctx: usize, ph: i32): void {
  const n = tget(ctx, GC_N);
  mlpForwardDual<T>(hdr, theta, ph + GP_SIZE, tget(hdr, GH_HDR_RAD_WIDTHS), tget(hdr, GH_RAD_NLIN),
    buf(S_F), buf(S_ACT), buf(S_R));
}

/**
 * X[b][u] = sign·Σ_a g_v1[j][a][u]·D_v2[a·3^v + b]: neighbour features against n^{⊗v2} (into
 * S_X). sign = (−1)^v2 gives the reverse edge's, whose direction is −n.
 */
export function contractNeighbour<T>(hdr: usize, ctx: usize, gj: usize, v: i32, v1: i32, sign: f64 = 1.0): usize {
  const nU = tget(hdr, GH_NU);
  const X = buf(S_X), D = buf(S_D);
  const m = pow3(v), ma = pow3(v1), d0 = compOffset(v1 + v), g0 = compOffset(v1), sg = <T>sign;
  dzero<T>(X, m * nU);
  for (let a = 0; a < ma; a++) {
    for (let b = 0; b < m; b++) {
      const Dv = sg * dv<T>(D, d0 + a * m + b), Dt = sg * dt<T>(D, d0 + a * m + b);
      const x = dptr<T>(X, b * nU), g = dptr<T>(gj, (g0 + a) * nU);
      for (let u = 0; u < nU; u++) {
        const gv = dv<T>(g, u), gt = dt<T>(g, u);
        dadd<T>(x, u, gv * Dv, gt * Dv + gv * Dt);
      }
    }
  }
  return X;
}

/** (−1)^v2 of path ph: the reverse edge's D_v2 = D_v2(−n). */
@inline export function reverseSign(hdr: usize, ph: i32): f64 {
  return (tget(hdr, ph + GP_V2) & 1) != 0 ? -1.0 : 1.0;
}

/**
 * True when an edge (centre i, neighbour j) is handled together with its reverse edge: a
 * same-type pair has the same length, type pair and radial MLP outputs (and tangents: both
 * ṙ are n·(dx_j − dx_i)) both ways, so one MLP evaluation serves both; the edge with the
 * lower index runs it.
 */
@inline export function pairedEdge(ctx: usize, i: i32, j: i32): bool {
  return typeOf(ctx, i) == typeOf(ctx, j);
}

@inline export function reverseOf(ctx: usize, e: i32): i32 {
  return load<i32>(tptr(ctx, GC_REV) + (<usize>e << 2));
}

/** t[b][u] += s·R[u]·X[b][u] (dual) over 3^v components. */
function addMessage<T>(tp: usize, R: usize, X: usize, s: T, m: i32, nU: i32): void {
  for (let b = 0; b < m; b++) {
    for (let u = 0; u < nU; u++) {
      const rv = s * dv<T>(R, u), rt = s * dt<T>(R, u), xv = dv<T>(X, b * nU + u), xt = dt<T>(X, b * nU + u);
      dadd<T>(tp, b * nU + u, rv * xv, rt * xv + rv * xt);
    }
  }
}

/** Calls the edges of the CSR rows in order: f(e, i, j). */
@inline export function rowOf(ctx: usize, i: i32): i32 {
  return load<i32>(tptr(ctx, GC_ROW) + (<usize>i << 2));
}

@inline export function neighbour(ctx: usize, e: i32): i32 {
  return load<i32>(tptr(ctx, GC_J) + (<usize>e << 2));
}

/** Weight of rule/path k of a combination at θ offset W (k-th row), or 1 when W < 0 (alone). */
@inline export function comboWeight<T>(theta: usize, W: i32, k: i32, nU: i32, u: i32): T {
  return W < 0 ? <T>1 : th<T>(theta, W + k * nU + u);
}

function layerForward<T>(hdr: usize, theta: usize, ctx: usize, l: i32): void {
  const n = tget(ctx, GC_N), nU = tget(hdr, GH_NU), maxV = tget(hdr, GH_MAXV);
  const lh = trainLayer(hdr, l);
  const vin = tget(hdr, lh + GL_VIN), vout = tget(hdr, lh + GL_VOUT), np = tget(hdr, lh + GL_NPATHS);
  const FS = featStride(hdr), PS = pathStride(hdr), TS = msgStride(hdr);
  const g = layerBuf<T>(hdr, ctx, n, l, B_G), t = layerBuf<T>(hdr, ctx, n, l, B_T);
  // a. g_v = A_v·h_v.
  for (let i = 0; i < n; i++) {
    const h = layerInput<T>(hdr, theta, ctx, l, i), gi = dptr<T>(g, i * FS);
    for (let v = 0; v <= vin; v++) mapForward<T>(theta, tget(hdr, lh + GL_MIX + v), nU, pow3(v), dptr<T>(h, compOffset(v) * nU), dptr<T>(gi, compOffset(v) * nU), false);
  }
  // b–c. Messages t_p[i] += s·R_p ⊙ (g_v1[j]·D_v2), edges in CSR order.
  dzero<T>(t, n * TS);
  const s = invSqrtNavg<T>(ctx);
  const R = buf(S_R);
  for (let i = 0; i < n; i++) {
    for (let e = rowOf(ctx, i); e < rowOf(ctx, i + 1); e++) {
      const j = neighbour(ctx, e);
      const paired = pairedEdge(ctx, i, j);
      if (paired && reverseOf(ctx, e) < e) continue; // done with its reverse edge
      loadEdge<T>(hdr, theta, ctx, lh, e, i, j);
      for (let p = 0; p < np; p++) {
        const ph = trainPath(hdr, lh, p);
        const v = tget(hdr, ph + GP_V), v1 = tget(hdr, ph + GP_V1);
        pathRadial<T>(hdr, theta, ctx, ph);
        addMessage<T>(dptr<T>(t, i * TS + p * PS), R, contractNeighbour<T>(hdr, ctx, dptr<T>(g, j * FS), v, v1), s, pow3(v), nU);
        if (paired) addMessage<T>(dptr<T>(t, j * TS + p * PS), R, contractNeighbour<T>(hdr, ctx, dptr<T>(g, i * FS), v, v1, reverseSign(hdr, ph)), s, pow3(v), nU);
      }
    }
  }
  // d–f per atom.
  const Mp = layerBuf<T>(hdr, ctx, n, l, B_MP), M = layerBuf<T>(hdr, ctx, n, l, B_M), Hp = layerBuf<T>(hdr, ctx, n, l, B_HP), out = layerBuf<T>(hdr, ctx, n, l, B_OUT);
  const prod = buf(S_PROD);
  for (let i = 0; i < n; i++) {
    const Mpi = dptr<T>(Mp, i * FS), Mi = dptr<T>(M, i * FS), Hpi = dptr<T>(Hp, i * FS), oi = dptr<T>(out, i * FS), gi = dptr<T>(g, i * FS);
    dzero<T>(Mpi, FS);
    for (let p = 0; p < np; p++) {
      const ph = trainPath(hdr, lh, p);
      const v = tget(hdr, ph + GP_V), k = tget(hdr, ph + GP_K), W = tget(hdr, lh + GL_PV + v);
      const tp = dptr<T>(t, i * TS + p * PS), dst = dptr<T>(Mpi, compOffset(v) * nU);
      for (let b = 0; b < pow3(v); b++) {
        for (let u = 0; u < nU; u++) {
          const c = comboWeight<T>(theta, W, k, nU, u);
          dadd<T>(dst, b * nU + u, c * dv<T>(tp, b * nU + u), c * dt<T>(tp, b * nU + u));
        }
      }
    }
    for (let v = 0; v <= maxV; v++) mapForward<T>(theta, tget(hdr, lh + GL_CH + v), nU, pow3(v), dptr<T>(Mpi, compOffset(v) * nU), dptr<T>(Mi, compOffset(v) * nU), false);
    dzero<T>(Hpi, FS);
    dzero<T>(oi, FS);
    for (let w = 0; w <= vout; w++) {
      const list = tget(hdr, tget(hdr, GH_HDR_RULES) + w), count = tget(hdr, list), PH = tget(hdr, lh + GL_PH + w);
      const dst = dptr<T>(Hpi, compOffset(w) * nU), m = pow3(w);
      let rule = list + 1;
      for (let r = 0; r < count; r++) {
        ruleForward<T>(hdr, rule, w, nU, Mi, prod);
        for (let o = 0; o < m; o++) {
          for (let u = 0; u < nU; u++) {
            const c = comboWeight<T>(theta, PH, r, nU, u);
            dadd<T>(dst, o * nU + u, c * dv<T>(prod, o * nU + u), c * dt<T>(prod, o * nU + u));
          }
        }
        rule += 1 + tget(hdr, rule);
      }
      mapForward<T>(theta, tget(hdr, lh + GL_B + w), nU, m, dst, dptr<T>(oi, compOffset(w) * nU), false);
      const F = tget(hdr, lh + GL_F + w);
      if (F >= 0) mapForward<T>(theta, F, nU, m, dptr<T>(gi, compOffset(w) * nU), dptr<T>(oi, compOffset(w) * nU), true);
    }
  }
}

/** Atom i's readout term of layer l (before scale and shift), dual, into (v, t) at S_Y[0]. */
function readout<T>(hdr: usize, theta: usize, ctx: usize, l: i32, i: i32): usize {
  const n = tget(ctx, GC_N), nU = tget(hdr, GH_NU), lh = trainLayer(hdr, l);
  const o0 = dptr<T>(layerBuf<T>(hdr, ctx, n, l, B_OUT), i * featStride(hdr));
  const y = buf(S_Y);
  const ro = tget(hdr, lh + GL_RO_W);
  if (ro >= 0) {
    linForward<T>(theta, ro, tget(hdr, lh + GL_RO_B), nU, 1, o0, y, false);
  } else {
    mlpForwardDual<T>(hdr, theta, tget(hdr, GH_HDR_OUT_LIN), tget(hdr, GH_HDR_OUT_WIDTHS), tget(hdr, GH_OUT_NLIN), o0, buf(S_ACT), y);
  }
  return y;
}

/** All layers and the energy E = Σ_i scale·e_i + shift; returns (E, dx·∇ₓE) in out[0..1]. */
export function forwardDual<T>(hdr: usize, theta: usize, ctx: usize, L: i32, out: usize): void {
  const n = tget(ctx, GC_N), nT = tget(hdr, GH_NTYPES);
  for (let l = 0; l < L; l++) layerForward<T>(hdr, theta, ctx, l);
  const consts = tptr(ctx, GC_CONSTS);
  let ev = 0.0, et = 0.0;
  for (let i = 0; i < n; i++) {
    let av = <T>0, at = <T>0;
    for (let l = 0; l < L; l++) {
      const y = readout<T>(hdr, theta, ctx, l, i);
      av += dv<T>(y, 0);
      at += dt<T>(y, 0);
    }
    const ty = typeOf(ctx, i);
    const scale = load<f64>(consts + (<usize>(2 + ty) << 3)), shift = load<f64>(consts + (<usize>(2 + nT + ty) << 3));
    ev += <f64>av * scale + shift;
    et += <f64>at * scale;
  }
  store<f64>(out, ev);
  store<f64>(out, et, 8);
}
