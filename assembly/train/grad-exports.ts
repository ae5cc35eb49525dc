// Exports of the training core: the work size, one frame's energy with its exact parameter
// gradient and the force term's (forward-over-reverse, dual f64), and the loss-weighted sum.
import { GH_LAYERS, GC_N, GC_GRAD, GC_OUT } from "../generated/layouts";
import { tget, tptr, workBytes, layoutBuffers } from "./plan";
import { forwardDual } from "./forward";
import { backwardDual } from "./backward";

/** Bytes of the work region for n atoms (as f64: may exceed wasm32). */
export function gradWorkBytes(hdr: usize, n: i32): f64 {
  return workBytes(hdr, n);
}

/**
 * Energy of the context's structure and, per parameter k, GRAD[2k] = ∂E/∂θ_k and
 * GRAD[2k+1] = ∂(dx·∇ₓE)/∂θ_k; OUT = [E, dx·∇ₓE]. `size` parameters (from the header's owner).
 */
export function gradEnergyF64(hdr: usize, theta: usize, ctx: usize, size: i32): f64 {
  const L = tget(hdr, GH_LAYERS);
  const out = tptr(ctx, GC_OUT);
  layoutBuffers(hdr, ctx, tget(ctx, GC_N));
  forwardDual(hdr, theta, ctx, L, out);
  backwardDual(hdr, theta, ctx, L, tptr(ctx, GC_GRAD), size);
  return load<f64>(out);
}

/** out[k] += a·grad[2k] + b·grad[2k+1] for k < size. */
export function gradCombine(size: i32, grad: usize, a: f64, b: f64, out: usize): void {
  for (let k = 0; k < size; k++) {
    const g = grad + (<usize>k << 4), o = out + (<usize>k << 3);
    store<f64>(o, load<f64>(o) + (a * load<f64>(g) + b * load<f64>(g, 8)));
  }
}
