// Everything that decides a training run, with CAMP's defaults (the public water config:
// ../shared/models/water.config.yaml; see ../shared/CAMP-TRAINING.md). Units: lr is per step
// of the parameters' own units; energies eV, forces eV/Å.
import type { LossSettings } from './objective-types.js';

/** `<split>/<metric>_<quantity>`: e.g. val/mse_e (what ReduceLROnPlateau watches), val_ema/mse_e. */
export type Monitor = `${'val' | 'val_ema'}/${'mse' | 'mae'}_${'e' | 'f'}`;

export interface AdamSettings {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly amsgrad: boolean;
}

/** ema_pytorch 0.4's EMA(beta, power, update_after_step, update_every, inv_gamma, min_value). */
export interface EmaSettings {
  readonly beta: number;
  readonly power: number;
  readonly updateAfterStep: number;
  readonly updateEvery: number;
  readonly invGamma: number;
  readonly minValue: number;
}

/** torch.optim.lr_scheduler.ReduceLROnPlateau (mode min, threshold_mode rel, cooldown 0). */
export interface PlateauSettings {
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly minLr: number;
  readonly monitor: Monitor;
}

export interface EarlyStoppingSettings {
  /** Epochs without improvement of `monitor` before training stops. */
  readonly patience: number;
  /** Also the metric that picks the best model (Lightning's ModelCheckpoint in the CAMP configs). */
  readonly monitor: Monitor;
}

export interface TrainSettings {
  /** Most epochs to train (trainer.max_epochs). */
  readonly epochs: number;
  /** Configurations per optimiser step (data.train_batch_size). */
  readonly batchSize: number;
  /** Seeds the Philox streams of shuffling, the validation split and fresh weights (seed_everything). */
  readonly seed: number;
  readonly loss: LossSettings;
  /** metrics.normalize: energy errors per atom (true) or per configuration. */
  readonly metricsPerAtom: boolean;
  readonly adam: AdamSettings;
  /** Largest global gradient 2-norm (trainer.gradient_clip_val); 0: no clipping. */
  readonly gradientClip: number;
  readonly ema: EmaSettings;
  readonly plateau: PlateauSettings;
  readonly earlyStopping: EarlyStoppingSettings;
}

export const DEFAULT_TRAIN_SETTINGS: TrainSettings = {
  epochs: 10000,
  batchSize: 4,
  seed: 35,
  loss: { energyRatio: 1, forcesRatio: 1, normalize: true },
  metricsPerAtom: true,
  adam: { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, amsgrad: true },
  gradientClip: 1,
  ema: { beta: 0.999, power: 2 / 3, updateAfterStep: 1000, updateEvery: 10, invGamma: 1, minValue: 0 },
  plateau: { factor: 0.8, patience: 100, threshold: 1e-4, minLr: 0, monitor: 'val/mse_e' },
  earlyStopping: { patience: 400, monitor: 'val_ema/mse_e' },
};

const MONITOR = /^(val|val_ema)\/(mse|mae)_(e|f)$/;

export function isMonitor(s: unknown): s is Monitor {
  return typeof s === 'string' && MONITOR.test(s);
}

/** Throws naming the first setting out of range (`where` prefixes the message, e.g. a file). */
export function checkTrainSettings(s: TrainSettings, where = 'fit'): void {
  const bad = (name: string, v: unknown, want: string): never => {
    throw new Error(`${where}: ${name} is ${String(v)}; expected ${want}`);
  };
  const int = (name: string, v: number, lo: number) => {
    if (!Number.isSafeInteger(v) || v < lo) bad(name, v, `an integer ≥ ${lo}`);
  };
  const pos = (name: string, v: number) => {
    if (!(Number.isFinite(v) && v > 0)) bad(name, v, 'a positive number');
  };
  const nonneg = (name: string, v: number) => {
    if (!(Number.isFinite(v) && v >= 0)) bad(name, v, 'a number ≥ 0');
  };
  for (const [name, v] of [['loss normalize', s.loss?.normalize], ['metrics normalize', s.metricsPerAtom], ['amsgrad', s.adam?.amsgrad]] as const) {
    if (typeof v !== 'boolean') bad(name, v, 'true or false');
  }
  for (const [name, v] of [['loss', s.loss], ['adam', s.adam], ['ema', s.ema], ['plateau', s.plateau], ['earlyStopping', s.earlyStopping]] as const) {
    if (v === null || typeof v !== 'object') bad(name, v, 'an object of settings');
  }
  int('epochs', s.epochs, 0);
  int('batch size', s.batchSize, 1);
  int('seed', s.seed, 0);
  if (s.seed >= 2 ** 53) bad('seed', s.seed, 'below 2^53');
  nonneg('energy ratio', s.loss.energyRatio);
  nonneg('forces ratio', s.loss.forcesRatio);
  if (s.loss.energyRatio === 0 && s.loss.forcesRatio === 0) bad('energy and forces ratios', 0, 'at least one positive');
  pos('lr', s.adam.lr);
  for (const [name, b] of [['beta1', s.adam.beta1], ['beta2', s.adam.beta2]] as const) if (!(b >= 0 && b < 1)) bad(`Adam ${name}`, b, 'a number in [0, 1)');
  pos('Adam eps', s.adam.eps);
  nonneg('weight decay', s.adam.weightDecay);
  nonneg('gradient clip', s.gradientClip);
  if (!(s.ema.beta >= 0 && s.ema.beta <= 1)) bad('EMA beta (decay)', s.ema.beta, 'a number in [0, 1]');
  pos('EMA power', s.ema.power);
  int('EMA update_after_step', s.ema.updateAfterStep, 0);
  int('EMA update_every', s.ema.updateEvery, 1);
  pos('EMA inv_gamma', s.ema.invGamma);
  nonneg('EMA min_value', s.ema.minValue);
  if (!(s.plateau.factor > 0 && s.plateau.factor < 1)) bad('lr scheduler factor', s.plateau.factor, 'a number in (0, 1)');
  int('lr scheduler patience', s.plateau.patience, 0);
  nonneg('lr scheduler threshold', s.plateau.threshold);
  nonneg('lr scheduler min_lr', s.plateau.minLr);
  int('early stopping patience', s.earlyStopping.patience, 1);
  for (const m of [s.plateau.monitor, s.earlyStopping.monitor]) if (!isMonitor(m)) bad('monitor', m, 'val/mse_e, val_ema/mae_f or the like');
}
