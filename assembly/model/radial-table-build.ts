// Builds the radial tables (radial-table.ts) from the exact f64 model: at every knot r_k the
// radial basis Q, dQ/dr, the MLP forward (the exact path's own kernels, one column) and its
// forward-mode tangent dR/dr = W_n·SiLU'(z_{n-1})⊙(… W_2·SiLU'(z_1)⊙(W_1·dQ/dr)). The f32
// tables are the f64 values rounded once, so both precisions interpolate the same function.
import { hget, wptr, layerHdr, pathHdr, H_P, H_NB, H_LAYERS, H_NTYPES, H_RAD_NLIN, H_MAXW, H_OFF_SCALARS, L_NPATHS, PA_PAIR_STRIDE, PA_LIN, LIN_SIZE, LIN_IN, LIN_OUTP, LIN_WT } from "./plan";
import { radialBasis } from "./radial";
import { mlpForward, mlpActElems, firstLayerTangent } from "./mlp";
import { siluBackward } from "./silu";
import { matvecRows, scaleTo, at, ld } from "./vec";
import { TABLE_HEADER_BYTES, tableBytes } from "./radial-table";

@inline function pad4(n: i32): i32 {
  return (n + 3) & ~3;
}

/** f64 elements of the build's scratch: shifts, Q, dQ, activations, R and two tangents. */
export function buildScratchBytes(plan: usize): i32 {
  const lin = pathHdr(plan, layerHdr(plan, 0), 0) + PA_LIN;
  return 8 * (2 + 2 * pad4(hget(plan, H_NB)) + mlpActElems(plan, lin, hget(plan, H_RAD_NLIN)) + 3 * hget(plan, H_MAXW));
}

/** dR/dr of the column whose activations mlpForward left in `act`, from t = W_1·dQ/dr; returns where it lies. */
function mlpTangent(plan: usize, weights: usize, lin: i32, nlin: i32, act: usize, t: usize, u: usize): usize {
  let a = act;
  for (let k = 0; k < nlin - 1; k++) {
    const w = hget(plan, lin + k * LIN_SIZE + LIN_OUTP);
    siluBackward<f64>(a, at<f64>(a, w), t, w);
    const h = lin + (k + 1) * LIN_SIZE;
    matvecRows<f64>(wptr<f64>(weights, hget(plan, h + LIN_WT)), hget(plan, h + LIN_IN), hget(plan, h + LIN_OUTP), t, 0, u);
    const s = t;
    t = u;
    u = s;
    a = at<f64>(a, 3 * w);
  }
  return t;
}

/**
 * Fills `out` (f64, tableBytes(plan, knots, 8) bytes) and, when out32 is not 0, its f32 copy
 * (tableBytes(plan, knots, 4)); `scratch` holds buildScratchBytes(plan). knots ≥ 2.
 */
export function buildTables(plan: usize, weights: usize, knots: i32, out: usize, out32: usize, scratch: usize): void {
  const P = hget(plan, H_P), nb = hget(plan, H_NB), nlin = hget(plan, H_RAD_NLIN), nt = hget(plan, H_NTYPES);
  const maxW = hget(plan, H_MAXW);
  const rc = ld<f64>(wptr<f64>(weights, hget(plan, H_OFF_SCALARS)), 0);
  const h = rc / <f64>(knots - 1);
  const shifts = scratch, Q = scratch + 16, dQ = at<f64>(Q, pad4(nb)), act = at<f64>(dQ, pad4(nb));
  const lin0 = pathHdr(plan, layerHdr(plan, 0), 0) + PA_LIN;
  const y = at<f64>(act, mlpActElems(plan, lin0, nlin)), t0 = at<f64>(y, maxW), t1 = at<f64>(t0, maxW);
  store<f64>(out, <f64>(knots - 1) / rc);
  let o = out + <usize>TABLE_HEADER_BYTES;
  for (let l = 0; l < hget(plan, H_LAYERS); l++) {
    const lh = layerHdr(plan, l);
    for (let p = 0; p < hget(plan, lh + L_NPATHS); p++) {
      const ph = pathHdr(plan, lh, p), lin = ph + PA_LIN;
      for (let pair = 0; pair < nt * nt; pair++) {
        store<i32>(shifts, pair * hget(plan, ph + PA_PAIR_STRIDE));
        for (let k = 0; k < knots; k++) {
          radialBasis<f64>(<f64>k * h, rc, nb, Q, dQ);
          mlpForward<f64>(plan, weights, lin, nlin, shifts, 1, Q, 0, act, 0, o, 0);
          firstLayerTangent<f64>(plan, weights, lin, shifts, 1, dQ, 0, t0, 0);
          scaleTo<f64>(at<f64>(o, P), h, mlpTangent(plan, weights, lin, nlin, act, t0, t1), P);
          o = at<f64>(o, 2 * P);
        }
      }
    }
  }
  if (!out32) return;
  store<f32>(out32, <f32>load<f64>(out));
  const n = <usize>((tableBytes(plan, knots, 8) - <f64>TABLE_HEADER_BYTES) / 8);
  const src = out + <usize>TABLE_HEADER_BYTES, dst = out32 + <usize>TABLE_HEADER_BYTES;
  for (let e: usize = 0; e < n; e++) store<f32>(dst + (e << 2), <f32>load<f64>(src + (e << 3)));
}
