// Builds the radial tables (radial-table.ts) from the exact f64 model: at every knot r_k the
// radial basis Q with dQ/dr and d²Q/dr², the MLP forward (the exact path's own kernel, one
// column) and its first- and second-order forward-mode tangents through each layer:
// z' = W·a', z'' = W·a'' and, through SiLU, a' = s1·z', a'' = s2·z'² + s1·z'' (s1, s2 its first
// and second derivatives).
import { hget, wptr, layerHdr, pathHdr, H_P, H_NB, H_LAYERS, H_NTYPES, H_RAD_NLIN, H_MAXW, H_OFF_SCALARS, L_NPATHS, PA_PAIR_STRIDE, PA_LIN, LIN_SIZE, LIN_IN, LIN_OUTP, LIN_WT } from "./plan";
import { radialBasis } from "./radial";
import { mlpForward, mlpActElems, firstLayerTangent } from "./mlp";
import { matvecRows, scaleTo, at, ld, st } from "./vec";
import { TABLE_HEADER_BYTES } from "./radial-table";

@inline function pad4(n: i32): i32 {
  return (n + 3) & ~3;
}

/** Bytes of the build's scratch: shifts, Q, dQ, d²Q, activations and four tangent vectors. */
export function buildScratchBytes(plan: usize): i32 {
  const lin = pathHdr(plan, layerHdr(plan, 0), 0) + PA_LIN;
  return 8 * (2 + 3 * pad4(hget(plan, H_NB)) + mlpActElems(plan, lin, hget(plan, H_RAD_NLIN)) + 4 * hget(plan, H_MAXW));
}

/** d²Q_k/dr² for k < nb (Q_k = T_k(x)·e(x), x = r/rc): T'' by its recurrence, e'' in closed form. */
function basisCurvature(r: f64, rc: f64, nb: i32, d2Q: usize): void {
  const x = r / rc, x2 = x * x, x4 = x2 * x2, x5 = x4 * x;
  const env = 1 + x5 * x * (-28 + x * (48 - 21 * x));
  const denv = x5 * (-168 + x * (336 - 168 * x));
  const ddenv = x4 * (-840 + x * (2016 - 1176 * x));
  let t0 = 1.0, t1 = x, d0 = 0.0, d1 = 1.0, a0 = 0.0, a1 = 0.0;
  for (let k = 0; k < nb; k++) {
    let tk = t0, dk = d0, ak = a0;
    if (k == 1) {
      tk = t1; dk = d1; ak = a1;
    } else if (k > 1) {
      tk = 2 * x * t1 - t0;
      dk = 2 * t1 + 2 * x * d1 - d0;
      ak = 4 * d1 + 2 * x * a1 - a0;
      t0 = t1; t1 = tk; d0 = d1; d1 = dk; a0 = a1; a1 = ak;
    }
    st<f64>(d2Q, k, (ak * env + 2 * dk * denv + tk * ddenv) / (rc * rc));
  }
}

/**
 * First and second r-derivatives of the MLP output for the column whose activations
 * mlpForward left in `act`, from the first layer's z' (in t1) and z'' (in t2); u1, u2 scratch.
 * The results end in t1/t2 or u1/u2: returns true for the latter.
 */
function mlpTangents(plan: usize, weights: usize, lin: i32, nlin: i32, act: usize, t1: usize, t2: usize, u1: usize, u2: usize): bool {
  let a = act, swapped = false;
  for (let k = 0; k < nlin - 1; k++) {
    const w = hget(plan, lin + k * LIN_SIZE + LIN_OUTP);
    for (let j = 0; j < w; j++) {
      const z = ld<f64>(a, j), s = ld<f64>(a, w + j);
      const s1 = s * (1 + z * (1 - s)), s2 = s * (1 - s) * (2 + z * (1 - 2 * s));
      const zt = ld<f64>(t1, j);
      st<f64>(t1, j, s1 * zt);
      st<f64>(t2, j, s2 * zt * zt + s1 * ld<f64>(t2, j));
    }
    const h = lin + (k + 1) * LIN_SIZE;
    const W = wptr<f64>(weights, hget(plan, h + LIN_WT)), rows = hget(plan, h + LIN_IN), outP = hget(plan, h + LIN_OUTP);
    matvecRows<f64>(W, rows, outP, t1, 0, u1);
    matvecRows<f64>(W, rows, outP, t2, 0, u2);
    let q = t1; t1 = u1; u1 = q;
    q = t2; t2 = u2; u2 = q;
    swapped = !swapped;
    a = at<f64>(a, 3 * w);
  }
  return swapped;
}

/** Fills `out` (tableBytes(plan, knots) bytes) from the f64 weights; `scratch` holds buildScratchBytes(plan). knots ≥ 2. */
export function buildTables(plan: usize, weights: usize, knots: i32, out: usize, scratch: usize): void {
  const P = hget(plan, H_P), nb = hget(plan, H_NB), nlin = hget(plan, H_RAD_NLIN), nt = hget(plan, H_NTYPES);
  const maxW = hget(plan, H_MAXW);
  const rc = ld<f64>(wptr<f64>(weights, hget(plan, H_OFF_SCALARS)), 0);
  const h = rc / <f64>(knots - 1);
  const shifts = scratch, Q = scratch + 16, dQ = at<f64>(Q, pad4(nb)), d2Q = at<f64>(dQ, pad4(nb)), act = at<f64>(d2Q, pad4(nb));
  const lin0 = pathHdr(plan, layerHdr(plan, 0), 0) + PA_LIN;
  const t1 = at<f64>(act, mlpActElems(plan, lin0, nlin)), t2 = at<f64>(t1, maxW), u1 = at<f64>(t2, maxW), u2 = at<f64>(u1, maxW);
  store<f64>(out, <f64>(knots - 1) / rc);
  let o = out + <usize>TABLE_HEADER_BYTES;
  for (let l = 0; l < hget(plan, H_LAYERS); l++) {
    const lh = layerHdr(plan, l);
    for (let pair = 0; pair < nt * nt; pair++) {
      for (let k = 0; k < knots; k++) {
        const r = <f64>k * h;
        radialBasis<f64>(r, rc, nb, Q, dQ);
        basisCurvature(r, rc, nb, d2Q);
        for (let p = 0; p < hget(plan, lh + L_NPATHS); p++) {
          const ph = pathHdr(plan, lh, p), lin = ph + PA_LIN;
          store<i32>(shifts, pair * hget(plan, ph + PA_PAIR_STRIDE));
          mlpForward<f64>(plan, weights, lin, nlin, shifts, 1, Q, 0, act, 0, o, 0);
          firstLayerTangent<f64>(plan, weights, lin, shifts, 1, dQ, 0, t1, 0);
          firstLayerTangent<f64>(plan, weights, lin, shifts, 1, d2Q, 0, t2, 0);
          const swapped = mlpTangents(plan, weights, lin, nlin, act, t1, t2, u1, u2);
          scaleTo<f64>(at<f64>(o, P), h, swapped ? u1 : t1, P);
          scaleTo<f64>(at<f64>(o, 2 * P), h * h, swapped ? u2 : t2, P);
          o = at<f64>(o, 3 * P);
        }
      }
    }
  }
}
