// Multilayer perceptrons Lin → SiLU → … → Lin, forward (keeping what the reverse pass needs)
// and reverse mode. Layers are linear descriptors in the plan (see plan.ts); `shift` moves the
// first layer to another copy of its weights (the type-pair copies of a radial MLP).
import { hget, wptr, LIN_IN, LIN_OUT, LIN_INP, LIN_OUTP, LIN_WT, LIN_W, LIN_B, LIN_SIZE } from "./plan";
import { matvecRows, ld, st, at } from "./vec";

@inline function sigmoid<T>(z: T): T {
  if (sizeof<T>() == 4) return <T>(<f32>1 / (<f32>1 + Mathf.exp(-<f32>z)));
  return <T>(1 / (1 + Math.exp(-<f64>z)));
}

/** Elements of scratch `act` an MLP needs: z, σ(z) and SiLU(z) of every hidden layer. */
export function mlpActElems(plan: usize, linHdr: i32, nlin: i32): i32 {
  let n = 0;
  for (let k = 0; k < nlin - 1; k++) n += 3 * hget(plan, linHdr + k * LIN_SIZE + LIN_OUTP);
  return n;
}

/** y = W x + b through the descriptor at header index h (WT rows shifted by `shift` elements). */
@inline export function linearForward<T>(plan: usize, weights: usize, h: i32, shift: i32, x: usize, y: usize): void {
  const b = hget(plan, h + LIN_B);
  matvecRows<T>(wptr<T>(weights, hget(plan, h + LIN_WT) + shift), hget(plan, h + LIN_IN), hget(plan, h + LIN_OUTP), x,
    b < 0 ? 0 : wptr<T>(weights, b), y);
}

/** xbar = Wᵀ ybar (xbar padded to INP). */
@inline export function linearBackward<T>(plan: usize, weights: usize, h: i32, shift: i32, ybar: usize, xbar: usize): void {
  matvecRows<T>(wptr<T>(weights, hget(plan, h + LIN_W) + shift), hget(plan, h + LIN_OUT), hget(plan, h + LIN_INP), ybar, 0, xbar);
}

/** y = MLP(x); hidden z, σ(z), SiLU(z) are left in `act` for mlpBackward. */
export function mlpForward<T>(plan: usize, weights: usize, linHdr: i32, nlin: i32, shift: i32, x: usize, act: usize, y: usize): void {
  let input = x;
  let a = act;
  for (let k = 0; k < nlin; k++) {
    const h = linHdr + k * LIN_SIZE;
    const s = k == 0 ? shift : 0;
    if (k == nlin - 1) {
      linearForward<T>(plan, weights, h, s, input, y);
      return;
    }
    const w = hget(plan, h + LIN_OUTP);
    const z = a, sg = at<T>(a, w), out = at<T>(a, 2 * w);
    linearForward<T>(plan, weights, h, s, input, z);
    for (let u = 0; u < w; u++) {
      const zu = ld<T>(z, u);
      const su = sigmoid<T>(zu);
      st<T>(sg, u, su);
      st<T>(out, u, zu * su);
    }
    input = out;
    a = at<T>(a, 3 * w);
  }
}

/**
 * xbar = (∂MLP/∂x)ᵀ ybar using the activations mlpForward left in `act`. t0 and t1 are
 * scratch vectors as wide as the widest layer; xbar gets the first layer's INP entries.
 */
export function mlpBackward<T>(plan: usize, weights: usize, linHdr: i32, nlin: i32, shift: i32, ybar: usize, act: usize, t0: usize, t1: usize, xbar: usize): void {
  // Offsets of each hidden layer's activations, walked backwards.
  let actEnd = act;
  for (let k = 0; k < nlin - 1; k++) actEnd = at<T>(actEnd, 3 * hget(plan, linHdr + k * LIN_SIZE + LIN_OUTP));
  let g = ybar;
  let a = actEnd;
  for (let k = nlin - 1; k >= 0; k--) {
    const h = linHdr + k * LIN_SIZE;
    if (k == 0) {
      linearBackward<T>(plan, weights, h, shift, g, xbar);
      return;
    }
    const dst = g == t0 ? t1 : t0;
    linearBackward<T>(plan, weights, h, 0, g, dst);
    // Through SiLU of hidden layer k-1: SiLU'(z) = σ(z)(1 + z(1 - σ(z))).
    const w = hget(plan, h + LIN_INP);
    a = a - (<usize>(3 * w)) * sizeof<T>();
    for (let u = 0; u < w; u++) {
      const z = ld<T>(a, u), s = ld<T>(a, w + u);
      st<T>(dst, u, ld<T>(dst, u) * (s * (<T>1 + z * (<T>1 - s))));
    }
    g = dst;
  }
}
