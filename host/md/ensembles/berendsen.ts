// Berendsen weak coupling as ASE's NVTBerendsen: rescale the velocities towards T₀, then a
// velocity-Verlet step. Does not sample the canonical ensemble; for equilibration.
import { scaleVelocities, velocityVerlet } from './steps.js';
import type { EnsembleSpec, StepPhases } from './types.js';

const berendsenStep: StepPhases = {
  beforeForces: (c, step) => {
    const s = c.settings;
    scaleVelocities(c, c.mem.ex.mdBerendsenLambda(s.dt, s.tau, c.temperature(), s.temperature ?? 0));
    velocityVerlet.beforeForces(c, step);
  },
  afterForces: velocityVerlet.afterForces,
};

export const berendsen: EnsembleSpec = {
  name: 'berendsen',
  help: 'weak coupling, for equilibration (--temperature, --tau)',
  settings: ['temperature', 'tau'],
  needsTemperature: true,
  needsFullPbc: false,
  conservesMomentum: true,
  conservesEnergy: false,
  step: berendsenStep,
};
