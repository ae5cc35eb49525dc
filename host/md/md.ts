// Molecular dynamics with any Calculator: an ensemble's integrator (ensembles/: nve, langevin, …)
// stepping a state held in Wasm memory — the model's own device memory when its calculator
// offers one (createRunForces: the force call reads the positions and writes the forces in
// place), else an instance of the run's own with positions copied out and forces in. `run` steps
// synchronously; `runAsync` awaits the one force call of each step, for calculators that
// answer asynchronously (the integrators are split around it: ensembles/steps.ts). Runs are
// deterministic to the bit: every number is
// produced by the Wasm core in a fixed order and random numbers are counter-based (seed,
// step, atom, component). A run can stop after any step, be serialised (toJSON / serialize)
// and resumed (MD.resume) with a bit-identical continuation.
import type { Atoms, Vec3Flags } from '../atoms.js';
import { computeAsync, type Calculator, type ComputeOptions, type ComputeResult, type RunForceCall } from '../calculator.js';
import type { MaybePromise } from '../backends/backend.js';
import { defaultMasses, symbolOf } from '../elements.js';
import { checkAtoms } from '../atoms-check.js';
import { pbcMask } from '../geometry.js';
import { checkEnsembleStructure, ensembleOf, initEnsemble, type StepContext } from './ensembles/index.js';
import { normalizeAtoms, type AtomsInput } from '../atoms-input.js';
import { atomLabel, belowFloor, covalentRadii, describePair, floorScan, type FloorScanResult, type GeometryLimits } from './failure-checks.js';
import { MdError, type FailedAtom } from './md-error.js';
import { degreesOfFreedom, initVelocities } from './md-init.js';
import { MdMemory } from '../backends/wasm/md-memory.js';
import { decodeState, encodeState, MAX_STATE_STEP, stateFromBinary, stateToBinary, type MdSnapshot, type MdStateJson } from './md-state.js';
import { checkElements } from './check-elements.js';
import { resumeSettings } from './resume-settings.js';
import { resolveSettings, type MdSettings } from './settings.js';
import { GPA_PER_EV_A3, KB_EV_PER_K } from './units.js';

export interface MdOptions {
  /** Atoms, or symbols / nested-array positions (see normalizeAtoms). */
  readonly atoms: Atoms | AtomsInput;
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
  /**
   * Told when the state cannot be checked against the model (states written before they
   * recorded it), and when it goes on with another evaluation (backend or radial mode).
   */
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

/** What a force call gives MD (the forces are in its memory by then). */
type ForceResult = Omit<ComputeResult, 'forces'>;

/** A synchronous step met a calculator that answers asynchronously: nothing happened, use runAsync. */
class NeedsAwait extends Error {}

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
  /** A run (or runAsync) is making steps: another may not start until it returns. */
  private running = false;
  /** sha256 of the model, written into states; null when unknown. */
  modelSha256: string | null = null;
  private readonly mask: number;
  private readonly escapeDistance: number;
  private readonly limits: GeometryLimits;
  /** The state before the step being made, restored when a check fails (see run). */
  private readonly good: { r: Float64Array; v: Float64Array; f: Float64Array; cell: Float64Array; chain: Float64Array };
  private goodEnergy: { epot: number; energies: Float64Array; stress: Float64Array | null } = { epot: NaN, energies: new Float64Array(0), stress: null };
  /** The conserved energy after the last good step (nve, nhc), eV. */
  private lastConserved = NaN;
  /** The last floor scan of this step (for messages), or null. */
  private lastScan: FloorScanResult | null = null;

  private constructor(
    readonly mem: MdMemory,
    /** The in-place force call on `mem` (its calculator's device), or null: MD copies. */
    private readonly runForces: RunForceCall | null,
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
    this.limits = { distanceFloor: settings.distanceFloor, minDistance: settings.minDistance };
    mem.f64(mem.ptr.rad, this.n).set(covalentRadii(numbers));
    this.good = { r: new Float64Array(3 * this.n), v: new Float64Array(3 * this.n), f: new Float64Array(3 * this.n),
      cell: new Float64Array(9), chain: new Float64Array(3 * settings.chainLength) };
  }

  /** A new run from a structure: validates everything, sets velocities, computes forces at step 0. */
  static async create({ atoms: input, calculator, settings = {}, modelSha256 }: MdOptions): Promise<MD> {
    const atoms = normalizeAtoms(input);
    const n = checkAtoms(atoms, 'md');
    const velocities = settings.velocities ?? (atoms.velocities ? 'input' : settings.temperature != null ? 'maxwell' : 'zero');
    const s = resolveSettings({ ...settings, velocities });
    checkEnsembleStructure(s.ensemble, atoms);
    const masses = atoms.masses ?? defaultMasses(atoms.numbers);
    if (masses.length !== n) throw new Error(`md: masses has ${masses.length} values, expected ${n}`);
    const badMass = Array.from(masses).findIndex((m) => !(m > 0) || !Number.isFinite(m));
    if (badMass >= 0) throw new Error(`md: mass of atom ${badMass} is ${masses[badMass]} (must be positive)`);

    const { mem, runForces } = await MD.memoryFor(calculator, n, s.chainLength);
    mem.positions.set(atoms.positions);
    if (atoms.cell) mem.cell.set(atoms.cell);
    mem.masses.set(masses);
    mem.ex.mdAccelFactors(n, mem.ptr.m, mem.ptr.acc);
    const seedLo = s.seed % 2 ** 32;
    const seedHi = Math.floor(s.seed / 2 ** 32);
    const rotation = initVelocities(mem, atoms, s, seedLo, seedHi);
    const ndof = degreesOfFreedom(n, s, rotation);
    const pbc: Vec3Flags = [...(atoms.pbc ?? [false, false, false])] as unknown as Vec3Flags;
    const md = new MD(mem, runForces, calculator, s, Int32Array.from(atoms.numbers), pbc, Boolean(atoms.cell), ndof, 0);
    md.modelSha256 = modelSha256 ?? calculator.modelSha256 ?? null;
    initEnsemble(s.ensemble, md);
    await md.computeForcesAsync(0);
    md.lastConserved = md.conservedEnergy();
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
    if (snap.evaluation !== undefined && calculator.evaluation !== undefined && snap.evaluation !== calculator.evaluation) {
      // Allowed (a run on a lost GPU goes on in Wasm), but not the continuation the original run would have made.
      options.onWarning?.(`this state was made with ${snap.evaluation} and goes on with ${calculator.evaluation}: ` +
        'the steps from here are not the bits the original run would have made');
    }
    checkElements(calculator, snap.numbers, 'md state');
    const { settings: s, ndof, keepChain } = resumeSettings(snap, options.settings);
    const n = snap.numbers.length;
    const { mem, runForces } = await MD.memoryFor(calculator, n, s.chainLength);
    mem.positions.set(snap.positions);
    mem.velocities.set(snap.velocities);
    mem.forces.set(snap.forces);
    mem.masses.set(snap.masses);
    mem.cell.set(snap.cell);
    mem.ex.mdAccelFactors(n, mem.ptr.m, mem.ptr.acc);
    const md = new MD(mem, runForces, calculator, s, Int32Array.from(snap.numbers), snap.pbc, snap.hasCell, ndof, snap.step);
    if (keepChain) mem.chain.set(snap.chain);
    else initEnsemble(s.ensemble, md);
    md.modelSha256 = modelSha256 ?? snap.modelSha256 ?? null;
    md.epot = snap.energy;
    md.atomEnergies = snap.energies.slice();
    md.stressVoigt = snap.stress ? snap.stress.slice() : null;
    md.lastConserved = md.conservedEnergy();
    return md;
  }

  /** The run's memory: in the calculator's device when it offers one, else an instance of its own. */
  private static async memoryFor(calculator: Calculator, n: number, chainLength: number): Promise<{ mem: MdMemory; runForces: RunForceCall | null }> {
    const runForces = calculator.createRunForces?.(n, chainLength) ?? null;
    if (!runForces) return { mem: await MdMemory.create(n, chainLength), runForces };
    if (!(runForces.state instanceof MdMemory)) throw new Error('md: the calculator keeps its run state outside Wasm memory, where the integrators run (not supported yet)');
    return { mem: runForces.state, runForces };
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
   * numbers, a pair below its distance floor, an escaped atom, a force above the ceiling, an
   * energy jump or runaway temperature) puts back the state before the failing step — the last
   * good frame, readable through atoms/forces/serialize() — and no further steps can be made.
   */
  run(nSteps: number, observer?: MdObserver): number {
    if (this.calculator.asynchronous) throw new Error('md: the calculator answers asynchronously: use runAsync');
    const steps = this.steps(nSteps, observer);
    let at = steps.next();
    while (!at.done) {
      try { this.computeForces(at.value); } catch (err) { at = steps.throw(err); continue; }
      at = steps.next();
    }
    return at.value;
  }

  /**
   * run() for calculators that answer asynchronously (any calculator works): the same steps
   * and bits, with the one force call of each step awaited.
   */
  async runAsync(nSteps: number, observer?: MdObserver): Promise<number> {
    const steps = this.steps(nSteps, observer);
    let at = steps.next();
    while (!at.done) {
      try { await this.computeForcesAsync(at.value); } catch (err) { at = steps.throw(err); continue; }
      at = steps.next();
    }
    return at.value;
  }

  /**
   * The loop of run and runAsync: yields each step's index where its force call goes (the
   * caller makes it, synchronously or awaited, and throws its error back in); returns the
   * number of steps made.
   */
  private *steps(nSteps: number, observer?: MdObserver): Generator<number, number, void> {
    const phases = this.startRun(nSteps);
    this.running = true;
    try {
      for (let k = 0; k < nSteps; k++) {
        const step = this.beginStep();
        if (step === null) return k;
        try {
          phases.beforeForces(this, step);
          yield step;
          phases.afterForces(this, step);
          this.checkStep(step);
        } catch (err) {
          this.fail(err);
        }
        if (this.endStep(step, observer)) return k + 1;
      }
    } finally {
      this.running = false;
    }
    this.stopRequested = false;
    return nSteps;
  }

  private startRun(nSteps: number) {
    if (!Number.isInteger(nSteps) || nSteps < 0) throw new Error(`md: number of steps ${nSteps} must be an integer ≥ 0`);
    if (this.failure) throw new Error(`md: this run failed earlier and cannot continue (${this.failure.message})`);
    if (this.running) throw new Error('md: a run is in progress (await runAsync before starting another)');
    return ensembleOf(this.settings.ensemble).step;
  }

  /** The index of the step to make now, or null when a stop was asked for. */
  private beginStep(): number | null {
    if (this.stopRequested) {
      this.stopRequested = false;
      return null;
    }
    const step = this.stepIndex + 1;
    if (step > MAX_STEP) throw new Error(`md: step ${step} is beyond the supported ${MAX_STEP}`);
    this.saveGood();
    return step;
  }

  private checkStep(step: number): void {
    this.checkState(step);
    this.checkEnergy(step);
  }

  /** Puts back the state before the failing step (see run) and rethrows. */
  private fail(err: unknown): never {
    this.restoreGood();
    if (!(err instanceof NeedsAwait)) this.failure = err instanceof Error ? err : new Error(String(err));
    throw err;
  }

  /** Counts the step; true when the observer stops the run. */
  private endStep(step: number, observer?: MdObserver): boolean {
    this.stepIndex = step;
    return observer !== undefined && observer(this) === false;
  }

  /**
   * Makes a state computed elsewhere this run's (the WebGPU MD engine: host/md/gpu-engine-run.ts):
   * positions Å, velocities Å/fs, forces eV/Å, energies eV, stress eV/Å³ (Voigt; absent: none)
   * at `step`. The state and force checks run on it as after a step of this run's own; when
   * one fails, the state before is kept.
   */
  adopt(state: { step: number; positions: ArrayLike<number>; velocities: ArrayLike<number>; forces: ArrayLike<number>; energies: Float64Array; energy: number; stress?: Float64Array | null }): void {
    this.saveGood();
    const before = this.stepIndex;
    try {
      this.mem.positions.set(state.positions);
      this.mem.velocities.set(state.velocities);
      this.mem.forces.set(state.forces);
      this.checkState(state.step);
      this.takeForces(state.step, { energy: state.energy, energies: state.energies, stress: state.stress ?? null, edges: 0 });
    } catch (err) {
      this.stepIndex = before;
      this.fail(err);
    }
    this.stepIndex = state.step;
    this.lastConserved = this.conservedEnergy();
  }

  // --- force call ------------------------------------------------------------------------------

  /** Forces, energy and stress at the current positions (errors on non-finite results). */
  private computeForces(step: number): void {
    const res = this.forceCall(false);
    if (res instanceof Promise) {
      res.catch(() => {}); // reported below instead
      throw new NeedsAwait('md: the calculator answers asynchronously: use runAsync');
    }
    this.takeForces(step, res);
  }

  private async computeForcesAsync(step: number): Promise<void> {
    this.takeForces(step, await this.forceCall(true));
  }

  /** In place on the calculator's device, or through a copy of the positions and forces. */
  private forceCall(wantAsync: boolean): MaybePromise<ForceResult> {
    const options: ComputeOptions = { forces: true, stress: this.mask === 7, precision: this.settings.precision };
    const cell = this.hasCell ? this.mem.cell.slice() : null;
    if (this.runForces) return this.runForces.compute({ numbers: this.numbers, positions: this.mem.positions, cell, pbc: this.pbc }, options);
    const atoms: Atoms = { numbers: this.numbers, positions: this.mem.positions.slice(), cell, pbc: this.pbc };
    const res = wantAsync ? computeAsync(this.calculator, atoms, options) : this.calculator.compute(atoms, options);
    return res instanceof Promise ? res.then((r) => this.copyForces(r)) : this.copyForces(res);
  }

  private copyForces(res: ComputeResult): ForceResult {
    const f = res.forces;
    if (!f || f.length !== 3 * this.n) throw new Error(`md: the calculator returned ${f ? f.length : 'no'} forces, expected ${3 * this.n}`);
    this.mem.forces.set(f);
    return res;
  }

  private takeForces(step: number, res: ForceResult): void {
    const bad = this.mem.ex.mdFirstNonFinite(3 * this.n, this.mem.ptr.f);
    if (bad >= 0) {
      const atom = Math.floor(bad / 3);
      throw new MdError(`md: non-finite force on atom ${atom} (${this.mem.forces[bad]}) at step ${step}`, 'non-finite', step, atom);
    }
    if (!Number.isFinite(res.energy)) {
      const atom = res.energies.findIndex((e) => !Number.isFinite(e));
      const where = atom >= 0 ? ` (atom ${atom})` : '';
      throw new MdError(`md: non-finite potential energy ${res.energy}${where} at step ${step}`, 'non-finite', step, atom >= 0 ? atom : null);
    }
    this.epot = res.energy;
    this.atomEnergies = res.energies.slice();
    this.stressVoigt = res.stress ? res.stress.slice() : null;
    this.lastScan = null;
    if (this.settings.checkEvery > 0 && step % this.settings.checkEvery === 0) this.checkGeometry(step);
    this.checkForces(step);
  }

  // --- StepContext -------------------------------------------------------------------------

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
    const chain = this.chainEnergy();
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
      ...(this.calculator.evaluation !== undefined && { evaluation: this.calculator.evaluation }),
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

  /** Copies of the state before a step: 3 × 3N + 9 + 3M f64 (µs; the step itself is ms). */
  private saveGood(): void {
    const { good, mem } = this;
    good.r.set(mem.positions); good.v.set(mem.velocities); good.f.set(mem.forces); good.cell.set(mem.cell); good.chain.set(mem.chain);
    this.goodEnergy = { epot: this.epot, energies: this.atomEnergies, stress: this.stressVoigt };
  }

  private restoreGood(): void {
    const { good, mem } = this;
    mem.positions.set(good.r); mem.velocities.set(good.v); mem.forces.set(good.f); mem.cell.set(good.cell); mem.chain.set(good.chain);
    ({ epot: this.epot, energies: this.atomEnergies, stress: this.stressVoigt } = this.goodEnergy);
  }

  /** Etot (+ the chain's energy for nhc): constant in nve and nhc, eV. */
  private conservedEnergy(): number {
    return this.epot + this.kinetic() + this.chainEnergy();
  }

  /** The extended system's energy (the Nosé–Hoover chain's; 0 for most ensembles), eV. */
  private chainEnergy(): number {
    return ensembleOf(this.settings.ensemble).extraEnergy?.(this) ?? 0;
  }

  /** |F| of atom i at the current forces, eV/Å. */
  private forceOn(i: number): number {
    const f = this.mem.f64(this.mem.ptr.f + 24 * i, 3);
    return Math.hypot(f[0], f[1], f[2]);
  }

  private failedAtom(i: number): FailedAtom {
    return { index: i, symbol: symbolOf(this.numbers[i]), force: this.forceOn(i) };
  }

  /** "…; the last good frame is step k": what a user needs to find where the model left its region. */
  private lastGood(step: number): string {
    return step > 0 ? ` — a region it was not trained on; the last good frame is step ${step - 1}` : '';
  }

  /** The largest force and the closest pair, to add to energy and temperature failures. */
  private context(): string {
    const { ex, ptr } = this.mem;
    ex.mdMaxRowNorm(this.n, ptr.f, ptr.scratch);
    const [fmax, at] = this.mem.f64(ptr.scratch, 2);
    return `largest force ${fmax.toPrecision(3)} eV/Å on ${atomLabel(this.numbers, at)}${this.closestPair()}`;
  }

  /** "; closest pair C1 and H10 at 0.750 Å" from this step's scan, or ''. */
  private closestPair(): string {
    const s = this.lastScan;
    return s && this.n > 1 ? `; closest pair ${describePair(this.numbers, s, this.limits).atoms} at ${s.distance.toFixed(3)} Å` : '';
  }

  private checkGeometry(step: number): void {
    if (this.n < 2 && this.mask === 0) return;
    const { ex, ptr } = this.mem;
    const s = floorScan(ex, (p, len) => this.mem.f64(p, len), this.n, { r: ptr.r, cell: ptr.cell, rad: ptr.rad, near: ptr.near, out: ptr.scratch, work: ptr.floorWork },
      this.mask, this.limits);
    this.lastScan = s;
    if (belowFloor(s)) {
      const { atoms, floor } = describePair(this.numbers, s, this.limits);
      const pair = s.i === s.j ? [this.failedAtom(s.i)] : [this.failedAtom(s.i), this.failedAtom(s.j)];
      const forces = pair.map((a) => a.force!.toPrecision(3)).join(' and ');
      const d = s.distance.toFixed(3);
      const message = step > 0
        ? `md: at step ${step} the model has driven ${atoms} to ${d} Å (${floor}; forces ${forces} eV/Å)${this.lastGood(step)}`
        : `md: atoms ${atoms} are ${d} Å apart at step 0 (${floor}): overlapping atoms in the input`;
      throw new MdError(message, 'overlap', step, s.i, pair, s.distance);
    }
    if (this.mask === 0 && s.farthest > this.escapeDistance) {
      throw new MdError(`md: atom ${atomLabel(this.numbers, s.farAtom)} is ${s.farthest.toFixed(3)} Å from every other atom at step ${step} (over ${this.escapeDistance} Å): the molecule is flying apart`,
        'escape', step, s.farAtom, [this.failedAtom(s.farAtom)]);
    }
  }

  private checkForces(step: number): void {
    const max = this.settings.maxForce;
    if (!(max > 0)) return;
    const { ex, ptr } = this.mem;
    ex.mdMaxRowNorm(this.n, ptr.f, ptr.scratch);
    const [fmax, at] = this.mem.f64(ptr.scratch, 2);
    if (fmax <= max) return;
    const label = atomLabel(this.numbers, at);
    const pair = this.closestPair();
    const message = step > 0
      ? `md: at step ${step} the model has driven the force on ${label} to ${fmax.toPrecision(3)} eV/Å (ceiling ${max} eV/Å${pair})${this.lastGood(step)}`
      : `md: the force on ${label} is ${fmax.toPrecision(3)} eV/Å at step 0 (ceiling ${max} eV/Å${pair}): the input structure is far from anything the model knows`;
    throw new MdError(message, 'force', step, at, [this.failedAtom(at)]);
  }

  /** nve/nhc: the conserved energy may not jump; thermostatted runs: T may not run away from the target. */
  private checkEnergy(step: number): void {
    const s = this.settings;
    const ensemble = ensembleOf(s.ensemble);
    if (ensemble.conservesEnergy && s.maxEnergyJump > 0) {
      const conserved = this.conservedEnergy();
      const jump = conserved - this.lastConserved;
      const limit = s.maxEnergyJump * this.n;
      if (!(Math.abs(jump) <= limit)) {
        throw new MdError(`md: at step ${step} the conserved energy jumped by ${jump.toPrecision(3)} eV in one step (limit ${limit.toPrecision(3)} eV = ${s.maxEnergyJump} eV/atom; ${this.context()})${this.lastGood(step)}`,
          'energy-jump', step, null);
      }
      this.lastConserved = conserved;
    }
    if (ensemble.needsTemperature && s.temperature !== null && s.maxTemperatureFactor > 0) {
      const t = this.temperature();
      if (t > s.maxTemperatureFactor * s.temperature) {
        throw new MdError(`md: at step ${step} the temperature is ${t.toPrecision(3)} K, over ${s.maxTemperatureFactor} × the target ${s.temperature} K (${this.context()})${this.lastGood(step)}`,
          'temperature', step, null);
      }
    }
  }
}
