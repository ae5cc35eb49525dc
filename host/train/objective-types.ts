// The contract between the trainer (optimiser, schedule, EMA, checkpoints) and what computes
// CAMP's training loss and its exact parameter gradient. Units: energies eV, forces eV/Å,
// positions Å. Parameters travel as one flat Float64Array, tensor after tensor in `slots` order,
// each tensor row-major.
import type { Atoms } from '../atoms.js';
import type { CampModel } from '../model/camp-model.js';
import type { Precision } from '../calculator.js';

/** One labelled configuration. */
export interface LabelledFrame {
  readonly atoms: Atoms;
  /** Reference total energy, eV. */
  readonly energy: number;
  /** Reference forces, eV/Å, flat N×3 (absent: the frame trains on energy only). */
  readonly forces?: Float64Array;
}

/** CAMP's loss (`loss.*` of a training config; see ../shared/CAMP-TRAINING.md). */
export interface LossSettings {
  readonly energyRatio: number;
  readonly forcesRatio: number;
  /** true: energy error per atom; false: total-energy error. */
  readonly normalize: boolean;
}

/** Where one trainable tensor sits in the flat parameter vector. */
export interface ParameterSlot {
  /** state_dict name without `model.` / `ema.ema_model.` prefix. */
  readonly name: string;
  readonly shape: readonly number[];
  readonly offset: number;
  readonly size: number;
}

export interface BatchPrediction {
  /** Predicted total energy per frame, eV. */
  readonly energies: Float64Array;
  /** Predicted forces of all frames, concatenated, eV/Å. */
  readonly forces: Float64Array;
}

export interface LossAndGradient extends BatchPrediction {
  readonly loss: number;
  readonly lossEnergy: number;
  readonly lossForces: number;
  /** ∂loss/∂parameters, same layout as the parameter vector. */
  readonly gradient: Float64Array;
}

/** A model whose trainable tensors can be read, replaced and differentiated. */
export interface TrainingObjective {
  readonly precision: Precision;
  readonly slots: readonly ParameterSlot[];
  /** Total number of trainable numbers. */
  readonly size: number;
  /** A copy of the current parameters. */
  parameters(): Float64Array;
  setParameters(p: Float64Array): void;
  /** Loss of the batch (all frames as one batch) and its exact gradient at the current parameters. */
  lossAndGradient(batch: readonly LabelledFrame[], loss: LossSettings): LossAndGradient;
  /** Energies and forces only (validation). */
  predict(batch: readonly LabelledFrame[]): BatchPrediction;
  /** A model with the given parameters and everything else (hyperparameters, buffers) unchanged. */
  toModel(p: Float64Array): CampModel;
}
