// Molecular dynamics with any Calculator: an integrator (nve, langevin, nhc, berendsen, npt)
// stepping a state held in Wasm memory. Runs are deterministic to the bit: every number is
// produced by the Wasm core in a fixed order and random numbers are counter-based (seed,
// step, atom, component). A run can stop after any step, be serialised (toJSON / serialize)
// and resumed (MD.resume) with a bit-identical continuation.
import type { Atoms, Vec3Flags } from '../atoms.js';
import type { Calculator } from '../calculator.js';
import { defaultMasses } from '../elements.js';
import { checkAtoms, pbcMask } from './atoms-check.js';
import { INTEGRATORS, type StepContext } from './integrators.js';
import { MdError } from './md-error.js';
import { degreesOfFreedom, initVelocities } from './md-init.js';
import { MdMemory } from './md-memory.js';
import { decodeState, encodeState, MAX_STATE_STEP, stateFromBinary, stateToBinary, type MdSnapshot, type MdStateJson } from './md-state.js';
import { checkElements } from './check-elements.js';
import { resumeSettings } from './resume-settings.js';
import { resolveSettings, type MdSettings } from './settings.js';
import { GPA_PER_EV_A3, KB_EV_PER_K } from './units.js';

export interface MdOptions {
  readonly atoms: Atoms;
  readonly calculator: Calculator;
  readonly settings?: Partial<MdSettings>;
  /** sha256 of the model, recorded in states (default: calculator.modelSha256). */
  readonly modelSha256?: string;
}

export interface ResumeOptions {
  /**
   * Settings to change from the state's (e.g. equilibrate with langevin, continue with nve);
   * the step count continues. `velocities` cannot change (the state has velocities).
   */
  readonly settings?: Partial<MdSettings>;
  /** sha256 of the calculator's model (default: calculator.modelSha256); a state made with another model is refused. */
  readonly modelSha256?: string;
  /** Told when the state cannot be checked against the model (states written before they recorded it). */
  readonly onWarning?: (message: string) => void;
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

/** The step is one 32-bit word of the random counter: no run goes beyond this step. */
export const MAX_STEP = MAX_STATE_STEP;

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
  private stopRequested = false;
  /** sha256 of the model, written into states; null when unknown. */
  modelSha256: string | null = null;
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
    this.mask = (pbc[0] ? 1 : 0) | (pbc[1] ? 2 : 0) | (pbc[2] ? 4 : 0);
    this.escapeDistance = settings.escapeDistance > 0 ? settings.escapeDistance : 2 * calculator.cutoff;
  }

  /** A new run from a structure: validates everything, sets velocities, computes forces at step 0. */
  static async create({ atoms, calculator, settings = {}, modelSha256 }: MdOptions): Promise<MD> {
    const n = checkAtoms(atoms, 'md');
    const velocities = settings.velocities ?? (atoms.velocities ? 'input' : settings.temperature != null ? 'maxwell' : 'zero');
    const s = resolveSettings({ ...settings, velocities });
    if (s.ensemble === 'npt' && pbcMask(atoms) !== 7) throw new Error('md: the npt ensemble needs a cell periodic in all three directions');
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
    md.modelSha256 = modelSha256 ?? calculator.modelSha256 ?? null;
    md.initChain();
    md.computeForces(0);
    md.checkGeometry(0);
    return md;
  }

  /** Continues a run from toJSON() or serialize() output, bit for bit (unless options.settings changes them). */
  static async resume(state: MdStateJson | Uint8Array, calculator: Calculator, options: ResumeOptions = {}): Promise<MD> {
    const snap = state instanceof Uint8Array ? stateFromBinary(state) : decodeState(state);
    const modelSha256 = options.modelSha256 ?? calculator.modelSha256 ?? null;
    if (snap.modelSha256 === undefined) {
      options.onWarning?.('this state does not record its model (written by an older campjs): cannot check that it was made with this model');
    } else if (modelSha256 !== null && snap.modelSha256 !== modelSha256) {
      throw new Error(`md state: this state was made with model sha256 ${snap.modelSha256.slice(0, 12)}…, not ${modelSha256.slice(0, 12)}… (the model given); resume it with the model that made it`);
    }
    checkElements(calculator, snap.numbers, 'md state');
    const { settings: s, ndof, keepChain } = resumeSettings(snap, options.settings);
    const n = snap.numbers.length;
    const mem = await MdMemory.create(n, s.chainLength);
    mem.positions.set(snap.positions);
    mem.velocities.set(snap.velocities);
    mem.forces.set(snap.forces);
    mem.masses.set(snap.masses);
    mem.cell.set(snap.cell);
    mem.ex.mdAccelFactors(n, mem.ptr.m, mem.ptr.acc);
    const md = new MD(mem, calculator, s, Int32Array.from(snap.numbers), snap.pbc, snap.hasCell, ndof, snap.step);
    if (keepChain) mem.chain.set(snap.chain);
    else md.initChain();
    md.modelSha256 = modelSha256 ?? snap.modelSha256 ?? null;
    md.epot = snap.energy;
    md.atomEnergies = snap.energies.slice();
    md.stressVoigt = snap.stress ? snap.stress.slice() : null;
    return md;
  }

  /**
   * Makes run() return after the step it is making (call it from an observer, or between
   * run() calls, e.g. from a signal handler or a worker message, in which case the next run()
   * returns at once with 0). Later run() calls go on normally: nothing is lost.
   */
  stop(): void {
    this.stopRequested = true;
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
    const integrate = INTEGRATORS[this.settings.ensemble];
    for (let k = 0; k < nSteps; k++) {
      if (this.stopRequested) {
        this.stopRequested = false;
        return k;
      }
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
    this.stopRequested = false;
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
    const chain = this.settings.ensemble === 'nhc'
      ? this.mem.ex.mdNhcEnergy(this.settings.chainLength, this.mem.ptr.chain, this.gkT, this.kT) : 0;
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
      ...(this.modelSha256 !== null && { modelSha256: this.modelSha256 }),
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

  private initChain(): void {
    const m = this.settings.chainLength;
    const chain = this.mem.chain;
    chain.fill(0);
    if (this.settings.ensemble !== 'nhc') return;
    const tau2 = this.settings.tau * this.settings.tau;
    for (let j = 0; j < m; j++) chain[2 * m + j] = (j === 0 ? this.gkT : this.kT) * tau2;
  }

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
