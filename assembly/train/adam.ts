// One step of torch.optim.Adam (single-tensor path, the CPU default) on a flat f64 parameter
// vector, with torch's formulas and operation order so a campjs run and a PyTorch run take the
// same steps up to the rounding of their precision:
//   g ← g + wd·p (when wd ≠ 0);  m ← lerp(m, g, 1 − β1);  v ← β2·v + ((1 − β2)·g)·g
//   bc1 = 1 − β1^t, bc2 = 1 − β2^t (t counts steps from 1; pow is this module's own)
//   amsgrad: v̂ ← max(v̂, v), denom = √v̂ / √bc2 + ε  (else √v / √bc2 + ε)
//   p ← p + ((−lr/bc1)·m) / denom
import { lerp } from "./lerp";

export function trainAdamStep(n: i32, p: usize, g: usize, m: usize, v: usize, vmax: usize,
  lr: f64, beta1: f64, beta2: f64, eps: f64, weightDecay: f64, amsgrad: i32, step: f64): void {
  const bc1 = 1.0 - Math.pow(beta1, step);
  const bc2 = 1.0 - Math.pow(beta2, step);
  const stepSize = lr / bc1;
  const bc2Sqrt = Math.sqrt(bc2);
  const w1 = 1.0 - beta1;
  const w2 = 1.0 - beta2;
  for (let k = 0; k < n; k++) {
    const o = <usize>k << 3;
    const pk = load<f64>(p + o);
    let gk = load<f64>(g + o);
    if (weightDecay != 0.0) gk = gk + weightDecay * pk;
    const mk = lerp(load<f64>(m + o), gk, w1);
    const vk = load<f64>(v + o) * beta2 + w2 * gk * gk;
    store<f64>(m + o, mk);
    store<f64>(v + o, vk);
    let second = vk;
    if (amsgrad != 0) {
      second = Math.max(load<f64>(vmax + o), vk);
      store<f64>(vmax + o, second);
    }
    const denom = Math.sqrt(second) / bc2Sqrt + eps;
    store<f64>(p + o, pk + (-stepSize) * mk / denom);
  }
}
