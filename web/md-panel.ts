// The MD panel: settings (ensemble, temperature, timestep, seed, steps, precision), start /
// pause / reset, and what a run shows while it goes: the 3D view, the energy and temperature
// plots, step, speed (steps/s, ns/day; wall clock, information only). Runs record a receipt
// (the input's name, sha256 and frame), so the run can be checked with `campjs verify`.
import type { MdSettings, Ensemble } from '../host/md/settings.js';
import type { MdFrame } from '../host/worker/protocol.js';
import type { Thermo } from '../host/md/md.js';
import { byId, enable, numberField, setText } from './dom.js';
import { showError, show } from './messages.js';
import { RunRecord } from './downloads.js';
import type { AppState } from './state.js';
import type { StructureViewer } from './viewer.js';
import type { LivePlot } from './plots.js';

/** Frames (view, plots, trajectory) every this many steps. */
const FRAME_EVERY = 5;

export class MdPanel {
  /** The run since the last start/reset; null before one. */
  record: RunRecord | null = null;
  private started = false;
  private running = false;
  private stepsDone = 0;
  private lastForces: Float64Array | null = null;
  private lastFrame: MdFrame | null = null;
  private speed = { t0: 0, step0: 0 };
  /** Total energy at step 0, eV: the energy plot's zero. */
  private etot0: number | null = null;

  constructor(private readonly app: AppState, private readonly viewer: StructureViewer, private readonly energy: LivePlot, private readonly temperature: LivePlot) {
    byId('md-start').addEventListener('click', () => void this.start());
    byId('md-pause').addEventListener('click', () => void this.pause());
    byId('md-reset').addEventListener('click', () => void this.reset());
    byId('md-ensemble').addEventListener('change', () => this.syncEnsemble());
    app.on('model', () => {
      this.syncPrecision();
      void this.reset();
    });
    app.on('structure', () => void this.reset());
    this.syncEnsemble();
    this.buttons();
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Force on an atom in the newest frame, eV/Å (null before a run has a frame with forces). */
  forceOn(i: number): [number, number, number] | null {
    const f = this.lastForces;
    return f ? [f[3 * i], f[3 * i + 1], f[3 * i + 2]] : null;
  }

  /** The final state of the run (positions, velocities), or null. */
  get last(): MdFrame | null {
    return this.lastFrame;
  }

  settings(): Partial<MdSettings> {
    const ensemble = byId<HTMLSelectElement>('md-ensemble').value as Ensemble;
    const temperature = numberField('md-temperature', { min: 0.001 });
    return {
      ensemble,
      temperature,
      dt: numberField('md-dt', { min: 0.001 }),
      seed: numberField('md-seed', { integer: true, min: 0 }),
      precision: byId<HTMLSelectElement>('md-precision').value as 'f64' | 'f32',
    };
  }

  async start(): Promise<void> {
    if (this.running) return;
    try {
      const steps = numberField('md-steps', { integer: true, min: 1 })!;
      if (!this.started) await this.begin();
      const remaining = steps - this.stepsDone;
      if (remaining <= 0) {
        show('info', 'MD', `the run has made its ${steps} steps: raise Steps to go on, or Reset`);
        return;
      }
      this.running = true;
      this.buttons();
      this.speed = { t0: performance.now(), step0: this.stepsDone };
      // The first run of a start also sends step 0 (the trajectory's first frame).
      const first = this.stepsDone === 0 && this.record?.count === 0;
      const r = await this.app.md.run(remaining, { every: FRAME_EVERY, velocities: true, forces: true, first, onFrame: (f) => this.frame(f, f.step > 0) });
      this.stepsDone = r.thermo.step;
      this.showSpeed(r.thermo.step, 0);
      setText('md-status', r.stopped ? `paused at step ${r.thermo.step}` : `done: ${r.thermo.step} steps`);
    } catch (err) {
      showError('MD', err);
      setText('md-status', 'stopped by an error');
    } finally {
      this.running = false;
      this.buttons();
    }
  }

  async pause(): Promise<void> {
    if (this.running) await this.app.md.stop();
  }

  async reset(): Promise<void> {
    if (this.running) await this.app.md.stop().catch(() => null);
    this.started = false;
    this.stepsDone = 0;
    this.record = null;
    this.lastForces = null;
    this.lastFrame = null;
    this.etot0 = null;
    this.energy.clear();
    this.temperature.clear();
    this.viewer.show(this.app.structure.atoms);
    setText('md-status', 'ready');
    setText('md-step', '0');
    setText('md-speed', '–');
    setText('md-temperature-now', '–');
    setText('md-etot-now', '–');
    this.buttons();
  }

  /** Creates the run in the worker, with a receipt of the input file. */
  private async begin(): Promise<void> {
    const s = this.app.structure;
    const settings = this.settings();
    await this.app.md.start(s.atoms, settings, { receipt: { path: s.name, sha256: s.sha256, frame: s.index } });
    this.started = true;
    this.stepsDone = 0;
    this.record = new RunRecord(s.atoms);
    this.energy.clear();
    this.temperature.clear();
  }

  private frame(f: MdFrame, draw = true): void {
    this.lastFrame = f;
    if (f.forces) this.lastForces = f.forces;
    this.record?.add(f);
    if (draw) this.viewer.update(f.positions);
    this.plot(f.thermo);
    this.stepsDone = f.step;
    setText('md-step', `${f.step}  (${(f.time / 1000).toFixed(3)} ps)`);
    this.showSpeed(f.step, 0.3);
  }

  /** Steps/s and ns/day since the run (re)started, once `minSeconds` have passed (wall clock; information only). */
  private showSpeed(step: number, minSeconds: number): void {
    const seconds = (performance.now() - this.speed.t0) / 1000;
    if (seconds <= minSeconds || step <= this.speed.step0) return;
    const rate = (step - this.speed.step0) / seconds;
    const nsPerDay = (rate * (this.settingsDt() ?? 0) * 86400) / 1e6;
    setText('md-speed', `${rate.toPrecision(3)} steps/s · ${nsPerDay.toPrecision(3)} ns/day`);
  }

  private plot(t: Thermo): void {
    const ps = t.time / 1000;
    if (t.step === 0 || this.etot0 === null) this.etot0 = t.etot;
    this.energy.push(ps, t.epot - this.etot0, t.ekin, t.etot - this.etot0);
    this.temperature.push(ps, t.temperature);
    setText('md-temperature-now', `${t.temperature.toFixed(1)} K`);
    setText('md-etot-now', `${t.etot.toFixed(4)} eV`);
  }

  private settingsDt(): number | undefined {
    try {
      return numberField('md-dt');
    } catch {
      return undefined;
    }
  }

  /** nve has no target temperature: the field then only sets the starting velocities. */
  private syncEnsemble(): void {
    const e = byId<HTMLSelectElement>('md-ensemble').value;
    setText('md-temperature-label', e === 'nve' ? 'Start temperature (K)' : 'Temperature (K)');
  }

  /** The GPU computes in f32 (WGSL has no f64): on WebGPU the precision is f32 and f64 is not offered. */
  private syncPrecision(): void {
    const gpu = this.app.info?.backend === 'webgpu';
    const select = byId<HTMLSelectElement>('md-precision');
    const f64 = select.querySelector<HTMLOptionElement>('option[value="f64"]')!;
    f64.disabled = gpu;
    f64.textContent = gpu ? 'f64 (not on WebGPU)' : 'f64';
    if (gpu) select.value = 'f32';
  }

  private buttons(): void {
    enable(['md-start'], !this.running);
    enable(['md-pause'], this.running);
    enable(['md-ensemble', 'md-temperature', 'md-dt', 'md-seed', 'md-precision'], !this.started && !this.running);
    byId('md-start').textContent = this.started ? 'Continue' : 'Start MD';
  }
}
