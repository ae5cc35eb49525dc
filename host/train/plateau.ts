// torch.optim.lr_scheduler.ReduceLROnPlateau, mode 'min', threshold_mode 'rel', cooldown 0:
// a metric is better when below best·(1 − threshold); after more than `patience` epochs that
// are not, lr ← max(lr·factor, min_lr) (changed only if by more than eps = 1e-8, as torch).
import type { PlateauSettings } from './settings.js';

export interface PlateauState {
  best: number;
  badEpochs: number;
}

const EPS = 1e-8;

export function initialPlateau(): PlateauState {
  return { best: Infinity, badEpochs: 0 };
}

/** One scheduler step with this epoch's metric; returns the learning rate to use next. */
export function plateauStep(state: PlateauState, s: PlateauSettings, metric: number, lr: number): number {
  if (metric < state.best * (1 - s.threshold)) {
    state.best = metric;
    state.badEpochs = 0;
  } else state.badEpochs++;
  if (state.badEpochs <= s.patience) return lr;
  state.badEpochs = 0;
  const next = Math.max(lr * s.factor, s.minLr);
  return lr - next > EPS ? next : lr;
}
