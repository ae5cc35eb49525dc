// Lightning's EarlyStopping (mode min, min_delta 0): training stops once the monitored metric
// has not gone below its best for `patience` epochs. The same comparison picks the best model
// (ModelCheckpoint with the same monitor).
export interface EarlyStoppingState {
  best: number;
  /** Epochs since the best. */
  wait: number;
}

export function initialEarlyStopping(): EarlyStoppingState {
  return { best: Infinity, wait: 0 };
}

/** Records this epoch's metric; returns whether it is a new best. */
export function earlyStoppingStep(state: EarlyStoppingState, metric: number): boolean {
  if (metric < state.best) {
    state.best = metric;
    state.wait = 0;
    return true;
  }
  state.wait++;
  return false;
}

export function shouldStop(state: EarlyStoppingState, patience: number): boolean {
  return state.wait >= patience;
}
