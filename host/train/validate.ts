// Errors of a model on a labelled set: energy (per atom when metricsPerAtom, as CAMP's
// metrics.normalize) and force MAE/RMSE in meV (host/io/metrics.ts), and the value of a
// monitor such as val/mse_e (eV², CAMP's unit) for the schedule and early stopping.
import { labelMetrics, type LabelledPrediction, type LabelMetrics } from '../io/metrics.js';
import type { LabelledFrame, TrainingObjective } from './objective-types.js';
import type { Monitor } from './settings.js';

/** Frames predicted per call (bounds memory on large validation sets). */
const CHUNK = 16;

export function evaluateSet(objective: TrainingObjective, frames: readonly LabelledFrame[], perAtom: boolean): LabelMetrics {
  const items: LabelledPrediction[] = [];
  for (let k = 0; k < frames.length; k += CHUNK) {
    const chunk = frames.slice(k, k + CHUNK);
    const pred = objective.predict(chunk);
    let at = 0;
    chunk.forEach((f, i) => {
      const n3 = 3 * f.atoms.numbers.length;
      items.push({
        nAtoms: perAtom ? f.atoms.numbers.length : 1, energy: pred.energies[i], refEnergy: f.energy,
        forces: pred.forces.subarray(at, at + n3), refForces: f.forces,
      });
      at += n3;
    });
  }
  return labelMetrics(items);
}

export interface ValidMetrics {
  readonly raw: LabelMetrics;
  readonly ema: LabelMetrics;
}

/** A monitor's value: mse in eV² (or (eV/Å)²), mae in eV (or eV/Å); NaN without such labels. */
export function monitorValue(m: ValidMetrics, monitor: Monitor): number {
  const [split, metric] = monitor.split('/');
  const stats = (split === 'val_ema' ? m.ema : m.raw)[metric.endsWith('_e') ? 'energy' : 'forces'];
  if (!stats) return NaN;
  const inUnits = (metric.startsWith('mse') ? stats.rmse : stats.mae) / 1000;
  return metric.startsWith('mse') ? inUnits * inUnits : inUnits;
}
