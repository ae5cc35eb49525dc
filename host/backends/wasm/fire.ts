// FIRE geometry optimisation (ASE's FIRE parameters) of positions, or of positions and cell
// (cell-filter.ts), with any Calculator. The FIRE update and every transform run in the Wasm
// core, so a relaxation gives the same bits on every engine. Converged when the largest
// (generalised) force is ≤ fmax.
import type { Atoms } from '../../atoms.js';
import type { Calculator, Precision } from '../../calculator.js';
import { instantiateCore, type CoreInstance } from './wasm.js';
import { Workspace } from './workspace.js';
import { checkAtoms } from '../../atoms-check.js';
import { det3, pbcMask } from '../../geometry.js';
import { EV_A3_PER_BAR } from '../../md/units.js';
import { atomLabel, belowFloor, covalentRadii, DEFAULT_DISTANCE_FLOOR, describePair, floorScan, floorScanBytes, type FloorScanPointers } from '../../md/failure-checks.js';
import { FIRE } from '../../generated/layouts.js';
import { initialFireState } from '../../opt/fire-state.js';
import { generalizedForces, initialX, positionsFromX, type CellFilterPointers } from './cell-filter.js';

export interface FireOptions {
  /** Convergence: max force ≤ fmax, eV/Å (default 0.05 as ASE). */
  readonly fmax?: number;
  /** Give up after this many steps (default 1000). */
  readonly maxSteps?: number;
  /** Relax the cell too (needs full pbc and stress). */
  readonly cell?: boolean;
  /** External pressure for cell relaxation, bar (default 0). */
  readonly pressure?: number;
  /** Largest displacement per step, Å (whole vector, as ASE's FIRE; default 0.2). */
  readonly maxStep?: number;
  /** Initial and largest time step (ASE's units; defaults 0.1 and 1.0). */
  readonly dt?: number;
  readonly dtMax?: number;
  /** Arithmetic of the model (default f64). */
  readonly precision?: Precision;
  /** A pair closer than this fraction of its covalent-radii sum stops the run (0 = off; default 0.6, as md). */
  readonly distanceFloor?: number;
  /** One absolute floor for every pair instead, Å (0 = off). */
  readonly minDistance?: number;
  /** Molecules: an atom this far from all others stops the run, Å (default 2 × cutoff). */
  readonly escapeDistance?: number;
}

export interface FireStepInfo {
  readonly step: number;
  /** eV (enthalpy E + pV when relaxing the cell) */
  readonly energy: number;
  /** Largest generalised force, eV/Å. */
  readonly fmax: number;
}

export interface FireResult extends FireStepInfo {
  readonly converged: boolean;
  /** Potential energy of the final structure, eV (energy minus pV when relaxing the cell). */
  readonly potentialEnergy: number;
  readonly atoms: Atoms;
  /** Forces of the final structure, eV/Å. */
  readonly forces: Float64Array;
  /** Stress of the final structure (Voigt, eV/Å³) when periodic. */
  readonly stress: Float64Array | null;
}

export class Fire {
  private readonly ws: Workspace;
  private readonly ptr: { x: number; v: number; g: number; r: number; f: number; cell: number; state: number } & CellFilterPointers;
  private readonly len: number;
  private readonly c: number;
  private readonly pressure: number;
  private readonly scanPtr: FloorScanPointers;
  /** An atom farther than this from all others stops the run, Å (never below the start's). */
  private escapeDistance = Infinity;
  private steps = 0;
  private last: { energy: number; potential: number; fmax: number; forces: Float64Array; stress: Float64Array | null } | null = null;

  private constructor(private readonly core: CoreInstance, private readonly atoms: Atoms, private readonly calculator: Calculator,
    private readonly opts: Required<FireOptions>) {
    const n = atoms.numbers.length;
    this.ws = new Workspace(core);
    this.len = 3 * n + (opts.cell ? 9 : 0);
    const b = (name: string, len: number) => this.ws.buffer(name, 8 * len).ptr;
    this.ptr = {
      x: b('x', this.len), v: b('v', this.len), g: b('g', this.len), r: b('r', 3 * n), f: b('f', 3 * n), cell: b('cell', 9),
      state: b('state', FIRE.SIZE), cell0: b('cell0', 9), grad: b('grad', 9), gradInv: b('gradInv', 9), tmp: b('tmp', 9),
    };
    const work = floorScanBytes(core.exports, n);
    this.scanPtr = { r: this.ptr.r, cell: this.ptr.cell, rad: b('rad', n), near: b('near', n), out: b('scanOut', 6),
      work: work > 0 ? this.ws.buffer('scanWork', work).ptr : undefined };
    this.f64(this.scanPtr.rad, n).set(covalentRadii(atoms.numbers));
    this.c = n;
    this.pressure = opts.pressure * EV_A3_PER_BAR;
    this.f64(this.ptr.state, FIRE.SIZE).set(initialFireState(opts.dt, opts.dtMax, opts.maxStep));
    this.f64(this.ptr.cell, 9).set(atoms.cell ?? new Float64Array(9));
    if (opts.cell) initialX(this.f64, this.ptr, n, atoms.positions, this.f64(this.ptr.cell, 9).slice(), this.ptr.x, this.c);
    else this.f64(this.ptr.x, this.len).set(atoms.positions);
  }

  static async create(atoms: Atoms, calculator: Calculator, options: FireOptions = {}): Promise<Fire> {
    checkAtoms(atoms, 'opt');
    const opts: Required<FireOptions> = {
      fmax: 0.05, maxSteps: 1000, cell: false, pressure: 0, maxStep: 0.2, dt: 0.1, dtMax: 1.0, precision: 'f64',
      distanceFloor: DEFAULT_DISTANCE_FLOOR, minDistance: 0, escapeDistance: 0,
      ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
    };
    for (const k of ['fmax', 'maxStep', 'dt', 'dtMax'] as const) {
      if (!(opts[k] > 0) || !Number.isFinite(opts[k])) throw new Error(`opt: ${k} = ${opts[k]} must be a positive number`);
    }
    for (const k of ['distanceFloor', 'minDistance', 'escapeDistance'] as const) {
      if (!(opts[k] >= 0) || !Number.isFinite(opts[k])) throw new Error(`opt: ${k} = ${opts[k]} must be a finite number ≥ 0 (0 = off/default)`);
    }
    if (!Number.isInteger(opts.maxSteps) || opts.maxSteps < 0) throw new Error(`opt: maxSteps = ${opts.maxSteps} must be an integer ≥ 0`);
    if (!Number.isFinite(opts.pressure)) throw new Error(`opt: pressure = ${opts.pressure} must be a finite number (bar)`);
    if (opts.cell && pbcMask(atoms) !== 7) throw new Error('opt: cell relaxation needs a cell periodic in all three directions');
    return new Fire(await instantiateCore(), atoms, calculator, opts);
  }

  private readonly f64 = (ptr: number, len: number) => new Float64Array(this.core.memory.buffer, ptr, len);

  /** Evaluates forces at the current x; fills the generalised forces g. */
  private evaluate(): { energy: number; fmax: number } {
    const n = this.atoms.numbers.length;
    const ex = this.core.exports;
    const p = this.ptr;
    if (this.opts.cell) positionsFromX(ex, this.f64, p, n, p.x, p.r, p.cell, this.c);
    else this.f64(p.r, 3 * n).set(this.f64(p.x, 3 * n));
    const cell = this.opts.cell ? this.f64(p.cell, 9).slice() : this.atoms.cell ?? null;
    this.checkGeometry();
    const res = this.calculator.compute({ ...this.atoms, positions: this.f64(p.r, 3 * n).slice(), cell }, { forces: true, stress: this.opts.cell, precision: this.opts.precision });
    if (!res.forces) throw new Error('opt: the calculator returned no forces');
    const bad = res.forces.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0 || !Number.isFinite(res.energy)) {
      throw new Error(`opt: non-finite ${bad >= 0 ? `force on atom ${Math.floor(bad / 3)}` : 'energy'} at step ${this.steps}`);
    }
    this.f64(p.f, 3 * n).set(res.forces);
    let energy = res.energy;
    if (this.opts.cell) {
      if (!res.stress) throw new Error('opt: cell relaxation needs the stress, which the calculator did not return');
      const volume = Math.abs(det3(cell as Float64Array));
      generalizedForces(ex, this.f64, p, n, p.f, res.stress, volume, this.pressure, p.g, this.c);
      energy += this.pressure * volume;
    } else {
      this.f64(p.g, 3 * n).set(res.forces);
    }
    const fmax = ex.fireMaxRowNorm(this.len / 3, p.g);
    this.last = { energy, potential: res.energy, fmax, forces: res.forces, stress: res.stress ?? null };
    return { energy, fmax };
  }

  /** The distance floor and (molecules) escape checks of md, on the structure about to be evaluated. */
  private checkGeometry(): void {
    const n = this.atoms.numbers.length;
    const mask = pbcMask(this.atoms);
    if (!this.opts.cell) this.f64(this.ptr.cell, 9).set(this.atoms.cell ?? new Float64Array(9));
    const limits = { distanceFloor: this.opts.distanceFloor, minDistance: this.opts.minDistance };
    const s = floorScan(this.core.exports, this.f64, n, this.scanPtr, mask, limits);
    const step = this.steps;
    if (n > 1 && belowFloor(s)) {
      const { atoms, floor } = describePair(this.atoms.numbers, s, limits);
      throw new Error(step > 0
        ? `opt: at step ${step} the model has driven ${atoms} to ${s.distance.toFixed(3)} Å (${floor}) — a region it was not trained on; the last good structure is step ${step - 1}`
        : `opt: atoms ${atoms} are ${s.distance.toFixed(3)} Å apart (${floor}): overlapping atoms in the input`);
    }
    if (mask !== 0 || n < 2) return;
    if (step === 0) {
      this.escapeDistance = Math.max(this.opts.escapeDistance > 0 ? this.opts.escapeDistance : 2 * this.calculator.cutoff, s.farthest);
    } else if (!(s.farthest <= this.escapeDistance)) {
      throw new Error(`opt: at step ${step} atom ${atomLabel(this.atoms.numbers, s.farAtom)} is ${s.farthest.toPrecision(4)} Å from every other atom (over ${this.escapeDistance} Å): `
        + `the optimisation is tearing the structure apart (a smaller --maxstep?); the last good structure is step ${step - 1}`);
    }
  }

  /**
   * Relaxes until max force ≤ fmax or maxSteps; the observer sees every evaluated state
   * (step 0 is the start). Returns the final state.
   */
  run(observer?: (info: FireStepInfo) => void): FireResult {
    let info = this.evaluate();
    observer?.({ step: this.steps, ...info });
    while (info.fmax > this.opts.fmax && this.steps < this.opts.maxSteps) {
      this.core.exports.fireStep(this.len, this.ptr.x, this.ptr.v, this.ptr.g, this.ptr.state);
      this.steps++;
      info = this.evaluate();
      observer?.({ step: this.steps, ...info });
    }
    return this.result(info.fmax <= this.opts.fmax);
  }

  private result(converged: boolean): FireResult {
    const n = this.atoms.numbers.length;
    const last = this.last!;
    const { velocities: _v, ...rest } = this.atoms;
    return {
      converged,
      step: this.steps,
      energy: last.energy,
      potentialEnergy: last.potential,
      fmax: last.fmax,
      atoms: { ...rest, positions: this.f64(this.ptr.r, 3 * n).slice(), cell: this.opts.cell ? this.f64(this.ptr.cell, 9).slice() : this.atoms.cell ?? null },
      forces: last.forces,
      stress: last.stress,
    };
  }
}
