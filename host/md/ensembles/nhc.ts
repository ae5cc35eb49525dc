// NVT by a Nosé–Hoover chain: chain half step, velocity Verlet, chain half step. Deterministic;
// the chain's energy makes Etot + E_chain a constant of motion.
import { scaleVelocities, velocityVerlet } from './steps.js';
import { NHC } from '../../generated/layouts.js';
import type { EnsembleSpec, StepContext, StepPhases } from './types.js';

/** Chain half step: advances the chain and scales the velocities. */
function chainHalfStep(c: StepContext): void {
  const { ex, ptr } = c.mem;
  scaleVelocities(c, ex.mdNhcHalfStep(c.settings.chainLength, ptr.chain, c.kinetic(), c.gkT, c.kT, c.settings.dt));
}

const noseHooverChain: StepPhases = {
  beforeForces: (c, step) => {
    chainHalfStep(c);
    velocityVerlet.beforeForces(c, step);
  },
  afterForces: (c, step) => {
    velocityVerlet.afterForces(c, step);
    chainHalfStep(c);
  },
};

/** Thermostat masses Q_j = g·kT·τ² (first) and kT·τ² (others); positions and momenta start at 0. */
function initChain(c: StepContext): void {
  const m = c.settings.chainLength;
  const tau2 = c.settings.tau * c.settings.tau;
  for (let j = 0; j < m; j++) c.mem.chain[NHC.Q * m + j] = (j === 0 ? c.gkT : c.kT) * tau2;
}

export const nhc: EnsembleSpec = {
  name: 'nhc',
  help: 'Nosé–Hoover chain (--temperature, --tau, --chain)',
  settings: ['temperature', 'tau', 'chainLength'],
  needsTemperature: true,
  needsFullPbc: false,
  conservesMomentum: true,
  conservesEnergy: true,
  init: initChain,
  step: noseHooverChain,
  extraEnergy: (c) => c.mem.ex.mdNhcEnergy(c.settings.chainLength, c.mem.ptr.chain, c.gkT, c.kT),
};
