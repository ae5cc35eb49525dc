// What an ensemble is to the rest of campjs: one object per ensemble (see index.ts) holding its
// name, requirements, momentum conservation, start-up, step, extra energy and help text.
import type { MdMemory } from '../../backends/wasm/md-memory.js';
import type { MdSettings } from '../settings.js';

/** The state an ensemble's step reads and writes (MD implements it). */
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
  /** Kinetic energy, eV. */
  kinetic(): number;
  /** Instantaneous temperature, K. */
  temperature(): number;
  /** Instantaneous pressure (virial of the last force call + kinetic), eV/Å³. */
  pressure(): number;
  /** Cell volume, Å³. */
  volume(): number;
}

/** A part of the MD step from step − 1 to `step` (the counter of its random numbers). */
export type Integrator = (ctx: StepContext, step: number) => void;

/**
 * One MD step as the phases around its one force call: the MD loop runs beforeForces (kicks,
 * drifts, thermostat), then the force call — awaited when the backend answers asynchronously —
 * then afterForces (the closing kick).
 */
export interface StepPhases {
  readonly beforeForces: Integrator;
  readonly afterForces: Integrator;
}

export interface EnsembleSpec {
  /** The name users give (`--ensemble`, settings.ensemble). */
  readonly name: string;
  /** What it does, one line for `campjs md --help` (and the options it reads). */
  readonly help: string;
  /** The MdSettings fields it reads besides dt (help text says which option applies where). */
  readonly settings: readonly (keyof MdSettings)[];
  /** Needs a target temperature. */
  readonly needsTemperature: boolean;
  /** Needs a cell periodic in all three directions (it changes the cell). */
  readonly needsFullPbc: boolean;
  /**
   * Conserves total momentum: the centre-of-mass motion removed at the start stays zero, so 3
   * degrees of freedom are not thermal (md-init.ts). False when friction/noise act per atom.
   */
  readonly conservesMomentum: boolean;
  /**
   * Has a constant of motion (Etot plus extraEnergy): md's energy-jump check watches it. False
   * for thermostats that exchange energy with a bath step by step (their check is temperature).
   */
  readonly conservesEnergy: boolean;
  /** Sets the thermostat memory (mem.chain, zeroed before) at the start of a new run. */
  readonly init?: (ctx: StepContext) => void;
  readonly step: StepPhases;
  /** Energy of the extended system (e.g. the Nosé–Hoover chain), eV, added to the conserved quantity. */
  readonly extraEnergy?: (ctx: StepContext) => number;
}
