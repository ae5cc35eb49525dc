// MD settings: what a run needs besides the structure and the force model. Validated before
// anything runs so that a bad value is a clear error, never a NaN a thousand steps later.
import type { Precision } from '../calculator.js';
import { ENSEMBLES, ensembleOf, type Ensemble } from './ensembles/index.js';
import { DEFAULT_DISTANCE_FLOOR } from './failure-checks.js';

export { ENSEMBLES, type Ensemble } from './ensembles/index.js';

/** How initial velocities are chosen. */
export type VelocityInit = 'input' | 'maxwell' | 'zero';

export interface MdSettings {
  readonly ensemble: Ensemble;
  /** Time step, fs. */
  readonly dt: number;
  /** Target (thermostats) and initial (Maxwell–Boltzmann) temperature, K; null = none. */
  readonly temperature: number | null;
  /** Seed of every random number (integer 0 … 2^53 − 1). */
  readonly seed: number;
  /** Langevin friction γ, 1/fs (langevin, npt). */
  readonly friction: number;
  /** Thermostat time constant τ_T, fs (nhc, berendsen). */
  readonly tau: number;
  /** Nosé–Hoover chain length (nhc). */
  readonly chainLength: number;
  /** Target pressure, bar (npt). */
  readonly pressure: number;
  /** Isothermal compressibility β_T, 1/bar (npt). */
  readonly compressibility: number;
  /** Barostat time constant τ_P, fs (npt). */
  readonly tauP: number;
  readonly precision: Precision;
  readonly velocities: VelocityInit;
  /** Geometry checks (distance floor, escaped atoms) every this many steps; 0 = never. */
  readonly checkEvery: number;
  /** Absolute distance floor for every pair, Å; > 0 replaces the covalent-radii floor (0 = use it). */
  readonly minDistance: number;
  /** Atoms closer than this fraction of their covalent-radii sum stop the run (0 = off). */
  readonly distanceFloor: number;
  /** A force larger than this stops the run, eV/Å (0 = off). */
  readonly maxForce: number;
  /** nve, nhc: a change of the conserved energy in one step beyond this × N stops the run, eV per atom (0 = off). */
  readonly maxEnergyJump: number;
  /** With a target temperature: T above this × the target stops the run (0 = off). */
  readonly maxTemperatureFactor: number;
  /** Without pbc, an atom farther than this from all others is an error, Å (0 = 2 × cutoff). */
  readonly escapeDistance: number;
}

/** eV/Å. Thermal MD of the shared models stays below a few eV/Å; a model's hole gives 10²–10⁵. */
export const DEFAULT_MAX_FORCE = 50;
/** eV per atom per step. */
export const DEFAULT_MAX_ENERGY_JUMP = 0.05;

export const DEFAULT_SETTINGS: MdSettings = {
  ensemble: 'nve',
  dt: 0.5,
  temperature: null,
  seed: 42,
  friction: 0.01,
  tau: 100,
  chainLength: 3,
  pressure: 1.01325,
  compressibility: 4.57e-5,
  tauP: 1000,
  precision: 'f64',
  velocities: 'maxwell',
  checkEvery: 1,
  minDistance: 0,
  distanceFloor: DEFAULT_DISTANCE_FLOOR,
  maxForce: DEFAULT_MAX_FORCE,
  maxEnergyJump: DEFAULT_MAX_ENERGY_JUMP,
  maxTemperatureFactor: 10,
  escapeDistance: 0,
};

/** Fills defaults and checks every field; throws an Error naming the field and the rule. */
export function resolveSettings(partial: Partial<MdSettings>): MdSettings {
  const s: MdSettings = { ...DEFAULT_SETTINGS, ...dropUndefined(partial) };
  const fail = (field: string, rule: string, value: unknown): never => {
    throw new Error(`md: ${field} = ${String(value)}: ${rule}`);
  };
  const positive = (field: keyof MdSettings) => {
    const x = s[field];
    if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0) fail(field, 'must be a positive finite number', x);
  };
  if (!ENSEMBLES.includes(s.ensemble)) fail('ensemble', `must be one of ${ENSEMBLES.join(', ')}`, s.ensemble);
  positive('dt');
  if (s.temperature !== null) positive('temperature');
  if (ensembleOf(s.ensemble).needsTemperature && s.temperature === null) fail('temperature', `the ${s.ensemble} ensemble needs a target temperature`, s.temperature);
  if (!Number.isSafeInteger(s.seed) || s.seed < 0) fail('seed', 'must be an integer 0 … 2^53 − 1', s.seed);
  positive('friction');
  positive('tau');
  if (!Number.isInteger(s.chainLength) || s.chainLength < 1 || s.chainLength > 10) fail('chainLength', 'must be an integer 1 … 10', s.chainLength);
  if (!Number.isFinite(s.pressure)) fail('pressure', 'must be a finite number (bar)', s.pressure);
  positive('compressibility');
  positive('tauP');
  if (s.precision !== 'f64' && s.precision !== 'f32') fail('precision', "must be 'f64' or 'f32'", s.precision);
  if (!['input', 'maxwell', 'zero'].includes(s.velocities)) fail('velocities', "must be 'input', 'maxwell' or 'zero'", s.velocities);
  if (s.velocities === 'maxwell' && s.temperature === null) fail('temperature', 'Maxwell–Boltzmann velocities need a temperature', s.temperature);
  if (!Number.isInteger(s.checkEvery) || s.checkEvery < 0) fail('checkEvery', 'must be an integer ≥ 0', s.checkEvery);
  if (!(s.minDistance >= 0)) fail('minDistance', 'must be ≥ 0', s.minDistance);
  for (const f of ['distanceFloor', 'maxForce', 'maxEnergyJump', 'maxTemperatureFactor'] as const) {
    if (!(s[f] >= 0) || !Number.isFinite(s[f])) fail(f, 'must be a finite number ≥ 0 (0 = off)', s[f]);
  }
  if (!(s.escapeDistance >= 0)) fail('escapeDistance', 'must be ≥ 0', s.escapeDistance);
  return s;
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
