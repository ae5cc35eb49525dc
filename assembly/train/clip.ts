// Gradient clipping by global 2-norm as torch.nn.utils.clip_grad_norm_ (what Lightning's
// gradient_clip_val uses): the norm of the per-tensor 2-norms; the host then scales every
// gradient by min(max_norm / (norm + 1e-6), 1).

/** Global 2-norm of g over `count` tensors; offsets: i32[count + 1] element offsets into g. */
export function trainGradNorm(count: i32, offsets: usize, g: usize): f64 {
  let total: f64 = 0.0;
  for (let t = 0; t < count; t++) {
    const lo = load<i32>(offsets + (<usize>t << 2));
    const hi = load<i32>(offsets + (<usize>(t + 1) << 2));
    let s: f64 = 0.0;
    for (let k = lo; k < hi; k++) {
      const x = load<f64>(g + (<usize>k << 3));
      s += x * x;
    }
    const norm = Math.sqrt(s);
    total += norm * norm;
  }
  return Math.sqrt(total);
}

/** clip_grad_norm_'s coefficient: min(maxNorm / (norm + 1e-6), 1). */
export function trainClipCoefficient(norm: f64, maxNorm: f64): f64 {
  return Math.min(maxNorm / (norm + 1e-6), 1.0);
}
