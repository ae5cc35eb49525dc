// The building blocks every ensemble's step is composed from: the Wasm kernels around the force
// call (kick, drift, velocity scaling, velocity Verlet, Langevin's O part), as the two phases
// before and after it (the MD loop makes the force call between them). `step` is the index
// of the step being made (the state goes from step − 1 to step); it is the counter of every
// random number drawn in it, so a resumed run draws exactly what a straight run would.
import type { Integrator, StepContext, StepPhases } from './types.js';

export function kick(c: StepContext, dt: number): void {
  const { ex, ptr } = c.mem;
  ex.mdKick(c.n, ptr.v, ptr.f, ptr.acc, dt);
}

export function drift(c: StepContext, dt: number): void {
  const { ex, ptr } = c.mem;
  ex.mdDrift(3 * c.n, ptr.r, ptr.v, dt);
}

export function scaleVelocities(c: StepContext, s: number): void {
  c.mem.ex.mdScale(3 * c.n, c.mem.ptr.v, s);
}

/** ASE's VelocityVerlet: p += ½dt·F; r += dt·p/m; [F(r)]; p += ½dt·F. */
export const velocityVerlet: StepPhases = {
  beforeForces: (c) => {
    const dt = c.settings.dt;
    kick(c, 0.5 * dt);
    drift(c, dt);
  },
  afterForces: (c) => kick(c, 0.5 * c.settings.dt),
};

/** Langevin's O part: exact Ornstein–Uhlenbeck update of the velocities over dt. */
export function langevinO(c: StepContext, step: number): void {
  const { ex, ptr } = c.mem;
  const s = c.settings;
  ex.mdLangevinO(c.n, ptr.v, ptr.m, s.dt, s.friction, c.kT, c.seedLo, c.seedHi, step);
}

/**
 * Langevin BAOAB: B(½dt) A(½dt) O(dt) [between] A(½dt) [F] B(½dt), one force call per step.
 * `between` runs after O (NPT rescales the cell there).
 */
export function baoab(between?: Integrator): StepPhases {
  return {
    beforeForces: (c, step) => {
      const dt = c.settings.dt;
      kick(c, 0.5 * dt);
      drift(c, 0.5 * dt);
      langevinO(c, step);
      between?.(c, step);
      drift(c, 0.5 * dt);
    },
    afterForces: (c) => kick(c, 0.5 * c.settings.dt),
  };
}
