// The relaxation panel: FIRE in a worker of its own (so MD keeps its state, and Cancel can end
// a long relaxation at once by ending that worker), the largest force against step on a log
// plot, and the relaxed structure to use or download. A model-failure stop (atoms driven
// together, an atom thrown off) is shown as such, with the last good step.
import type { MdWorkerClient } from '../host/worker/md-worker-client.js';
import type { OptResult } from '../host/worker/protocol.js';
import { byId, enable, numberField, setText } from './dom.js';
import { show, showError } from './messages.js';
import { workerWith } from './model-source.js';
import { download, structureText } from './downloads.js';
import { StructureFile } from './structure.js';
import type { AppState } from './state.js';
import type { LivePlot } from './plots.js';

export class OptPanel {
  private worker: MdWorkerClient | null = null;
  private result: OptResult | null = null;

  constructor(private readonly app: AppState, private readonly plot: LivePlot) {
    byId('opt-run').addEventListener('click', () => void this.run());
    byId('opt-cancel').addEventListener('click', () => this.cancel());
    byId('opt-use').addEventListener('click', () => this.use());
    byId('opt-download').addEventListener('click', () => this.save());
    app.on('structure', () => this.forget());
    app.on('model', () => this.forget());
    this.buttons();
  }

  async run(): Promise<void> {
    if (this.worker) return;
    this.forget();
    this.plot.clear();
    let client: MdWorkerClient | null = null;
    try {
      const fmax = numberField('opt-fmax', { min: 1e-9 })!;
      const maxSteps = numberField('opt-steps', { integer: true, min: 1 })!;
      setText('opt-status', 'loading the model…');
      client = (await workerWith(this.app.model, { ...this.app.options, backend: 'wasm' })).client;
      this.worker = client;
      this.buttons();
      setText('opt-status', 'relaxing…');
      const r = await (client as MdWorkerClient).optimize(this.app.structure.atoms, { fmax, maxSteps }, {
        every: 1, onProgress: (p) => {
          this.plot.push(p.step, p.fmax);
          setText('opt-status', `step ${p.step}: E ${p.energy.toFixed(5)} eV, fmax ${p.fmax.toExponential(2)} eV/Å`);
        },
      });
      this.result = r;
      setText('opt-status', `${r.converged ? 'converged' : 'not converged'} after ${r.step} steps: E ${r.potentialEnergy.toFixed(5)} eV, fmax ${r.fmax.toExponential(2)} eV/Å`);
      if (!r.converged) show('info', 'Relaxation not converged', `fmax ${r.fmax.toExponential(2)} eV/Å after ${r.step} steps (the limit): raise Max steps or relax again from the result`);
    } catch (err) {
      // Cancel ended the worker on purpose: that is not an error.
      if (client === null || this.worker === client) {
        showError('Relaxation', err);
        setText('opt-status', 'stopped by an error');
      }
    } finally {
      if (this.worker === client) {
        client?.terminate();
        this.worker = null;
      }
      this.buttons();
    }
  }

  private cancel(): void {
    const w = this.worker;
    this.worker = null;
    w?.terminate();
    setText('opt-status', 'cancelled');
    this.buttons();
  }

  /** The relaxed structure becomes the structure (MD then starts from it). */
  private use(): void {
    if (!this.result) return;
    const name = this.app.structure.name.replace(/\.(ext)?xyz$|\.json$/i, '') + '-relaxed.extxyz';
    const text = structureText(this.result.atoms, { opt_steps: this.result.step, opt_converged: this.result.converged, fmax: this.result.fmax }, this.result.potentialEnergy, this.result.forces);
    try {
      this.app.setStructure(StructureFile.read(name, new TextEncoder().encode(text)));
      show('ok', 'Relaxed structure in use', `${name}: MD now starts from it`);
    } catch (err) {
      showError('Using the relaxed structure', err);
    }
  }

  private save(): void {
    if (!this.result) return;
    const r = this.result;
    download(this.app.structure.name.replace(/\.(ext)?xyz$|\.json$/i, '') + '-relaxed.extxyz',
      structureText(r.atoms, { opt_steps: r.step, opt_converged: r.converged, fmax: r.fmax }, r.potentialEnergy, r.forces), 'chemical/x-extxyz');
  }

  private forget(): void {
    this.result = null;
    this.buttons();
  }

  private buttons(): void {
    enable(['opt-run', 'opt-fmax', 'opt-steps'], this.worker === null);
    enable(['opt-cancel'], this.worker !== null);
    enable(['opt-use', 'opt-download'], this.result !== null);
  }
}
