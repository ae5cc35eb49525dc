// CAMP's training loss of one batch (../shared/CAMP-TRAINING.md) and its derivatives with
// respect to the predictions, which seed the exact parameter gradient:
//   L = energy_ratio · mean_k (ΔE_k / N_k)² (normalize; ΔE_k² otherwise)
//     + forces_ratio · mean over the force components of the frames that have forces of ΔF².
// Frames without reference forces train on energy only: their atoms are left out of the force
// mean (numerator and denominator). Only +, −, ×, ÷ here: the same bits on every engine.
import type { LabelledFrame, LossSettings } from './objective-types.js';

export interface LossTerms {
  readonly loss: number;
  /** energy_ratio × the energy mean (eV² or eV²/atom²). */
  readonly lossEnergy: number;
  /** forces_ratio × the force mean (eV²/Å²). */
  readonly lossForces: number;
  /** ∂L/∂E_k per frame, 1/eV·(loss units). */
  readonly dEnergy: Float64Array;
  /** ∂L/∂F per frame (flat N×3; zeros for frames without forces). */
  readonly dForces: Float64Array[];
}

/** Checks the settings, naming the bad one. */
export function checkLossSettings(loss: LossSettings): void {
  for (const key of ['energyRatio', 'forcesRatio'] as const) {
    const x = loss[key];
    if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) throw new Error(`loss setting ${key} must be a finite number ≥ 0, got ${String(x)}`);
  }
  if (typeof loss.normalize !== 'boolean') throw new Error(`loss setting normalize must be true or false, got ${String(loss.normalize)}`);
}

/** Loss terms from predicted energies (eV) and forces (eV/Å, per frame). */
export function lossTerms(batch: readonly LabelledFrame[], energies: Float64Array, forces: readonly Float64Array[], loss: LossSettings): LossTerms {
  const K = batch.length;
  let sumE = 0, sumF = 0, components = 0;
  const de = new Float64Array(K);
  batch.forEach((frame, k) => {
    const n = frame.atoms.numbers.length;
    const diff = energies[k] - frame.energy;
    const d = loss.normalize ? diff / n : diff;
    sumE += d * d;
    // ∂(d²)/∂E = 2d (/N when normalised).
    de[k] = loss.normalize ? (2 * d) / n : 2 * d;
    if (frame.forces) components += 3 * n;
  });
  const dForces = batch.map((frame, k) => new Float64Array(3 * frame.atoms.numbers.length));
  batch.forEach((frame, k) => {
    if (!frame.forces) return;
    const f = forces[k], ref = frame.forces, out = dForces[k];
    for (let c = 0; c < f.length; c++) {
      const d = f[c] - ref[c];
      sumF += d * d;
      out[c] = ((2 * loss.forcesRatio) * d) / components;
    }
  });
  for (let k = 0; k < K; k++) de[k] = (loss.energyRatio * de[k]) / K;
  const lossEnergy = (loss.energyRatio * sumE) / K;
  const lossForces = components > 0 ? (loss.forcesRatio * sumF) / components : 0;
  return { loss: lossEnergy + lossForces, lossEnergy, lossForces, dEnergy: de, dForces };
}
