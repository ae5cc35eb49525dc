// MLPs Lin → SiLU → … → Lin in dual arithmetic (T = f64 or f32). `lins` is the header index of
// nlin [W, b] θ offset pairs, `widths` of nlin + 1 widths. The forward keeps z and SiLU(z) of every hidden
// layer in `act` (back to back); the reverse accumulates the weight gradients and x̄.
import { tget } from "./plan";
import { dptr, dv, dt, dset, dzero, linForward, linBackward } from "./dual";

/** σ(z) in T (AssemblyScript's own exp: the same bits on every engine). */
@inline function sigmoid<T>(z: T): T {
  if (sizeof<T>() == 4) return <T>(<f32>1 / (<f32>1 + Mathf.exp(-<f32>z)));
  return <T>(1.0 / (1.0 + Math.exp(-<f64>z)));
}

/** Activation elements an MLP needs: z and SiLU(z) per hidden unit. */
export function mlpAct(hdr: usize, widths: i32, nlin: i32): i32 {
  let n = 0;
  for (let k = 1; k < nlin; k++) n += 2 * tget(hdr, widths + k);
  return n;
}

/** y = MLP(x). */
export function mlpForwardDual<T>(hdr: usize, theta: usize, lins: i32, widths: i32, nlin: i32, x: usize, act: usize, y: usize): void {
  let input = x, a = act;
  for (let k = 0; k < nlin; k++) {
    const nIn = tget(hdr, widths + k), nOut = tget(hdr, widths + k + 1);
    const W = tget(hdr, lins + 2 * k), b = tget(hdr, lins + 2 * k + 1);
    if (k == nlin - 1) {
      linForward<T>(theta, W, b, nIn, nOut, input, y, false);
      return;
    }
    linForward<T>(theta, W, b, nIn, nOut, input, a, false);
    const h = dptr<T>(a, nOut);
    for (let o = 0; o < nOut; o++) {
      const zv = dv<T>(a, o), zt = dt<T>(a, o);
      const s = sigmoid<T>(zv);
      dset<T>(h, o, zv * s, s * (<T>1 + zv * (<T>1 - s)) * zt);
    }
    input = h;
    a = dptr<T>(a, 2 * nOut);
  }
}

/**
 * Reverse of mlpForwardDual from ȳ (activations as the forward left them): G += weight
 * gradients, x̄ += (∂MLP/∂x)ᵀȳ (xb 0: not formed). t0, t1: scratch of the widest layer.
 */
export function mlpBackwardDual<T>(hdr: usize, theta: usize, G: usize, lins: i32, widths: i32, nlin: i32,
  x: usize, act: usize, yb: usize, t0: usize, t1: usize, xb: usize): void {
  let g = yb;
  for (let k = nlin - 1; k >= 0; k--) {
    const nIn = tget(hdr, widths + k), nOut = tget(hdr, widths + k + 1);
    const W = tget(hdr, lins + 2 * k), b = tget(hdr, lins + 2 * k + 1);
    if (k == 0) {
      linBackward<T>(theta, G, W, b, nIn, nOut, x, g, xb);
      return;
    }
    // Hidden layer k-1's z and SiLU(z).
    let a = act;
    for (let m = 1; m < k; m++) a = dptr<T>(a, 2 * tget(hdr, widths + m));
    const h = dptr<T>(a, nIn);
    const dst = g == t0 ? t1 : t0;
    dzero<T>(dst, nIn);
    linBackward<T>(theta, G, W, b, nIn, nOut, h, g, dst);
    // z̄ = h̄·SiLU'(z); its tangent also carries SiLU''(z)·ż.
    for (let o = 0; o < nIn; o++) {
      const zv = dv<T>(a, o), zt = dt<T>(a, o), hv = dv<T>(dst, o), ht = dt<T>(dst, o);
      const s = sigmoid<T>(zv), ds = s * (<T>1 - s);
      const d1 = s * (<T>1 + zv * (<T>1 - s)), d2 = ds * (<T>2 + zv * (<T>1 - <T>2 * s));
      dset<T>(dst, o, hv * d1, ht * d1 + hv * d2 * zt);
    }
    g = dst;
  }
}
