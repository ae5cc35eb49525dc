// The trainer: epochs of Philox-shuffled mini-batches, each an exact loss gradient (the
// TrainingObjective), clipping, Adam and the EMA update (optimizer.ts); after each epoch the
// validation errors of the raw and EMA weights, ReduceLROnPlateau, the best model and early
// stopping — CAMP's training loop (../shared/CAMP-TRAINING.md). `fit()` returns at once with
// `stop()` and a promise of the result; it yields to the event loop after every batch so that
// stop() (a button, Ctrl-C) takes effect within one batch.
import type { CampModel } from '../model/camp-model.js';
import type { Precision } from '../calculator.js';
import type { LabelMetrics } from '../io/metrics.js';
import type { LabelledFrame, TrainingObjective } from './objective-types.js';
import { checkTrainSettings, DEFAULT_TRAIN_SETTINGS, type Monitor, type TrainSettings } from './settings.js';
import { startModel } from './start-model.js';
import type { ModelConfig } from './config-yaml.js';
import { instantiateCore } from '../backends/wasm/wasm.js';
import { Optimizer } from './optimizer.js';
import { epochBatches } from './batches.js';
import { initialPlateau, plateauStep } from './plateau.js';
import { earlyStoppingStep, initialEarlyStopping, shouldStop } from './early-stopping.js';
import { evaluateSet, monitorValue, type ValidMetrics } from './validate.js';
import { createObjective } from './objective.js';
import { trainedModel } from './trained-source.js';
import { dataFingerprint, type BestSoFar, type TrainState } from './train-state.js';

export type ObjectiveFactory = (model: CampModel, opts: { precision: Precision }) => TrainingObjective | Promise<TrainingObjective>;

export interface FitOptions {
  /** The model to fine-tune; absent: a fresh one from `modelConfig` and the training data. Ignored on resume. */
  readonly model?: CampModel;
  /** Architecture of a fresh model (a CAMP config's model/data keys; default: the public water config's). */
  readonly modelConfig?: ModelConfig;
  readonly train: readonly LabelledFrame[];
  readonly valid: readonly LabelledFrame[];
  /** Default DEFAULT_TRAIN_SETTINGS; ignored on resume (the state's settings hold, except `epochs`). */
  readonly settings?: TrainSettings;
  /** Arithmetic of the model (default: f32 for float32 models, as CAMP trains them). */
  readonly precision?: Precision;
  /** Continue this run (fit's `state` after an epoch, or a saved state file). */
  readonly resume?: TrainState;
  /** Maximum epochs on resume (default: the state's). */
  readonly epochs?: number;
  /** What computes the loss and its gradient (default: campjs's exact CAMP gradient). */
  readonly objective?: ObjectiveFactory;
  /** After every epoch; return false to stop after it. */
  readonly onEpoch?: (report: EpochReport, state: () => TrainState) => void | boolean;
  /** After every batch: batches done in this epoch, of total. */
  readonly onBatch?: (done: number, total: number) => void;
}

export interface EpochReport {
  /** 0-based. */
  readonly epoch: number;
  /** Learning rate used in this epoch. */
  readonly lr: number;
  /** Mean of the batch losses, weighted by configurations per batch. */
  readonly loss: number;
  readonly lossEnergy: number;
  readonly lossForces: number;
  readonly valid: ValidMetrics;
  /** Optimiser steps so far. */
  readonly steps: number;
  /** Whether this epoch gave the best monitored metric so far. */
  readonly best: boolean;
  /** Wall time of the epoch, s (information only; nothing depends on it). */
  readonly seconds: number;
}

/** The best epoch's models and counters. */
export interface BestModels {
  readonly epoch: number;
  readonly metric: number;
  readonly raw: CampModel;
  readonly ema: CampModel;
  readonly step: number;
  readonly emaStep: number;
  readonly emaInitted: boolean;
}

export type StopReason = 'epochs' | 'early-stopping' | 'stopped' | 'failed';

export interface FitResult {
  readonly reason: StopReason;
  readonly epochs: number;
  /** Best epoch by the early-stopping monitor, with both weights; null if no epoch ran. */
  readonly best: BestModels | null;
  /** The last state (resume from it). */
  readonly state: TrainState;
}

export interface FitRun {
  /** Stops after the batch in progress; the result then holds the state before that epoch. */
  stop(): void;
  readonly result: Promise<FitResult>;
}

export function fit(opts: FitOptions): FitRun {
  let stopRequested = false;
  return {
    stop: () => {
      stopRequested = true;
    },
    result: runFit(opts, () => stopRequested),
  };
}

/** A validation or training set that cannot be trained on, named. */
export class FitDataError extends Error {
  override readonly name = 'FitDataError';
}

/** Training failed mid-run (a diverging loss…); `partial` holds the best model so far and the state before the failing epoch. */
export class FitFailedError extends Error {
  override readonly name = 'FitFailedError';
  constructor(message: string, readonly partial: FitResult) {
    super(message);
  }
}

async function runFit(opts: FitOptions, stopRequested: () => boolean): Promise<FitResult> {
  if (opts.train.length === 0) throw new FitDataError('the training set is empty');
  if (opts.valid.length === 0) throw new FitDataError('the validation set is empty');
  const resume = opts.resume;
  const data = dataFingerprint(opts.train, opts.valid);
  if (resume && resume.data !== data) throw new FitDataError('the training or validation data differ from those of the run being resumed');
  const baseSettings = resume?.settings ?? opts.settings ?? DEFAULT_TRAIN_SETTINGS;
  const settings: TrainSettings = { ...baseSettings, epochs: opts.epochs ?? baseSettings.epochs };
  checkTrainSettings(settings);
  for (const monitor of [settings.plateau.monitor, settings.earlyStopping.monitor]) {
    if (monitor.endsWith('_f') && !opts.valid.some((f) => f.forces)) throw new FitDataError(`${monitor} needs forces, but no validation frame has any`);
  }
  const model = resume?.model ?? opts.model ?? await startModel((await instantiateCore()).exports, opts.modelConfig ?? {}, opts.train, settings.seed, 'fit');
  const precision = resume?.precision ?? opts.precision ?? (model.hparams.defaultDtype === 'float64' ? 'f64' : 'f32');
  const objective = await (opts.objective ?? createObjective)(model, { precision });
  const opt = resume
    ? await Optimizer.restore(objective.slots, resume.optimizer, settings)
    : await Optimizer.create(objective.slots, objective.parameters(), settings);
  const plateau = resume ? { ...resume.plateau } : initialPlateau();
  const early = resume ? { ...resume.early } : initialEarlyStopping();
  let lr = resume?.lr ?? settings.adam.lr;
  let best: BestSoFar | null = resume?.best ?? null;
  let epoch = resume?.epoch ?? 0;
  const state = (): TrainState => ({ settings, precision, epoch, lr, plateau: { ...plateau }, early: { ...early }, optimizer: opt.state(), best, model, data });
  let reason: StopReason = 'epochs';

  while (epoch < settings.epochs) {
    if (shouldStop(early, settings.earlyStopping.patience)) {
      reason = 'early-stopping';
      break;
    }
    const t0 = performance.now();
    const atStart = state();
    const failed = (why: string): never => {
      throw new FitFailedError(`epoch ${epoch + 1}: ${why}`, finish('failed', atStart));
    };
    const batches = epochBatches(opt.core, settings.seed, epoch, opts.train.length, settings.batchSize);
    const totals = { loss: 0, energy: 0, forces: 0 };
    for (let b = 0; b < batches.length; b++) {
      const batch = batches[b].map((k) => opts.train[k]);
      objective.setParameters(opt.params());
      const r = objective.lossAndGradient(batch, settings.loss);
      if (!Number.isFinite(r.loss)) failed(`batch ${b + 1}: the loss is ${r.loss}; lower the learning rate (--lr) or check the labels`);
      const info = opt.step(r.gradient, lr);
      if (!Number.isFinite(info.gradNorm)) failed(`batch ${b + 1}: the gradient norm is ${info.gradNorm}; lower the learning rate (--lr)`);
      totals.loss += r.loss * batch.length;
      totals.energy += r.lossEnergy * batch.length;
      totals.forces += r.lossForces * batch.length;
      opts.onBatch?.(b + 1, batches.length);
      await yieldToEventLoop();
      if (stopRequested()) return finish('stopped', atStart);
    }
    const valid = validation(objective, opt, opts.valid, settings.metricsPerAtom);
    const lrUsed = lr;
    const monitored = (m: Monitor) => {
      const v = monitorValue(valid, m);
      return Number.isFinite(v) ? v : failed(`the monitored metric ${m} is ${v}; the model diverged (lower --lr)`);
    };
    lr = plateauStep(plateau, settings.plateau, monitored(settings.plateau.monitor), lr);
    const metric = monitored(settings.earlyStopping.monitor);
    const isBest = earlyStoppingStep(early, metric);
    if (isBest) {
      const o = opt.state();
      best = { epoch, metric, raw: o.params, ema: o.ema, step: o.step, emaStep: o.emaCounter.step, emaInitted: o.emaCounter.initted };
    }
    epoch++;
    const n = opts.train.length;
    const report: EpochReport = {
      epoch: epoch - 1, lr: lrUsed, loss: totals.loss / n, lossEnergy: totals.energy / n, lossForces: totals.forces / n,
      valid, steps: opt.stepCount, best: isBest, seconds: (performance.now() - t0) / 1000,
    };
    if (opts.onEpoch?.(report, state) === false || stopRequested()) {
      reason = 'stopped';
      break;
    }
  }
  if (reason === 'epochs' && epoch < settings.epochs) reason = 'early-stopping';
  return finish(reason, state());

  function finish(why: StopReason, s: TrainState): FitResult {
    const trained = (w: 'ema' | 'raw', b: BestSoFar) => trainedModel(objective.toModel(b[w]), model.source, w, b.epoch, b.step);
    const bestModels = best && { ...best, raw: trained('raw', best), ema: trained('ema', best) };
    return { reason: why, epochs: s.epoch, best: bestModels, state: s };
  }
}

function validation(objective: TrainingObjective, opt: Optimizer, frames: readonly LabelledFrame[], perAtom: boolean): ValidMetrics {
  const run = (p: Float64Array): LabelMetrics => {
    objective.setParameters(p);
    return evaluateSet(objective, frames, perAtom);
  };
  return { raw: run(opt.params()), ema: run(opt.emaParams()) };
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
