// Everything a resumed run needs to continue exactly where an uninterrupted one would be: the
// settings, the epoch count, learning rate, scheduler and early-stopping state, the optimiser's
// vectors (parameters, Adam moments, EMA copy and counters), the best model so far, the model
// the parameters belong to, and a fingerprint of the data it was trained on.
import type { CampModel } from '../model/camp-model.js';
import type { Precision } from '../calculator.js';
import type { OptimizerState } from './optimizer.js';
import type { PlateauState } from './plateau.js';
import type { EarlyStoppingState } from './early-stopping.js';
import type { TrainSettings } from './settings.js';
import type { LabelledFrame } from './objective-types.js';
import { sha256Hex } from '../util/sha256.js';

export interface BestSoFar {
  /** 0-based epoch whose end gave the best monitored metric. */
  readonly epoch: number;
  readonly metric: number;
  readonly raw: Float64Array;
  readonly ema: Float64Array;
  /** Optimiser steps and EMA counters at that point (what its checkpoint records). */
  readonly step: number;
  readonly emaStep: number;
  readonly emaInitted: boolean;
}

export interface TrainState {
  readonly settings: TrainSettings;
  readonly precision: Precision;
  /** Epochs completed. */
  readonly epoch: number;
  readonly lr: number;
  readonly plateau: PlateauState;
  readonly early: EarlyStoppingState;
  readonly optimizer: OptimizerState;
  readonly best: BestSoFar | null;
  /** The model whose trainable tensors the parameter vector replaces (hyperparameters, buffers). */
  readonly model: CampModel;
  /** dataFingerprint of the training and validation sets. */
  readonly data: string;
}

/** SHA-256 of the training and validation frames' numbers (atoms, cell, labels) in order. */
export function dataFingerprint(train: readonly LabelledFrame[], valid: readonly LabelledFrame[]): string {
  const parts: number[] = [];
  const add = (xs: ArrayLike<number>) => {
    for (let k = 0; k < xs.length; k++) parts.push(xs[k]);
  };
  for (const set of [train, valid]) {
    parts.push(set.length);
    for (const f of set) {
      const a = f.atoms;
      parts.push(a.numbers.length, f.energy, f.forces ? 1 : 0);
      add(a.numbers);
      add(a.positions);
      add(a.cell ?? []);
      add((a.pbc ?? []).map(Number));
      add(f.forces ?? []);
    }
  }
  return sha256Hex(new Uint8Array(Float64Array.from(parts).buffer));
}
