// Exports of the training core: the work size, one frame's energy with its exact parameter
// gradient and the force term's (forward-over-reverse, dual f64 or dual f32), and the
// loss-weighted sum (always into f64: the optimiser's arithmetic).
import { GH_LAYERS, GC_N, GC_GRAD, GC_OUT } from "../generated/layouts";
import { tget, tptr, workBytes, layoutBuffers } from "./plan";
import { forwardDual } from "./forward";
import { backwardDual } from "./backward";

/** Bytes of the work region for n atoms (as f64: may exceed wasm32). */
export function gradWorkBytes(hdr: usize, n: i32): f64 {
  return workBytes<f64>(hdr, n);
}

/** gradWorkBytes for the f32 core. */
export function gradWorkBytesF32(hdr: usize, n: i32): f64 {
  return workBytes<f32>(hdr, n);
}

function gradEnergy<T>(hdr: usize, theta: usize, ctx: usize, size: i32): f64 {
  const L = tget(hdr, GH_LAYERS);
  const out = tptr(ctx, GC_OUT);
  layoutBuffers<T>(hdr, ctx, tget(ctx, GC_N));
  forwardDual<T>(hdr, theta, ctx, L, out);
  backwardDual<T>(hdr, theta, ctx, L, tptr(ctx, GC_GRAD), size);
  return load<f64>(out);
}

/**
 * Energy of the context's structure and, per parameter k, GRAD[2k] = ∂E/∂θ_k and
 * GRAD[2k+1] = ∂(dx·∇ₓE)/∂θ_k; OUT = [E, dx·∇ₓE]. `size` parameters (from the header's owner).
 */
export function gradEnergyF64(hdr: usize, theta: usize, ctx: usize, size: i32): f64 {
  return gradEnergy<f64>(hdr, theta, ctx, size);
}

/** gradEnergyF64 in f32 arithmetic: θ f32, GRAD f32 pairs; OUT stays f64. */
export function gradEnergyF32(hdr: usize, theta: usize, ctx: usize, size: i32): f64 {
  return gradEnergy<f32>(hdr, theta, ctx, size);
}

/** out[k] += a·grad[2k] + b·grad[2k+1] for k < size (grad f64 pairs). */
export function gradCombine(size: i32, grad: usize, a: f64, b: f64, out: usize): void {
  for (let k = 0; k < size; k++) {
    const g = grad + (<usize>k << 4), o = out + (<usize>k << 3);
    store<f64>(o, load<f64>(o) + (a * load<f64>(g) + b * load<f64>(g, 8)));
  }
}

/** gradCombine from f32 pairs, each widened to f64 exactly before the f64 sum. */
export function gradCombineF32(size: i32, grad: usize, a: f64, b: f64, out: usize): void {
  for (let k = 0; k < size; k++) {
    const g = grad + (<usize>k << 3), o = out + (<usize>k << 3);
    store<f64>(o, load<f64>(o) + (a * <f64>load<f32>(g) + b * <f64>load<f32>(g, 4)));
  }
}
