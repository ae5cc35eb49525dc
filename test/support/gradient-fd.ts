// Finite-difference check of a TrainingObjective's gradient, tensor by tensor: for each slot a
// random direction d (entries ±[0.5, 1], random signs) and the six-point central difference of the
// loss along it, L'(0) ≈ [L(3h) − 9L(2h) + 45L(h) − 45L(−h) + 9L(−2h) − L(−3h)] / 60h (error
// O(h⁶)), against the exact g·d. The error is relative to |g|·|d| of that tensor (the largest
// g·d can be), so a direction nearly orthogonal to g cannot hide or fake an error. The losses
// come from predict() and the loss definition, not from the gradient code.
import type { LossSettings, TrainingObjective, LabelledFrame, ParameterSlot } from '../../host/train/objective-types.js';
import { lossTerms } from '../../host/train/loss.js';
import assert from 'node:assert/strict';
import { seededRandom } from './synthetic-model.js';

export interface FdResult {
  readonly slot: string;
  readonly setting: number;
  /** |FD − g·d| / (|g|·|d|); for an exactly zero gradient, |FD| itself. */
  readonly error: number;
  readonly gradNorm: number;
}

const STENCIL: readonly [number, number][] = [[3, 1], [2, -9], [1, 45], [-1, -45], [-2, 9], [-3, -1]];

export function batchLosses(objective: TrainingObjective, frames: readonly LabelledFrame[], settings: readonly LossSettings[]): number[] {
  const p = objective.predict(frames);
  const forces: Float64Array[] = [];
  let at = 0;
  for (const f of frames) {
    const n = 3 * f.atoms.numbers.length;
    forces.push(p.forces.subarray(at, at + n));
    at += n;
  }
  return settings.map((s) => lossTerms(frames, p.energies, forces, s).loss);
}

/** Checks the slots `pick` (default all) under every setting; returns one result per (slot, setting). */
export function finiteDifferenceCheck(objective: TrainingObjective, frames: readonly LabelledFrame[], settings: readonly LossSettings[],
  seed: number, relStep = 3e-3, pick?: readonly ParameterSlot[]): FdResult[] {
  const theta = objective.parameters();
  const grads = settings.map((s) => objective.lossAndGradient(frames, s).gradient);
  const rng = seededRandom(seed);
  const out: FdResult[] = [];
  try {
    for (const slot of pick ?? objective.slots) {
      // |d_k| in [0.5, 1], random sign: no entry (and no scalar tensor) is probed with a tiny step.
      const d = Float64Array.from({ length: slot.size }, () => (rng() < 0.5 ? -1 : 1) * (0.5 + 0.5 * rng()));
      let rms = 0;
      for (let k = 0; k < slot.size; k++) rms += theta[slot.offset + k] ** 2;
      const h = relStep * Math.max(Math.sqrt(rms / slot.size), 0.1);
      const fd = new Array<number>(settings.length).fill(0);
      for (const [m, c] of STENCIL) {
        const p = theta.slice();
        for (let k = 0; k < slot.size; k++) p[slot.offset + k] += m * h * d[k];
        objective.setParameters(p);
        batchLosses(objective, frames, settings).forEach((l, s) => (fd[s] += c * l));
      }
      settings.forEach((_, s) => {
        let gd = 0, g2 = 0, d2 = 0;
        for (let k = 0; k < slot.size; k++) {
          const g = grads[s][slot.offset + k];
          gd += g * d[k];
          g2 += g * g;
          d2 += d[k] * d[k];
        }
        const diff = fd[s] / (60 * h) - gd;
        const scale = Math.sqrt(g2 * d2);
        out.push({ slot: slot.name, setting: s, error: scale > 0 ? Math.abs(diff) / scale : Math.abs(diff), gradNorm: Math.sqrt(g2) });
      });
    }
  } finally {
    objective.setParameters(theta);
  }
  return out;
}

/** Largest relative error accepted per tensor. */
export const TOL = 1e-8;

/** Energy-only (both normalisations), forces-only, mixed (both normalisations). */
export const SETTINGS: readonly LossSettings[] = [
  { energyRatio: 1, forcesRatio: 0, normalize: true },
  { energyRatio: 1, forcesRatio: 0, normalize: false },
  { energyRatio: 0, forcesRatio: 1, normalize: true },
  { energyRatio: 1, forcesRatio: 100, normalize: true },
  { energyRatio: 2, forcesRatio: 3, normalize: false },
];

/** Reference labels near the model's own predictions (so both terms matter), offset per frame. */
export function labelled(objective: TrainingObjective, atoms: LabelledFrame['atoms'][], seed: number, withForces: readonly boolean[]): LabelledFrame[] {
  const rng = seededRandom(seed);
  return atoms.map((a, k) => {
    const p = objective.predict([{ atoms: a, energy: 0 }]);
    const energy = p.energies[0] + (k + 1) * 0.37 * (rng() - 0.3);
    return withForces[k] ? { atoms: a, energy, forces: p.forces.map((f) => f + 0.2 * (rng() - 0.5)) } : { atoms: a, energy };
  });
}

export function assertSmall(results: readonly FdResult[], what: string, tol = TOL): void {
  const worst = results.reduce((w, r) => (r.error > w.error ? r : w));
  assert.ok(worst.error <= tol, `${what}: ${worst.slot} (setting ${worst.setting}, |g| ${worst.gradNorm.toExponential(2)}) differs from finite differences by ${worst.error.toExponential(2)} relative`);
}

