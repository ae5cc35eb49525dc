// How an epoch is reported: one line on the terminal (losses, validation MAEs of the raw and
// EMA weights, lr, s/epoch) and one row of the metrics CSV (every number, full precision).
import type { ErrorStats } from '../io/metrics.js';
import type { EpochReport } from './fit.js';

const fmt = (s: ErrorStats | null) => (s ? s.mae.toFixed(2) : '-');

export function epochLine(e: EpochReport, epochs: number, perAtom: boolean): string {
  const v = e.valid;
  return `epoch ${e.epoch + 1}/${epochs}  loss ${e.loss.toExponential(3)} (E ${e.lossEnergy.toExponential(2)}, F ${e.lossForces.toExponential(2)})`
    + `  val MAE E ${fmt(v.raw.energy)} ${perAtom ? 'meV/atom' : 'meV'} F ${fmt(v.raw.forces)} meV/Å  ema E ${fmt(v.ema.energy)} F ${fmt(v.ema.forces)}`
    + `  lr ${e.lr.toExponential(2)}  ${e.seconds.toFixed(2)} s/epoch${e.best ? '  *best' : ''}`;
}

/** Energy errors per atom when metrics are normalised (meV/atom), else per configuration (meV). */
export function metricsHeader(perAtom: boolean): string {
  const e = perAtom ? 'meV/atom' : 'meV';
  const cols = (w: string) => [`${w}_e_mae_${e}`, `${w}_e_rmse_${e}`, `${w}_f_mae_meV/A`, `${w}_f_rmse_meV/A`];
  return ['epoch', 'steps', 'lr', 'loss', 'loss_energy', 'loss_forces', ...cols('val'), ...cols('val_ema'), 'best', 'seconds'].join(',');
}

export function metricsRow(e: EpochReport): string {
  const stats = (s: ErrorStats | null) => (s ? [s.mae, s.rmse] : ['', '']);
  const v = e.valid;
  return [
    e.epoch, e.steps, e.lr, e.loss, e.lossEnergy, e.lossForces,
    ...stats(v.raw.energy), ...stats(v.raw.forces), ...stats(v.ema.energy), ...stats(v.ema.forces), e.best ? 1 : 0, e.seconds.toFixed(3),
  ].join(',');
}
