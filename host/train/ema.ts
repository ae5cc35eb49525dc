// ema_pytorch 0.4's EMA.update(), called after every optimiser step: its counter is read then
// incremented; nothing happens unless the read value is a multiple of update_every; up to
// update_after_step the EMA copy is set equal to the model; afterwards (after a first copy if
// not initted) ema ← lerp(ema, model, 1 − decay) with the decay of the incremented counter.
// The arithmetic runs in the Wasm core (assembly/train/ema.ts).
import type { CoreExports } from '../backends/wasm/exports.js';
import type { EmaSettings } from './settings.js';

export interface EmaCounter {
  /** ema.step: calls so far. */
  step: number;
  /** ema.initted. */
  initted: boolean;
}

/** One update of `n` f64 values at `ema` from `model` (pointers into the core's memory). */
export function emaUpdate(core: CoreExports, s: EmaSettings, c: EmaCounter, n: number, ema: number, model: number): void {
  const step = c.step;
  c.step++;
  if (step % s.updateEvery !== 0) return;
  if (step <= s.updateAfterStep || !c.initted) {
    core.trainEmaLerp(n, ema, model, 0); // weight 1: an exact copy
    if (step <= s.updateAfterStep) return;
    c.initted = true;
  }
  const decay = core.trainEmaDecay(c.step, s.updateAfterStep, s.invGamma, s.power, s.minValue, s.beta);
  core.trainEmaLerp(n, ema, model, decay);
}
