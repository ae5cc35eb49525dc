// Builds the radial tables (radial-table.ts) from the exact f64 model: at every knot r_k the
// radial basis Q with dQ/dr and d²Q/dr², the MLP forward (the exact path's own kernels, four
// knots as the four columns of a block) and its first- and second-order forward-mode tangents:
// z' = W·a', z'' = W·a'' and, through SiLU, a' = s1·z', a'' = s2·z'² + s1·z'' (s1, s2 its first
// and second derivatives). What is tabulated is the path's weight times the MLP, pv ⊙ R(r): R
// enters the model only through that product, so table mode never multiplies by pv.
import { hget, wptr, layerHdr, pathHdr, H_P, H_NB, H_LAYERS, H_NTYPES, H_RAD_NLIN, H_MAXW, H_OFF_SCALARS, L_NPATHS, PA_PAIR_STRIDE, PA_LIN, PA_PV, LIN_SIZE, LIN_IN, LIN_OUTP, LIN_WT } from "./plan";
import { radialBasis } from "./radial";
import { mlpForward, mlpActElems, firstLayerTangent } from "./mlp";
import { matmul4, scaleTo, mulTo, at, ld, st } from "./vec";
import { TABLE_HEADER_BYTES } from "./radial-table";
import { COEFFS } from "./radial-table-f32";

@inline function pad4(n: i32): i32 {
  return (n + 3) & ~3;
}

/** Knots evaluated together (the columns of the exact path's MLP blocks). */
const COLS: i32 = 4;

/** Elements of one column of the build's activation scratch. */
function actWidth(plan: usize): i32 {
  return mlpActElems(plan, pathHdr(plan, layerHdr(plan, 0), 0) + PA_LIN, hget(plan, H_RAD_NLIN));
}

/** Bytes of the build's scratch: shifts, then per column Q, dQ, d²Q, activations, R and four tangent vectors. */
export function buildScratchBytes(plan: usize): i32 {
  return 16 + 8 * COLS * (3 * pad4(hget(plan, H_NB)) + actWidth(plan) + 5 * hget(plan, H_MAXW));
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
 * First and second r-derivatives of the MLP outputs of the four columns whose activations
 * mlpForward left in `act` (stride actS), from the first layer's z' (in t1) and z'' (in t2),
 * column stride tS; u1, u2 scratch. The results end in t1/t2 or u1/u2: returns true for the latter.
 */
function mlpTangents(plan: usize, weights: usize, lin: i32, nlin: i32, act: usize, actS: i32, t1: usize, t2: usize, u1: usize, u2: usize, tS: i32): bool {
  let a = act, swapped = false;
  for (let k = 0; k < nlin - 1; k++) {
    const w = hget(plan, lin + k * LIN_SIZE + LIN_OUTP);
    for (let c = 0; c < COLS; c++) {
      const ac = at<f64>(a, c * actS), c1 = at<f64>(t1, c * tS), c2 = at<f64>(t2, c * tS);
      for (let j = 0; j < w; j++) {
        const z = ld<f64>(ac, j), s = ld<f64>(ac, w + j);
        const s1 = s * (1 + z * (1 - s)), s2 = s * (1 - s) * (2 + z * (1 - 2 * s));
        const zt = ld<f64>(c1, j);
        st<f64>(c1, j, s1 * zt);
        st<f64>(c2, j, s2 * zt * zt + s1 * ld<f64>(c2, j));
      }
    }
    const h = lin + (k + 1) * LIN_SIZE;
    const W = wptr<f64>(weights, hget(plan, h + LIN_WT)), rows = hget(plan, h + LIN_IN), outP = hget(plan, h + LIN_OUTP);
    matmul4<f64>(W, rows, outP, t1, tS, 0, 0, u1, tS);
    matmul4<f64>(W, rows, outP, t2, tS, 0, 0, u2, tS);
    let q = t1; t1 = u1; u1 = q;
    q = t2; t2 = u2; u2 = q;
    swapped = !swapped;
    a = at<f64>(a, 3 * w);
  }
  return swapped;
}

/** Fills `out` (tableBytes(plan, knots) bytes) from the f64 weights; `scratch` holds buildScratchBytes(plan). knots ≥ 2. */
export function buildTables(plan: usize, weights: usize, knots: i32, out: usize, scratch: usize): void {
  const nt = hget(plan, H_NTYPES), P = hget(plan, H_P);
  const rc = ld<f64>(wptr<f64>(weights, hget(plan, H_OFF_SCALARS)), 0);
  store<f64>(out, <f64>(knots - 1) / rc);
  let base = out + <usize>TABLE_HEADER_BYTES;
  for (let l = 0; l < hget(plan, H_LAYERS); l++) {
    const knotS = hget(plan, layerHdr(plan, l) + L_NPATHS) * 3 * P;
    for (let pair = 0; pair < nt * nt; pair++) {
      buildBlock(plan, weights, l, pair, knots, base, scratch);
      base = at<f64>(base, knots * knotS);
    }
  }
}

/**
 * The knots of layer l and type pair `pair`: per knot, the layer's paths one after the other,
 * each [R | hR' | h²R''] (P each, f64) of R = pv ⊙ MLP(r), at `out`.
 */
function buildBlock(plan: usize, weights: usize, l: i32, pair: i32, knots: i32, out: usize, scratch: usize): void {
  const P = hget(plan, H_P), nb = hget(plan, H_NB), nlin = hget(plan, H_RAD_NLIN);
  const nbP = pad4(nb), actS = actWidth(plan), tS = hget(plan, H_MAXW);
  const rc = ld<f64>(wptr<f64>(weights, hget(plan, H_OFF_SCALARS)), 0);
  const h = rc / <f64>(knots - 1);
  const shifts = scratch, Q = scratch + 16, dQ = at<f64>(Q, COLS * nbP), d2Q = at<f64>(dQ, COLS * nbP), act = at<f64>(d2Q, COLS * nbP);
  const y = at<f64>(act, COLS * actS), t1 = at<f64>(y, COLS * tS), t2 = at<f64>(t1, COLS * tS), u1 = at<f64>(t2, COLS * tS), u2 = at<f64>(u1, COLS * tS);
  const lh = layerHdr(plan, l), np = hget(plan, lh + L_NPATHS);
  const knotS = np * 3 * P;
  for (let k0 = 0; k0 < knots; k0 += COLS) {
    // The last group repeats its last knot in the spare columns (computed, not stored).
    const cnt = knots - k0 < COLS ? knots - k0 : COLS;
    for (let c = 0; c < COLS; c++) {
      const r = <f64>(k0 + (c < cnt ? c : cnt - 1)) * h;
      radialBasis<f64>(r, rc, nb, at<f64>(Q, c * nbP), at<f64>(dQ, c * nbP));
      basisCurvature(r, rc, nb, at<f64>(d2Q, c * nbP));
    }
    for (let p = 0; p < np; p++) {
      const ph = pathHdr(plan, lh, p), lin = ph + PA_LIN, pv = wptr<f64>(weights, hget(plan, ph + PA_PV));
      for (let c = 0; c < COLS; c++) store<i32>(shifts + (<usize>c << 2), pair * hget(plan, ph + PA_PAIR_STRIDE));
      mlpForward<f64>(plan, weights, lin, nlin, shifts, COLS, Q, nbP, act, actS, y, tS);
      firstLayerTangent<f64>(plan, weights, lin, shifts, COLS, dQ, nbP, t1, tS);
      firstLayerTangent<f64>(plan, weights, lin, shifts, COLS, d2Q, nbP, t2, tS);
      const swapped = mlpTangents(plan, weights, lin, nlin, act, actS, t1, t2, u1, u2, tS);
      for (let c = 0; c < cnt; c++) {
        const o = at<f64>(out, (k0 + c) * knotS + p * 3 * P);
        mulTo<f64>(o, pv, at<f64>(y, c * tS), P);
        scaleTo<f64>(at<f64>(o, P), h, at<f64>(swapped ? u1 : t1, c * tS), P);
        mulTo<f64>(at<f64>(o, P), pv, at<f64>(o, P), P);
        scaleTo<f64>(at<f64>(o, 2 * P), h * h, at<f64>(swapped ? u2 : t2, c * tS), P);
        mulTo<f64>(at<f64>(o, 2 * P), pv, at<f64>(o, 2 * P), P);
      }
    }
  }
}

/** Bytes of radialTableBuild32's scratch: buildScratchBytes, then one layer and pair of f64 knots. */
export function buildScratchBytes32(plan: usize, knots: i32): f64 {
  let np = 0;
  for (let l = 0; l < hget(plan, H_LAYERS); l++) np = max(np, hget(plan, layerHdr(plan, l) + L_NPATHS));
  return <f64>buildScratchBytes(plan) + <f64>knots * <f64>(np * 3 * hget(plan, H_P)) * 8;
}

/**
 * Fills `out` (tableBytes32(plan, knots) bytes) with radial-table-f32.ts's coefficients: each
 * layer and pair's f64 knots built into the scratch (buildScratchBytes32), then per interval the
 * power-basis form of the quintic Hermite interpolant of its two knots, rounded to f32.
 */
export function buildTables32(plan: usize, weights: usize, knots: i32, out: usize, scratch: usize): void {
  const nt = hget(plan, H_NTYPES), P = hget(plan, H_P);
  const rc = ld<f64>(wptr<f64>(weights, hget(plan, H_OFF_SCALARS)), 0);
  const block = scratch + <usize>buildScratchBytes(plan);
  store<f64>(out, <f64>(knots - 1) / rc);
  let base = out + <usize>TABLE_HEADER_BYTES;
  for (let l = 0; l < hget(plan, H_LAYERS); l++) {
    const np = hget(plan, layerHdr(plan, l) + L_NPATHS), knotS = np * 3 * P;
    for (let pair = 0; pair < nt * nt; pair++) {
      buildBlock(plan, weights, l, pair, knots, block, scratch);
      for (let k = 0; k < knots - 1; k++) {
        for (let p = 0; p < np; p++) {
          const a = at<f64>(block, k * knotS + p * 3 * P), b = at<f64>(a, knotS);
          powerBasis(a, b, P, at<f32>(base, (k * np + p) * COEFFS * P));
        }
      }
      base = at<f32>(base, (knots - 1) * np * COEFFS * P);
    }
  }
}

/**
 * c0..c5 (P f32 each, at `c`) of the quintic in t ∈ [0, 1] with value, first and second
 * t-derivative (y, d, e) given by the knots at a (t = 0) and b (t = 1), each [y | d | e] of P f64.
 */
function powerBasis(a: usize, b: usize, P: i32, c: usize): void {
  for (let j = 0; j < P; j++) {
    const y0 = ld<f64>(a, j), d0 = ld<f64>(a, P + j), e0 = ld<f64>(a, 2 * P + j);
    const y1 = ld<f64>(b, j), d1 = ld<f64>(b, P + j), e1 = ld<f64>(b, 2 * P + j);
    const dy = y1 - y0;
    st<f32>(c, j, <f32>y0);
    st<f32>(c, P + j, <f32>d0);
    st<f32>(c, 2 * P + j, <f32>(0.5 * e0));
    st<f32>(c, 3 * P + j, <f32>(10 * dy - 6 * d0 - 4 * d1 - 1.5 * e0 + 0.5 * e1));
    st<f32>(c, 4 * P + j, <f32>(-15 * dy + 8 * d0 + 7 * d1 + 1.5 * e0 - e1));
    st<f32>(c, 5 * P + j, <f32>(6 * dy - 3 * d0 - 3 * d1 - 0.5 * e0 + 0.5 * e1));
  }
}
