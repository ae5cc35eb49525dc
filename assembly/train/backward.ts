// The reverse pass to the parameters in dual arithmetic: adjoints flow from the atomic
// energies back through every layer (per atom: residual, channel maps, hyper moments, path
// combination; then over the edges, whose radial MLPs and geometry are recomputed), and every
// weight's adjoint is accumulated into G. Adjoints never flow into positions: the position
// dependence rides in the tangents the forward pass carried.
import {
  GH_NU, GH_MAXV, GH_NB, GH_NTYPES, GH_RAD_NLIN, GH_OUT_NLIN, GH_HDR_RAD_WIDTHS, GH_HDR_OUT_WIDTHS, GH_HDR_OUT_LIN,
  GH_HDR_RULES, GH_EMBED_W, GH_EMBED_B, GL_VIN, GL_VOUT, GL_NPATHS, GL_RADIAL_C, GL_RO_W, GL_RO_B, GL_MIX, GL_CH, GL_PV,
  GL_PH, GL_B, GL_F, GP_V, GP_V1, GP_K, GP_SIZE, GC_N, GC_CONSTS,
} from "../generated/layouts";
import { pow3, compOffset } from "../model/plan";
import {
  tget, tptr, trainLayer, trainPath, featStride, pathStride, msgStride, layerBuf, buf,
  B_G, B_T, B_MP, B_M, B_HP, B_OUT, A_OB, A_OBPREV, A_GB, A_TB, S_MB, S_MPB, S_HPB, S_PROD, S_PRODB,
  S_QD, S_F, S_FB, S_D, S_ACT, S_R, S_RB, S_T0, S_T1, S_Y,
} from "./plan";
import { dptr, dv, dt, dset, dadd, dzero, daddMul, th, linBackward, mapBackward } from "./dual";
import { mlpForwardDual, mlpBackwardDual } from "./mlp-dual";
import { ruleForward, ruleBackward } from "./hyper-dual";
import {
  typeOf, invSqrtNavg, layerInput, loadEdge, pathRadial, contractNeighbour, rowOf, neighbour, comboWeight, pairedEdge, reverseOf, reverseSign,
} from "./forward";

/** ob[i] += ∂(scale·e_i)/∂out_l[i] for layer l's readout term; its weight gradients into G. */
function readoutBackward<T>(hdr: usize, theta: usize, ctx: usize, G: usize, l: i32, ob: usize): void {
  const n = tget(ctx, GC_N), nU = tget(hdr, GH_NU), FS = featStride(hdr), lh = trainLayer(hdr, l);
  const out = layerBuf<T>(hdr, ctx, n, l, B_OUT), consts = tptr(ctx, GC_CONSTS);
  const ro = tget(hdr, lh + GL_RO_W), y = buf(S_Y);
  for (let i = 0; i < n; i++) {
    const sc = <T>load<f64>(consts + (<usize>(2 + typeOf(ctx, i)) << 3));
    const o0 = dptr<T>(out, i * FS), obi = dptr<T>(ob, i * FS);
    if (ro >= 0) {
      dset<T>(y, 0, sc, <T>0);
      linBackward<T>(theta, G, ro, tget(hdr, lh + GL_RO_B), nU, 1, o0, y, obi);
      continue;
    }
    const lins = tget(hdr, GH_HDR_OUT_LIN), widths = tget(hdr, GH_HDR_OUT_WIDTHS), nlin = tget(hdr, GH_OUT_NLIN), act = buf(S_ACT);
    mlpForwardDual<T>(hdr, theta, lins, widths, nlin, o0, act, y);
    dset<T>(y, 0, sc, <T>0);
    mlpBackwardDual<T>(hdr, theta, G, lins, widths, nlin, o0, act, y, buf(S_T0), buf(S_T1), obi);
  }
}

/** Per atom: from out̄ to ḡ (residual) and t̄ (every path), with the weight gradients. */
function atomsBackward<T>(hdr: usize, theta: usize, ctx: usize, G: usize, l: i32, ob: usize): void {
  const n = tget(ctx, GC_N), nU = tget(hdr, GH_NU), maxV = tget(hdr, GH_MAXV), lh = trainLayer(hdr, l);
  const FS = featStride(hdr), PS = pathStride(hdr), MS = msgStride(hdr);
  const vout = tget(hdr, lh + GL_VOUT), np = tget(hdr, lh + GL_NPATHS);
  const g = layerBuf<T>(hdr, ctx, n, l, B_G), t = layerBuf<T>(hdr, ctx, n, l, B_T), Mp = layerBuf<T>(hdr, ctx, n, l, B_MP);
  const M = layerBuf<T>(hdr, ctx, n, l, B_M), Hp = layerBuf<T>(hdr, ctx, n, l, B_HP);
  const gb = buf(A_GB), tb = buf(A_TB);
  const Mb = buf(S_MB), Mpb = buf(S_MPB), Hpb = buf(S_HPB);
  const prod = buf(S_PROD), prodb = buf(S_PRODB);
  for (let i = 0; i < n; i++) {
    const obi = dptr<T>(ob, i * FS), gi = dptr<T>(g, i * FS), gbi = dptr<T>(gb, i * FS), Mi = dptr<T>(M, i * FS);
    dzero<T>(Mb, FS);
    for (let w = 0; w <= vout; w++) {
      const c0 = compOffset(w) * nU, m = pow3(w);
      const F = tget(hdr, lh + GL_F + w);
      if (F >= 0) mapBackward<T>(theta, G, F, nU, m, dptr<T>(gi, c0), dptr<T>(obi, c0), dptr<T>(gbi, c0));
      dzero<T>(Hpb, m * nU);
      mapBackward<T>(theta, G, tget(hdr, lh + GL_B + w), nU, m, dptr<T>(dptr<T>(Hp, i * FS), c0), dptr<T>(obi, c0), Hpb);
      const list = tget(hdr, tget(hdr, GH_HDR_RULES) + w), count = tget(hdr, list), PH = tget(hdr, lh + GL_PH + w);
      let rule = list + 1;
      for (let r = 0; r < count; r++) {
        if (PH >= 0) {
          ruleForward<T>(hdr, rule, w, nU, Mi, prod);
          for (let o = 0; o < m; o++) {
            for (let u = 0; u < nU; u++) {
              const k = o * nU + u, c = th<T>(theta, PH + r * nU + u);
              daddMul<T>(G, PH + r * nU + u, Hpb, k, prod, k);
              dset<T>(prodb, k, c * dv<T>(Hpb, k), c * dt<T>(Hpb, k));
            }
          }
        }
        ruleBackward<T>(hdr, rule, w, nU, Mi, PH >= 0 ? prodb : Hpb, Mb);
        rule += 1 + tget(hdr, rule);
      }
    }
    dzero<T>(Mpb, FS);
    for (let v = 0; v <= maxV; v++) {
      const c0 = compOffset(v) * nU;
      mapBackward<T>(theta, G, tget(hdr, lh + GL_CH + v), nU, pow3(v), dptr<T>(dptr<T>(Mp, i * FS), c0), dptr<T>(Mb, c0), dptr<T>(Mpb, c0));
    }
    for (let p = 0; p < np; p++) {
      const ph = trainPath(hdr, lh, p);
      const v = tget(hdr, ph + GP_V), k = tget(hdr, ph + GP_K), W = tget(hdr, lh + GL_PV + v);
      const tp = dptr<T>(t, i * MS + p * PS), tbp = dptr<T>(tb, i * MS + p * PS), src = dptr<T>(Mpb, compOffset(v) * nU);
      for (let b = 0; b < pow3(v); b++) {
        for (let u = 0; u < nU; u++) {
          const q = b * nU + u, c = comboWeight<T>(theta, W, k, nU, u);
          if (W >= 0) daddMul<T>(G, W + k * nU + u, src, q, tp, q);
          dset<T>(tbp, q, c * dv<T>(src, q), c * dt<T>(src, q));
        }
      }
    }
  }
}

/**
 * One direction of a message (centre c, neighbour k, X = its contracted neighbour features,
 * sign = that direction's (−1)^v2): R̄[u] += s·Σ_b t̄_c[b][u]·X[b][u] and
 * ḡ_v1[k][a][u] += s·R[u]·Σ_b t̄_c[b][u]·sign·D[a·3^v + b].
 */
function messageBackward<T>(hdr: usize, tbp: usize, X: usize, R: usize, D: usize, gbk: usize, s: T, sign: f64, v: i32, v1: i32, Rb: usize): void {
  const nU = tget(hdr, GH_NU), m = pow3(v), d0 = compOffset(v1 + v), sg = <T>sign;
  for (let u = 0; u < nU; u++) {
    let av = <T>0, at = <T>0;
    for (let b = 0; b < m; b++) {
      const tv = dv<T>(tbp, b * nU + u), tt = dt<T>(tbp, b * nU + u), xv = dv<T>(X, b * nU + u), xt = dt<T>(X, b * nU + u);
      av += tv * xv;
      at += tt * xv + tv * xt;
    }
    dadd<T>(Rb, u, s * av, s * at);
  }
  for (let a = 0; a < pow3(v1); a++) {
    for (let u = 0; u < nU; u++) {
      let av = <T>0, at = <T>0;
      for (let b = 0; b < m; b++) {
        const tv = dv<T>(tbp, b * nU + u), tt = dt<T>(tbp, b * nU + u), Dv = sg * dv<T>(D, d0 + a * m + b), Dt = sg * dt<T>(D, d0 + a * m + b);
        av += tv * Dv;
        at += tt * Dv + tv * Dt;
      }
      const rv = s * dv<T>(R, u), rt = s * dt<T>(R, u);
      dadd<T>(gbk, a * nU + u, rv * av, rt * av + rv * at);
    }
  }
}

/**
 * Over the edges (same-type pairs once, for both directions, as in the forward pass): R̄ of
 * every path through its radial MLP to the weights and c, and ḡ of the neighbours.
 */
function edgesBackward<T>(hdr: usize, theta: usize, ctx: usize, G: usize, l: i32): void {
  const n = tget(ctx, GC_N), nU = tget(hdr, GH_NU), nb = tget(hdr, GH_NB), nT = tget(hdr, GH_NTYPES), lh = trainLayer(hdr, l);
  const FS = featStride(hdr), PS = pathStride(hdr), MS = msgStride(hdr), np = tget(hdr, lh + GL_NPATHS);
  const g = layerBuf<T>(hdr, ctx, n, l, B_G), gb = buf(A_GB), tb = buf(A_TB);
  const R = buf(S_R), Rb = buf(S_RB), fb = buf(S_FB), D = buf(S_D);
  const s = invSqrtNavg<T>(ctx);
  for (let i = 0; i < n; i++) {
    for (let e = rowOf(ctx, i); e < rowOf(ctx, i + 1); e++) {
      const j = neighbour(ctx, e);
      const paired = pairedEdge(ctx, i, j);
      if (paired && reverseOf(ctx, e) < e) continue;
      loadEdge<T>(hdr, theta, ctx, lh, e, i, j);
      dzero<T>(fb, nU);
      for (let p = 0; p < np; p++) {
        const ph = trainPath(hdr, lh, p);
        const v = tget(hdr, ph + GP_V), v1 = tget(hdr, ph + GP_V1);
        pathRadial<T>(hdr, theta, ctx, ph);
        const gv1 = compOffset(v1) * nU;
        dzero<T>(Rb, nU);
        messageBackward<T>(hdr, dptr<T>(tb, i * MS + p * PS), contractNeighbour<T>(hdr, ctx, dptr<T>(g, j * FS), v, v1), R, D, dptr<T>(gb, j * FS + gv1), s, 1.0, v, v1, Rb);
        if (paired) {
          const sign = reverseSign(hdr, ph);
          messageBackward<T>(hdr, dptr<T>(tb, j * MS + p * PS), contractNeighbour<T>(hdr, ctx, dptr<T>(g, i * FS), v, v1, sign), R, D, dptr<T>(gb, i * FS + gv1), s, sign, v, v1, Rb);
        }
        mlpBackwardDual<T>(hdr, theta, G, ph + GP_SIZE, tget(hdr, GH_HDR_RAD_WIDTHS), tget(hdr, GH_RAD_NLIN),
          buf(S_F), buf(S_ACT), Rb, buf(S_T0), buf(S_T1), fb);
      }
      const pair = typeOf(ctx, i) * nT + typeOf(ctx, j);
      linBackward<T>(theta, G, tget(hdr, lh + GL_RADIAL_C) + pair * nU * nb, -1, nb, nU, buf(S_QD), fb, 0);
    }
  }
}

/** ḡ → A_v gradients and h̄: into obPrev (l ≥ 1) or the embedding's gradient (l = 0). */
function mixBackward<T>(hdr: usize, theta: usize, ctx: usize, G: usize, l: i32, obPrev: usize): void {
  const n = tget(ctx, GC_N), nU = tget(hdr, GH_NU), nT = tget(hdr, GH_NTYPES), lh = trainLayer(hdr, l);
  const FS = featStride(hdr), vin = tget(hdr, lh + GL_VIN), gb = buf(A_GB), hb0 = buf(S_MB);
  for (let i = 0; i < n; i++) {
    const h = layerInput<T>(hdr, theta, ctx, l, i), gbi = dptr<T>(gb, i * FS);
    const hb = l == 0 ? hb0 : dptr<T>(obPrev, i * FS);
    if (l == 0) dzero<T>(hb0, nU);
    for (let v = 0; v <= vin; v++) {
      const c0 = compOffset(v) * nU;
      mapBackward<T>(theta, G, tget(hdr, lh + GL_MIX + v), nU, pow3(v), dptr<T>(h, c0), dptr<T>(gbi, c0), dptr<T>(hb, c0));
    }
    if (l != 0) continue;
    const ty = typeOf(ctx, i), W = tget(hdr, GH_EMBED_W), b = tget(hdr, GH_EMBED_B);
    for (let u = 0; u < nU; u++) {
      dadd<T>(G, W + u * nT + ty, dv<T>(hb0, u), dt<T>(hb0, u));
      dadd<T>(G, b + u, dv<T>(hb0, u), dt<T>(hb0, u));
    }
  }
}

/** G (dual, zeroed here, `size` parameters) = ∂E/∂θ with tangents, after forwardDual. */
export function backwardDual<T>(hdr: usize, theta: usize, ctx: usize, L: i32, G: usize, size: i32): void {
  const n = tget(ctx, GC_N), FS = featStride(hdr);
  dzero<T>(G, size);
  let ob = buf(A_OB), obPrev = buf(A_OBPREV);
  dzero<T>(ob, n * FS);
  for (let l = L - 1; l >= 0; l--) {
    readoutBackward<T>(hdr, theta, ctx, G, l, ob);
    dzero<T>(buf(A_GB), n * FS);
    atomsBackward<T>(hdr, theta, ctx, G, l, ob);
    edgesBackward<T>(hdr, theta, ctx, G, l);
    dzero<T>(obPrev, n * FS);
    mixBackward<T>(hdr, theta, ctx, G, l, obPrev);
    const tmp = ob;
    ob = obPrev;
    obPrev = tmp;
  }
}
