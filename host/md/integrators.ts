// One MD step per ensemble, composed from the Wasm kernels around the force call. `step` is the
// index of the step being made (the state goes from step − 1 to step); it is the counter of
// every random number drawn in it, so a resumed run draws exactly what a straight run would.
import type { MdMemory } from './md-memory.js';
import type { Ensemble, MdSettings } from './settings.js';
import { EV_A3_PER_BAR } from './units.js';

export interface StepContext {
  readonly mem: MdMemory;
  readonly n: number;
  readonly settings: MdSettings;
  /** Target k_B·T, eV (0 without a target temperature). */
  readonly kT: number;
  /** Degrees of freedom × k_B·T, eV (the Nosé–Hoover chain's target 2·KE). */
  readonly gkT: number;
  readonly seedLo: number;
  readonly seedHi: number;
  /** Forces, energy and stress at the current positions (errors on non-finite results). */
  computeForces(step: number): void;
  /** Kinetic energy, eV. */
  kinetic(): number;
  /** Instantaneous temperature, K. */
  temperature(): number;
  /** Instantaneous pressure (virial of the last force call + kinetic), eV/Å³. */
  pressure(): number;
  /** Cell volume, Å³. */
  volume(): number;
}

export type Integrator = (ctx: StepContext, step: number) => void;

function kick(c: StepContext, dt: number): void {
  const { ex, ptr } = c.mem;
  ex.mdKick(c.n, ptr.v, ptr.f, ptr.acc, dt);
}

function drift(c: StepContext, dt: number): void {
  const { ex, ptr } = c.mem;
  ex.mdDrift(3 * c.n, ptr.r, ptr.v, dt);
}

function scaleVelocities(c: StepContext, s: number): void {
  c.mem.ex.mdScale(3 * c.n, c.mem.ptr.v, s);
}

/** ASE's VelocityVerlet: p += ½dt·F; r += dt·p/m; F(r); p += ½dt·F. */
const velocityVerlet: Integrator = (c, step) => {
  const dt = c.settings.dt;
  kick(c, 0.5 * dt);
  drift(c, dt);
  c.computeForces(step);
  kick(c, 0.5 * dt);
};

/** Berendsen (as ASE's NVTBerendsen): rescale towards T₀, then a velocity-Verlet step. */
const berendsen: Integrator = (c, step) => {
  const s = c.settings;
  scaleVelocities(c, c.mem.ex.mdBerendsenLambda(s.dt, s.tau, c.temperature(), s.temperature ?? 0));
  velocityVerlet(c, step);
};

/** Nosé–Hoover chain: chain half step, velocity Verlet, chain half step. */
const noseHooverChain: Integrator = (c, step) => {
  const { ex, ptr } = c.mem;
  const m = c.settings.chainLength;
  scaleVelocities(c, ex.mdNhcHalfStep(m, ptr.chain, c.kinetic(), c.gkT, c.kT, c.settings.dt));
  velocityVerlet(c, step);
  scaleVelocities(c, ex.mdNhcHalfStep(m, ptr.chain, c.kinetic(), c.gkT, c.kT, c.settings.dt));
};

function langevinO(c: StepContext, step: number): void {
  const { ex, ptr } = c.mem;
  const s = c.settings;
  ex.mdLangevinO(c.n, ptr.v, ptr.m, s.dt, s.friction, c.kT, c.seedLo, c.seedHi, step);
}

/** Langevin BAOAB: B(½dt) A(½dt) O(dt) A(½dt) F B(½dt), one force call per step. */
const langevin: Integrator = (c, step) => {
  const dt = c.settings.dt;
  kick(c, 0.5 * dt);
  drift(c, 0.5 * dt);
  langevinO(c, step);
  drift(c, 0.5 * dt);
  c.computeForces(step);
  kick(c, 0.5 * dt);
};

/**
 * NPT: Langevin BAOAB with stochastic cell rescaling between O and the second A, using the
 * pressure from the virial of the step's starting forces and the current kinetic energy.
 */
const npt: Integrator = (c, step) => {
  const { ex, ptr } = c.mem;
  const s = c.settings;
  const dt = s.dt;
  kick(c, 0.5 * dt);
  drift(c, 0.5 * dt);
  langevinO(c, step);
  ex.mdCRescale(c.n, ptr.r, ptr.v, ptr.cell, dt, s.tauP, s.compressibility / EV_A3_PER_BAR, s.pressure * EV_A3_PER_BAR,
    c.pressure(), c.kT, c.volume(), c.seedLo, c.seedHi, step);
  drift(c, 0.5 * dt);
  c.computeForces(step);
  kick(c, 0.5 * dt);
};

export const INTEGRATORS: Record<Ensemble, Integrator> = {
  nve: velocityVerlet,
  berendsen,
  nhc: noseHooverChain,
  langevin,
  npt,
};

/** Whether the ensemble conserves total momentum (then 3 degrees of freedom are not thermal). */
export function conservesMomentum(e: Ensemble): boolean {
  return e === 'nve' || e === 'nhc' || e === 'berendsen';
}
