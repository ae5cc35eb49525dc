// EMA weights with ema_pytorch 0.4's arithmetic (what CAMP's checkpoints store as
// ema.ema_model.*). The host keeps the call counter and decides when to copy or average (see
// host/train/ema.ts); these are the two numeric parts.
import { lerp } from "./lerp";

/**
 * ema_pytorch's get_current_decay after its counter became `step` (it is read after the
 * increment): epoch = max(step − update_after_step − 1, 0); 0 when epoch ≤ 0, else
 * clamp(1 − (1 + epoch/inv_gamma)^(−power), min_value, beta). PyTorch evaluates this on a
 * float32 tensor (the clamp of the int64 counter to a float promotes to the default dtype), so
 * it is computed in f32 here too and returned widened, as `.item()` does.
 */
export function trainEmaDecay(step: f64, updateAfterStep: f64, invGamma: f64, power: f64, minValue: f64, beta: f64): f64 {
  const epoch = Math.max(step - updateAfterStep - 1.0, 0.0);
  if (epoch <= 0.0) return 0.0;
  const e = <f32>epoch;
  const value: f32 = <f32>1.0 - Mathf.pow(<f32>1.0 + e / <f32>invGamma, -<f32>power);
  return <f64>Mathf.min(Mathf.max(value, <f32>minValue), <f32>beta);
}

/** ema ← lerp(ema, model, 1 − decay) over n values (ema_pytorch's inplace_lerp). */
export function trainEmaLerp(n: i32, ema: usize, model: usize, decay: f64): void {
  const w = 1.0 - decay;
  for (let k = 0; k < n; k++) {
    const o = <usize>k << 3;
    store<f64>(ema + o, lerp(load<f64>(ema + o), load<f64>(model + o), w));
  }
}
