// Training in the worker with fit(): reads the labelled file(s), splits off validation frames
// (seeded, as `campjs fit --valid-fraction`), fine-tunes the loaded model or trains a fresh one,
// reports every epoch, and answers the best model as .campjs and Lightning .ckpt bytes.
import type { CampModel } from '../model/camp-model.js';
import type { Precision } from '../calculator.js';
import { readStructures } from '../io/read-structures.js';
import { labelledFrames } from '../train/labelled-frames.js';
import { splitValidation } from '../train/split.js';
import { checkTrainingElements } from '../train/training-set.js';
import { instantiateCore } from '../backends/wasm/wasm.js';
import { fit, type FitRun } from '../train/fit.js';
import { DEFAULT_TRAIN_SETTINGS, type TrainSettings } from '../train/settings.js';
import { writeCampjs } from '../format/campjs-file.js';
import { writeCheckpoint } from '../ckpt/write-ckpt.js';
import { lightningHparams } from '../train/lightning-hparams.js';
import type { FitProgress, FitReply, FitSettingsInput, WireFile } from './protocol.js';

export interface FitJob {
  /** The model to fine-tune (null: train a fresh one from the data). */
  readonly model: CampModel | null;
  readonly train: WireFile;
  readonly valid?: WireFile;
  readonly validFraction?: number;
  readonly settings?: FitSettingsInput;
  readonly precision?: Precision;
}

/** Applies the page's settings over CAMP's defaults (as `campjs fit`'s flags do). */
export function trainSettings(s: FitSettingsInput = {}): TrainSettings {
  const d = DEFAULT_TRAIN_SETTINGS;
  return {
    ...d,
    ...(s.epochs !== undefined && { epochs: s.epochs }),
    ...(s.batchSize !== undefined && { batchSize: s.batchSize }),
    ...(s.seed !== undefined && { seed: s.seed }),
    adam: { ...d.adam, ...(s.lr !== undefined && { lr: s.lr }) },
    loss: { ...d.loss, ...(s.energyRatio !== undefined && { energyRatio: s.energyRatio }), ...(s.forcesRatio !== undefined && { forcesRatio: s.forcesRatio }) },
    earlyStopping: { ...d.earlyStopping, ...(s.patience !== undefined && { patience: s.patience }) },
  };
}

/** Starts the run: `started` gets its handle (for stop) before any epoch. */
export async function runFit(job: FitJob, onEpoch: (p: FitProgress) => void, started: (run: FitRun) => void): Promise<FitReply> {
  const settings = trainSettings(job.settings);
  const read = (f: WireFile) => labelledFrames(readStructures(new Uint8Array(f.bytes), f.name), f.name);
  const all = read(job.train);
  const split = job.valid ? { train: all, valid: read(job.valid) } : splitValidation((await instantiateCore()).exports, all, job.validFraction ?? 0.1, settings.seed);
  if (job.model) {
    const whose = `the model being fine-tuned (${job.model.source.file ?? 'loaded model'})`;
    checkTrainingElements(all, job.model.hparams.atomicNumbers, job.train.name, whose);
    if (job.valid) checkTrainingElements(split.valid, job.model.hparams.atomicNumbers, job.valid.name, whose);
  }
  const run = fit({
    ...(job.model && { model: job.model }), train: split.train, valid: split.valid, settings,
    ...(job.precision && { precision: job.precision }),
    onEpoch: (report) => onEpoch({ ...report, epochs: settings.epochs }),
  });
  started(run);
  const r = await run.result;
  const best = r.best;
  return {
    reason: r.reason,
    epochs: r.epochs,
    bestEpoch: best?.epoch ?? null,
    bestMonitor: settings.earlyStopping.monitor,
    campjs: best ? writeCampjs(best.ema) : null,
    ckpt: best ? writeCheckpoint({ raw: best.raw, ema: best.ema, emaStep: best.emaStep, emaInitted: best.emaInitted, epoch: best.epoch, globalStep: best.step, ...lightningHparams(r.state.settings) }) : null,
    trainFrames: split.train.length,
    validFrames: split.valid.length,
  };
}
