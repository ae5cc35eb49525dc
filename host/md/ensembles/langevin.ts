// NVT by Langevin dynamics, BAOAB splitting: one force call per step, friction and noise on
// every atom (so momentum is not conserved and all 3N degrees of freedom are thermal).
import { baoab } from './steps.js';
import type { EnsembleSpec } from './types.js';

export const langevin: EnsembleSpec = {
  name: 'langevin',
  help: 'Langevin thermostat, BAOAB (--temperature, --friction)',
  settings: ['temperature', 'friction'],
  needsTemperature: true,
  needsFullPbc: false,
  conservesMomentum: false,
  conservesEnergy: false,
  step: baoab(),
};
