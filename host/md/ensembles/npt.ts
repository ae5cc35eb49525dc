// NPT: Langevin BAOAB with isotropic stochastic cell rescaling (Bernetti–Bussi) between O and
// the second A, using the pressure from the virial of the step's starting forces and the
// current kinetic energy.
import { EV_A3_PER_BAR } from '../units.js';
import { baoab } from './steps.js';
import type { EnsembleSpec } from './types.js';

/** BAOAB with the cell rescaled (and positions, velocities with it) right after O. */
const langevinCRescale = baoab((c, step) => {
  const { ex, ptr } = c.mem;
  const s = c.settings;
  ex.mdCRescale(c.n, ptr.r, ptr.v, ptr.cell, s.dt, s.tauP, s.compressibility / EV_A3_PER_BAR,
    s.pressure * EV_A3_PER_BAR, c.pressure(), c.kT, c.volume(), c.seedLo, c.seedHi, step);
});

export const npt: EnsembleSpec = {
  name: 'npt',
  help: 'Langevin + isotropic stochastic cell rescaling\n'
    + '(Bernetti–Bussi), full pbc (--temperature, --friction,\n--pressure, --compressibility, --taup)',
  settings: ['temperature', 'friction', 'pressure', 'compressibility', 'tauP'],
  needsTemperature: true,
  needsFullPbc: true,
  conservesMomentum: false,
  conservesEnergy: false,
  step: langevinCRescale,
};
