// Multilayer perceptrons Lin → SiLU → … → Lin on a block of columns (edges of a block share every
// layer's weights except the first, whose type-pair copy differs per column: `shifts` holds, per
// column, the element offset of that copy). The forward keeps z, σ(z) and SiLU(z) of each hidden
// layer in `act` for the reverse pass. Column c of a buffer with stride s starts s·c elements
// after its base.
import { hget, wptr, LIN_IN, LIN_OUT, LIN_INP, LIN_OUTP, LIN_WT, LIN_W, LIN_B, LIN_SIZE } from "./plan";
import { matvecRows, mapVectors, copy, mulTo, at } from "./vec";
import { siluForward, siluBackward, siluDerivative } from "./silu";

/** Elements of `act` one column needs: z, σ(z) and SiLU(z) of every hidden layer. */
export function mlpActElems(plan: usize, linHdr: i32, nlin: i32): i32 {
  let n = 0;
  for (let k = 0; k < nlin - 1; k++) n += 3 * hget(plan, linHdr + k * LIN_SIZE + LIN_OUTP);
  return n;
}

@inline function shiftOf(shifts: usize, c: i32): i32 {
  return shifts ? load<i32>(shifts + (<usize>c << 2)) : 0;
}

/** y_c = M_c x_c (+ b) for each column, M_c the type-pair copy of a first layer at M + shift_c elements. */
function pairLayer<T>(M: usize, shifts: usize, rows: i32, outP: i32, cols: i32, x: usize, xs: i32, b: usize, y: usize, ys: i32): void {
  for (let c = 0; c < cols; c++) matvecRows<T>(at<T>(M, shiftOf(shifts, c)), rows, outP, at<T>(x, c * xs), b, at<T>(y, c * ys));
}

/** y_c = M x_c (+ b) for `cols` columns sharing M (rows of outP): four at a time share each weight load. */
@inline function sharedLayer<T>(M: usize, rows: i32, outP: i32, cols: i32, x: usize, xs: i32, b: usize, y: usize, ys: i32): void {
  mapVectors<T>(M, rows, outP, x, xs, b, 0, y, ys, cols);
}

/**
 * y = MLP(x) for each column; hidden activations left in `act` (stride actS) for mlpBackward,
 * or, without `reverse`, only what the next layer reads (σ(z) is not written).
 */
export function mlpForward<T>(plan: usize, weights: usize, linHdr: i32, nlin: i32, shifts: usize, cols: i32,
  x: usize, xs: i32, act: usize, actS: i32, y: usize, ys: i32, reverse: bool = true): void {
  let input = x, inS = xs;
  let a = act;
  for (let k = 0; k < nlin; k++) {
    const h = linHdr + k * LIN_SIZE;
    const last = k == nlin - 1;
    const w = hget(plan, h + LIN_OUTP);
    const dst = last ? y : a, dS = last ? ys : actS;
    const b = hget(plan, h + LIN_B);
    const bias: usize = b < 0 ? 0 : wptr<T>(weights, b);
    const rows = hget(plan, h + LIN_IN);
    if (k == 0) {
      pairLayer<T>(wptr<T>(weights, hget(plan, h + LIN_WT)), shifts, rows, w, cols, input, inS, bias, dst, dS);
    } else {
      sharedLayer<T>(wptr<T>(weights, hget(plan, h + LIN_WT)), rows, w, cols, input, inS, bias, dst, dS);
    }
    if (last) return;
    for (let c = 0; c < cols; c++) {
      const z = at<T>(a, c * actS);
      siluForward<T>(z, reverse ? at<T>(z, w) : 0, at<T>(z, 2 * w), w);
    }
    input = at<T>(a, 2 * w);
    inS = actS;
    a = at<T>(a, 3 * w);
  }
}

/**
 * Reverse mode per column from the activations mlpForward left in `act` (or, when `kept`, from
 * a record of SiLU'(z) per hidden layer, back to back: keptDerivatives): ybar_c → xbar_c =
 * (∂MLP/∂x)ᵀ ybar_c (INP entries). With xbar = 0 it stops before the first layer and returns
 * the block (stride tS) holding ∂/∂z1 of the first layer's output; else returns xbar. t0 and
 * t1 are scratch blocks of stride tS (≥ the widest layer).
 */
export function mlpBackward<T>(plan: usize, weights: usize, linHdr: i32, nlin: i32, shifts: usize, cols: i32,
  ybar: usize, ybS: i32, act: usize, actS: i32, kept: bool, t0: usize, t1: usize, tS: i32, xbar: usize, xbS: i32): usize {
  // Elements per hidden unit in `act`: z, σ(z), SiLU(z); or SiLU'(z) alone.
  const per = kept ? 1 : 3;
  let a = act;
  for (let k = 0; k < nlin - 1; k++) a = at<T>(a, per * hget(plan, linHdr + k * LIN_SIZE + LIN_OUTP));
  let g = ybar, gS = ybS;
  for (let k = nlin - 1; k >= 0; k--) {
    const h = linHdr + k * LIN_SIZE;
    const rows = hget(plan, h + LIN_OUT), w = hget(plan, h + LIN_INP);
    if (k == 0) {
      if (!xbar) {
        if (g != ybar || ybS == tS) return g;
        // A single-layer MLP: ∂/∂z1 is ybar itself; hand it back with the promised stride.
        for (let c = 0; c < cols; c++) copy<T>(at<T>(t0, c * tS), at<T>(ybar, c * ybS), hget(plan, h + LIN_OUTP));
        return t0;
      }
      pairLayer<T>(wptr<T>(weights, hget(plan, h + LIN_W)), shifts, rows, w, cols, g, gS, 0, xbar, xbS);
      return xbar;
    }
    const dst = g == t0 ? t1 : t0;
    sharedLayer<T>(wptr<T>(weights, hget(plan, h + LIN_W)), rows, w, cols, g, gS, 0, dst, tS);
    a = a - (<usize>(per * w)) * sizeof<T>();
    for (let c = 0; c < cols; c++) {
      const z = at<T>(a, c * actS), g = at<T>(dst, c * tS);
      if (kept) mulTo<T>(g, g, z, w);
      else siluBackward<T>(z, at<T>(z, w), g, w);
    }
    g = dst;
    gS = tS;
  }
  return xbar;
}

/**
 * Column c's SiLU'(z) of every hidden layer, back to back into `d`, from the activations
 * mlpForward left in `act`: what mlpBackward multiplies by (the same bits, kept = true).
 */
export function keptDerivatives<T>(plan: usize, linHdr: i32, nlin: i32, act: usize, d: usize): void {
  let a = act, o = d;
  for (let k = 0; k < nlin - 1; k++) {
    const w = hget(plan, linHdr + k * LIN_SIZE + LIN_OUTP);
    siluDerivative<T>(a, at<T>(a, w), o, w);
    a = at<T>(a, 3 * w);
    o = at<T>(o, w);
  }
}

/** dz1/dr per column: the first layer (type-pair copy) applied to dQ/dr, without bias. */
export function firstLayerTangent<T>(plan: usize, weights: usize, linHdr: i32, shifts: usize, cols: i32, dQ: usize, dQS: i32, z1t: usize, zS: i32): void {
  pairLayer<T>(wptr<T>(weights, hget(plan, linHdr + LIN_WT)), shifts, hget(plan, linHdr + LIN_IN), hget(plan, linHdr + LIN_OUTP), cols, dQ, dQS, 0, z1t, zS);
}

/** Padded width of the first layer's output. */
@inline export function firstWidth(plan: usize, linHdr: i32): i32 {
  return hget(plan, linHdr + LIN_OUTP);
}
