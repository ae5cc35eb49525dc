// NVE: velocity Verlet as ASE's VelocityVerlet; the total energy is the constant of motion.
import { velocityVerlet } from './steps.js';
import type { EnsembleSpec } from './types.js';

export const nve: EnsembleSpec = {
  name: 'nve',
  help: 'velocity Verlet; constant energy',
  settings: [],
  needsTemperature: false,
  needsFullPbc: false,
  conservesMomentum: true,
  conservesEnergy: true,
  step: velocityVerlet,
};
