// Molecular dynamics with any Calculator: an ensemble's integrator (ensembles/: nve, langevin, …)
// stepping a state held in Wasm memory. Runs are deterministic to the bit: every number is
// produced by the Wasm core in a fixed order and random numbers are counter-based (seed,
// step, atom, component). A run can stop after any step, be serialised (toJSON / serialize)
// and resumed (MD.resume) with a bit-identical continuation.
import type { Atoms, Vec3Flags } from '../atoms.js';
import type { Calculator } from '../calculator.js';
import { defaultMasses } from '../elements.js';
import { checkAtoms } from '../atoms-check.js';
import { pbcMask } from '../geometry.js';
import { checkEnsembleStructure, ensembleOf, initEnsemble, type StepContext } from './ensembles/index.js';
import { normalizeAtoms, type AtomsInput } from '../atoms-input.js';
import { MdError } from './md-error.js';
import { degreesOfFreedom, initVelocities } from './md-init.js';
import { MdMemory } from './md-memory.js';
import { decodeState, encodeState, stateFromBinary, stateToBinary, type MdSnapshot, type MdStateJson } from './md-state.js';
import { resolveSettings, type MdSettings } from './settings.js';
import { GPA_PER_EV_A3, KB_EV_PER_K } from './units.js';

export interface MdOptions {
  /** Atoms, or symbols / nested-array positions (see normalizeAtoms). */
  readonly atoms: Atoms | AtomsInput;
  readonly calculator: Calculator;
  readonly settings?: Partial<MdSettings>;
}

/** Thermodynamic quantities of the current state. */
export interface Thermo {
  readonly step: number;
  /** fs */
  readonly time: number;
  /** eV */
  readonly epot: number;
  readonly ekin: number;
  readonly etot: number;
  /** Etot plus the thermostat chain's energy (nhc); a constant of motion for nve and nhc. eV */
  readonly conserved: number;
  /** K */
  readonly temperature: number;
  /** GPa, with the kinetic part; null without full pbc or stress. */
  readonly pressure: number | null;
  /** Å³; null without a cell. */
  readonly volume: number | null;
}

/** Called after every step; returning false stops the run after that step. */
export type MdObserver = (md: MD) => void | boolean;

const MAX_STEP = 2 ** 32 - 1; // the step is one 32-bit word of the random counter

export class MD implements StepContext {
  readonly n: number;
  readonly kT: number;
  readonly gkT: number;
  readonly seedLo: number;
  readonly seedHi: number;
  private stepIndex: number;
  private epot = NaN;
  private atomEnergies: Float64Array;
  private stressVoigt: Float64Array | null = null;
  private failure: Error | null = null;
  private readonly mask: number;
  private readonly escapeDistance: number;

  private constructor(
    readonly mem: MdMemory,
    readonly calculator: Calculator,
    readonly settings: MdSettings,
    readonly numbers: Int32Array,
    readonly pbc: Vec3Flags,
    private readonly hasCell: boolean,
    readonly ndof: number,
    step: number,
  ) {
    this.n = numbers.length;
    this.kT = KB_EV_PER_K * (settings.temperature ?? 0);
    this.gkT = ndof * this.kT;
    this.seedLo = settings.seed % 2 ** 32;
    this.seedHi = Math.floor(settings.seed / 2 ** 32);
    this.stepIndex = step;
    this.atomEnergies = new Float64Array(this.n);
    this.mask = pbcMask({ pbc });
    this.escapeDistance = settings.escapeDistance > 0 ? settings.escapeDistance : 2 * calculator.cutoff;
  }

  /** A new run from a structure: validates everything, sets velocities, computes forces at step 0. */
  static async create({ atoms: input, calculator, settings = {} }: MdOptions): Promise<MD> {
    const atoms = normalizeAtoms(input);
    const n = checkAtoms(atoms, 'md');
    const velocities = settings.velocities ?? (atoms.velocities ? 'input' : settings.temperature != null ? 'maxwell' : 'zero');
    const s = resolveSettings({ ...settings, velocities });
    checkEnsembleStructure(s.ensemble, atoms);
    const masses = atoms.masses ?? defaultMasses(atoms.numbers);
    if (masses.length !== n) throw new Error(`md: masses has ${masses.length} values, expected ${n}`);
    const badMass = Array.from(masses).findIndex((m) => !(m > 0) || !Number.isFinite(m));
    if (badMass >= 0) throw new Error(`md: mass of atom ${badMass} is ${masses[badMass]} (must be positive)`);

    const mem = await MdMemory.create(n, s.chainLength);
    mem.positions.set(atoms.positions);
    if (atoms.cell) mem.cell.set(atoms.cell);
    mem.masses.set(masses);
    mem.ex.mdAccelFactors(n, mem.ptr.m, mem.ptr.acc);
    const seedLo = s.seed % 2 ** 32;
    const seedHi = Math.floor(s.seed / 2 ** 32);
    const rotation = initVelocities(mem, atoms, s, seedLo, seedHi);
    const ndof = degreesOfFreedom(n, s, rotation);
    const pbc: Vec3Flags = [...(atoms.pbc ?? [false, false, false])] as unknown as Vec3Flags;
    const md = new MD(mem, calculator, s, Int32Array.from(atoms.numbers), pbc, Boolean(atoms.cell), ndof, 0);
    initEnsemble(s.ensemble, md);
    md.computeForces(0);
    md.checkGeometry(0);
    return md;
  }

  /** Continues a run from toJSON() or serialize() output, bit for bit. */
  static async resume(state: MdStateJson | Uint8Array, calculator: Calculator): Promise<MD> {
    const snap = state instanceof Uint8Array ? stateFromBinary(state) : decodeState(state);
    const s = resolveSettings(snap.settings);
    const n = snap.numbers.length;
    const mem = await MdMemory.create(n, s.chainLength);
    mem.positions.set(snap.positions);
    mem.velocities.set(snap.velocities);
    mem.forces.set(snap.forces);
    mem.masses.set(snap.masses);
    mem.cell.set(snap.cell);
    mem.chain.set(snap.chain);
    mem.ex.mdAccelFactors(n, mem.ptr.m, mem.ptr.acc);
    const md = new MD(mem, calculator, s, Int32Array.from(snap.numbers), snap.pbc, snap.hasCell, snap.ndof, snap.step);
    md.epot = snap.energy;
    md.atomEnergies = snap.energies.slice();
    md.stressVoigt = snap.stress ? snap.stress.slice() : null;
    return md;
  }

  /** Steps made so far. */
  get step(): number {
    return this.stepIndex;
  }

  /** Simulated time, fs. */
  get time(): number {
    return this.stepIndex * this.settings.dt;
  }

  /**
   * Makes up to `nSteps` steps; the observer sees the state after each one and may stop the
   * run by returning false. Returns the number of steps made. A failure (MdError: non-finite
   * numbers, overlapping or escaped atoms) leaves the object unusable.
   */
  run(nSteps: number, observer?: MdObserver): number {
    if (!Number.isInteger(nSteps) || nSteps < 0) throw new Error(`md: number of steps ${nSteps} must be an integer ≥ 0`);
    if (this.failure) throw new Error(`md: this run failed earlier and cannot continue (${this.failure.message})`);
    const integrate = ensembleOf(this.settings.ensemble).step;
    for (let k = 0; k < nSteps; k++) {
      const step = this.stepIndex + 1;
      if (step > MAX_STEP) throw new Error(`md: step ${step} is beyond the supported ${MAX_STEP}`);
      try {
        integrate(this, step);
        this.checkState(step);
        if (this.settings.checkEvery > 0 && step % this.settings.checkEvery === 0) this.checkGeometry(step);
      } catch (err) {
        this.failure = err instanceof Error ? err : new Error(String(err));
        throw err;
      }
      this.stepIndex = step;
      if (observer && observer(this) === false) return k + 1;
    }
    return nSteps;
  }

  // --- StepContext -------------------------------------------------------------------------

  computeForces(step: number): void {
    const atoms: Atoms = { numbers: this.numbers, positions: this.mem.positions.slice(), cell: this.hasCell ? this.mem.cell.slice() : null, pbc: this.pbc };
    const res = this.calculator.compute(atoms, { forces: true, stress: this.mask === 7, precision: this.settings.precision });
    const f = res.forces;
    if (!f || f.length !== 3 * this.n) throw new Error(`md: the calculator returned ${f ? f.length : 'no'} forces, expected ${3 * this.n}`);
    this.mem.forces.set(f);
    const bad = this.mem.ex.mdFirstNonFinite(3 * this.n, this.mem.ptr.f);
    if (bad >= 0) {
      const atom = Math.floor(bad / 3);
      throw new MdError(`md: non-finite force on atom ${atom} (${f[bad]}) at step ${step}`, 'non-finite', step, atom);
    }
    if (!Number.isFinite(res.energy)) {
      const atom = res.energies.findIndex((e) => !Number.isFinite(e));
      const where = atom >= 0 ? ` (atom ${atom})` : '';
      throw new MdError(`md: non-finite potential energy ${res.energy}${where} at step ${step}`, 'non-finite', step, atom >= 0 ? atom : null);
    }
    this.epot = res.energy;
    this.atomEnergies = res.energies.slice();
    this.stressVoigt = res.stress ? res.stress.slice() : null;
  }

  kinetic(): number {
    return this.mem.ex.mdKineticEnergy(this.n, this.mem.ptr.v, this.mem.ptr.m);
  }

  temperature(): number {
    return (2 * this.kinetic()) / (this.ndof * KB_EV_PER_K);
  }

  pressure(): number {
    const s = this.stressVoigt;
    if (!s) throw new Error('md: the pressure needs the stress, which the calculator did not return');
    return (2 * this.kinetic()) / (3 * this.volume()) - (s[0] + s[1] + s[2]) / 3;
  }

  volume(): number {
    return Math.abs(this.mem.ex.mdDet3(this.mem.ptr.cell));
  }

  // --- state -------------------------------------------------------------------------------

  /** The current structure (copies): positions, cell, velocities and masses. */
  get atoms(): Atoms {
    return {
      numbers: this.numbers,
      positions: this.mem.positions.slice(),
      cell: this.hasCell ? this.mem.cell.slice() : null,
      pbc: this.pbc,
      velocities: this.mem.velocities.slice(),
      masses: this.mem.masses.slice(),
    };
  }

  /** Forces at the current positions, eV/Å (copy). */
  get forces(): Float64Array {
    return this.mem.forces.slice();
  }

  /** Potential energy, eV. */
  get energy(): number {
    return this.epot;
  }

  /** Per-atom potential energies, eV (copy). */
  get energies(): Float64Array {
    return this.atomEnergies.slice();
  }

  /** Stress of the last force call (Voigt, eV/Å³, ASE sign), or null. */
  get stress(): Float64Array | null {
    return this.stressVoigt ? this.stressVoigt.slice() : null;
  }

  /** The raw bytes of positions and velocities (views into Wasm memory; for hashing). */
  stateBytes(): { positions: Uint8Array; velocities: Uint8Array } {
    const len = 24 * this.n;
    return { positions: this.mem.bytes(this.mem.ptr.r, len), velocities: this.mem.bytes(this.mem.ptr.v, len) };
  }

  thermo(): Thermo {
    const ekin = this.kinetic();
    const etot = this.epot + ekin;
    const periodicVolume = this.mask === 7 ? this.volume() : null;
    const chain = ensembleOf(this.settings.ensemble).extraEnergy?.(this) ?? 0;
    return {
      step: this.stepIndex,
      time: this.time,
      epot: this.epot,
      ekin,
      etot,
      conserved: etot + chain,
      temperature: (2 * ekin) / (this.ndof * KB_EV_PER_K),
      pressure: periodicVolume !== null && this.stressVoigt ? this.pressure() * GPA_PER_EV_A3 : null,
      volume: this.hasCell ? this.volume() : null,
    };
  }

  snapshot(): MdSnapshot {
    return {
      settings: this.settings,
      numbers: Array.from(this.numbers),
      pbc: this.pbc,
      hasCell: this.hasCell,
      step: this.stepIndex,
      ndof: this.ndof,
      positions: this.mem.positions.slice(),
      velocities: this.mem.velocities.slice(),
      forces: this.mem.forces.slice(),
      masses: this.mem.masses.slice(),
      cell: this.mem.cell.slice(),
      chain: this.mem.chain.slice(),
      energy: this.epot,
      energies: this.atomEnergies.slice(),
      stress: this.stressVoigt ? this.stressVoigt.slice() : null,
    };
  }

  /** A JSON-safe state (floats as base64 of their bytes, so every bit survives). */
  toJSON(): MdStateJson {
    return encodeState(this.snapshot());
  }

  /** The state as compact binary (see md-state.ts for the layout). */
  serialize(): Uint8Array {
    return stateToBinary(this.snapshot());
  }

  // --- internals ---------------------------------------------------------------------------

  private checkState(step: number): void {
    const { ex, ptr } = this.mem;
    for (const [name, p] of [['position', ptr.r], ['velocity', ptr.v]] as const) {
      const bad = ex.mdFirstNonFinite(3 * this.n, p);
      if (bad >= 0) {
        const atom = Math.floor(bad / 3);
        throw new MdError(`md: non-finite ${name} of atom ${atom} at step ${step}`, 'non-finite', step, atom);
      }
    }
  }

  private checkGeometry(step: number): void {
    if (this.n < 2) return;
    const { ex, ptr } = this.mem;
    ex.mdNearestScan(this.n, ptr.r, ptr.cell, this.mask, ptr.scratch);
    const [dmin, i, j, dfar, far] = this.mem.f64(ptr.scratch, 5);
    if (dmin < this.settings.minDistance) {
      throw new MdError(`md: atoms ${i} and ${j} are ${dmin.toFixed(3)} Å apart at step ${step} (below ${this.settings.minDistance} Å): overlapping atoms`,
        'overlap', step, i);
    }
    if (this.mask === 0 && dfar > this.escapeDistance) {
      throw new MdError(`md: atom ${far} is ${dfar.toFixed(3)} Å from every other atom at step ${step} (over ${this.escapeDistance} Å): the molecule is flying apart`,
        'escape', step, far);
    }
  }
}
