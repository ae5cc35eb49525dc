// MLPs Lin → SiLU → … → Lin in dual arithmetic. `lins` is the header index of nlin [W, b] θ
// offset pairs, `widths` of nlin + 1 widths. The forward keeps z and SiLU(z) of every hidden
// layer in `act` (back to back); the reverse accumulates the weight gradients and x̄.
import { tget } from "./plan";
import { dptr, dv, dt, dset, dzero, linForward, linBackward } from "./dual";

/** σ(z), SiLU'(z) and SiLU''(z) at z. */
@inline function sigmoid(z: f64): f64 {
  return 1.0 / (1.0 + Math.exp(-z));
}

/** Activation elements an MLP needs: z and SiLU(z) per hidden unit. */
export function mlpAct(hdr: usize, widths: i32, nlin: i32): i32 {
  let n = 0;
  for (let k = 1; k < nlin; k++) n += 2 * tget(hdr, widths + k);
  return n;
}

/** y = MLP(x). */
export function mlpForwardDual(hdr: usize, theta: usize, lins: i32, widths: i32, nlin: i32, x: usize, act: usize, y: usize): void {
  let input = x, a = act;
  for (let k = 0; k < nlin; k++) {
    const nIn = tget(hdr, widths + k), nOut = tget(hdr, widths + k + 1);
    const W = tget(hdr, lins + 2 * k), b = tget(hdr, lins + 2 * k + 1);
    if (k == nlin - 1) {
      linForward(theta, W, b, nIn, nOut, input, y, false);
      return;
    }
    linForward(theta, W, b, nIn, nOut, input, a, false);
    const h = dptr(a, nOut);
    for (let o = 0; o < nOut; o++) {
      const zv = dv(a, o), zt = dt(a, o);
      const s = sigmoid(zv);
      dset(h, o, zv * s, s * (1.0 + zv * (1.0 - s)) * zt);
    }
    input = h;
    a = dptr(a, 2 * nOut);
  }
}

/**
 * Reverse of mlpForwardDual from ȳ (activations as the forward left them): G += weight
 * gradients, x̄ += (∂MLP/∂x)ᵀȳ (xb 0: not formed). t0, t1: scratch of the widest layer.
 */
export function mlpBackwardDual(hdr: usize, theta: usize, G: usize, lins: i32, widths: i32, nlin: i32,
  x: usize, act: usize, yb: usize, t0: usize, t1: usize, xb: usize): void {
  let g = yb;
  for (let k = nlin - 1; k >= 0; k--) {
    const nIn = tget(hdr, widths + k), nOut = tget(hdr, widths + k + 1);
    const W = tget(hdr, lins + 2 * k), b = tget(hdr, lins + 2 * k + 1);
    if (k == 0) {
      linBackward(theta, G, W, b, nIn, nOut, x, g, xb);
      return;
    }
    // Hidden layer k-1's z and SiLU(z).
    let a = act;
    for (let m = 1; m < k; m++) a = dptr(a, 2 * tget(hdr, widths + m));
    const h = dptr(a, nIn);
    const dst = g == t0 ? t1 : t0;
    dzero(dst, nIn);
    linBackward(theta, G, W, b, nIn, nOut, h, g, dst);
    // z̄ = h̄·SiLU'(z); its tangent also carries SiLU''(z)·ż.
    for (let o = 0; o < nIn; o++) {
      const zv = dv(a, o), zt = dt(a, o), hv = dv(dst, o), ht = dt(dst, o);
      const s = sigmoid(zv), ds = s * (1.0 - s);
      const d1 = s * (1.0 + zv * (1.0 - s)), d2 = ds * (2.0 + zv * (1.0 - 2.0 * s));
      dset(dst, o, hv * d1, ht * d1 + hv * d2 * zt);
    }
    g = dst;
  }
}
