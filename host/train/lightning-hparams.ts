// The training hyperparameters as CAMP's LitModel stores them in a checkpoint
// (hyper_parameters.{loss,metrics,optimizer,lr_scheduler,ema}_hparams and other_hparams'
// seed_everything/trainer), so that the original code can load (and continue) a campjs run.
import { PyFloat } from '../ckpt/write-pickle.js';
import type { TrainSettings } from './settings.js';

const float = (x: number) => new PyFloat(x);
const dict = (entries: [string, unknown][]) => new Map<unknown, unknown>(entries);

export function lightningHparams(s: TrainSettings): { hyperParameters: Map<string, unknown>; otherHparams: Map<string, unknown> } {
  const metric = s.earlyStopping.monitor.split('/')[1].split('_')[0];
  return {
    hyperParameters: new Map<string, unknown>([
      ['loss_hparams', dict([['energy_ratio', float(s.loss.energyRatio)], ['forces_ratio', float(s.loss.forcesRatio)], ['normalize', s.loss.normalize]])],
      ['metrics_hparams', dict([['normalize', s.metricsPerAtom], ['type', metric]])],
      ['optimizer_hparams', dict([['class_path', 'torch.optim.Adam'], ['init_args', dict([
        ['amsgrad', s.adam.amsgrad], ['lr', float(s.adam.lr)], ['weight_decay', float(s.adam.weightDecay)],
      ])]])],
      ['lr_scheduler_hparams', dict([['class_path', 'torch.optim.lr_scheduler.ReduceLROnPlateau'], ['init_args', dict([
        ['factor', float(s.plateau.factor)], ['mode', 'min'], ['patience', s.plateau.patience],
      ])], ['monitor', s.plateau.monitor]])],
      ['ema_hparams', dict([
        ['beta', float(s.ema.beta)], ['include_online_model', false], ['power', float(s.ema.power)],
        ['update_after_step', s.ema.updateAfterStep], ['update_every', s.ema.updateEvery],
      ])],
    ]),
    otherHparams: new Map<string, unknown>([
      ['seed_everything', s.seed],
      ['trainer', dict([['gradient_clip_val', float(s.gradientClip)], ['max_epochs', s.epochs], ['check_val_every_n_epoch', 1]])],
    ]),
  };
}
