// The fine-tune panel: a labelled extended-XYZ file (energies and forces; dropped, picked, or
// the bundled sample), training in a worker of its own with fit() (the loaded model's
// hyperparameters kept; a seeded validation split), a live loss curve, Stop, and then the
// result: run MD with it, or download it as .campjs or Lightning .ckpt.
import type { MdWorkerClient } from '../host/worker/md-worker-client.js';
import type { FitReply } from '../host/worker/protocol.js';
import { byId, enable, numberField, setText } from './dom.js';
import { show, showError } from './messages.js';
import { workerWith } from './model-source.js';
import { download } from './downloads.js';
import { bytesOf, SAMPLE_LABELLED } from './examples.js';
import type { AppState } from './state.js';
import type { LivePlot } from './plots.js';

interface LabelledFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export class FitPanel {
  private data: LabelledFile | null = null;
  private worker: MdWorkerClient | null = null;
  private result: FitReply | null = null;
  private baseName = '';

  constructor(private readonly app: AppState, private readonly plot: LivePlot) {
    byId('fit-sample').addEventListener('click', () => this.setData({ name: SAMPLE_LABELLED.name, bytes: bytesOf(SAMPLE_LABELLED) }));
    byId<HTMLInputElement>('fit-file').addEventListener('change', async (e) => {
      const file = (e.target as HTMLInputElement).files?.[0];
      if (file) this.setData({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
    });
    byId('fit-run').addEventListener('click', () => void this.run());
    byId('fit-stop').addEventListener('click', () => void this.worker?.stop());
    byId('fit-use').addEventListener('click', () => void this.use());
    byId('fit-campjs').addEventListener('click', () => this.result?.campjs && download(`${this.baseName}.campjs`, this.result.campjs));
    byId('fit-ckpt').addEventListener('click', () => this.result?.ckpt && download(`${this.baseName}.ckpt`, this.result.ckpt));
    this.buttons();
  }

  /** A labelled file for training (from the picker, a drop on the page, or the sample). */
  setData(f: LabelledFile): void {
    this.data = f;
    setText('fit-data', `${f.name} (${(f.bytes.length / 1024).toFixed(1)} KB)`);
    this.buttons();
  }

  async run(): Promise<void> {
    if (this.worker || !this.data) return;
    this.result = null;
    this.plot.clear();
    let client: MdWorkerClient | null = null;
    try {
      const settings = {
        epochs: numberField('fit-epochs', { integer: true, min: 1 }),
        lr: numberField('fit-lr', { min: 1e-12 }),
        batchSize: numberField('fit-batch', { integer: true, min: 1 }),
        seed: numberField('fit-seed', { integer: true, min: 0 }),
      };
      const validFraction = numberField('fit-valid', { min: 0.001 });
      setText('fit-status', 'loading the model…');
      client = (await workerWith(this.app.model, { ...this.app.options, backend: 'wasm' })).client;
      this.worker = client;
      this.buttons();
      setText('fit-status', 'training…');
      const r = await client.fit({
        train: this.data, validFraction, settings, onProgress: (p) => {
          // Both weights: the EMA ones (what CAMP keeps as the model) follow the raw ones only after the first steps.
          const f = p.valid.raw.forces?.mae ?? NaN;
          const fEma = p.valid.ema.forces?.mae ?? NaN;
          const e = p.valid.raw.energy?.mae ?? NaN;
          this.plot.push(p.epoch + 1, p.loss, f, fEma);
          setText('fit-status', `epoch ${p.epoch + 1}/${p.epochs}: loss ${p.loss.toExponential(3)}, valid force MAE ${f.toFixed(1)} meV/Å (EMA ${fEma.toFixed(1)}), energy MAE ${e.toFixed(2)} meV/atom`);
        },
      });
      this.result = r;
      this.baseName = `${this.data.name.replace(/\.(ext)?xyz$|\.json$/i, '')}-finetuned`;
      const why = { epochs: 'done', 'early-stopping': 'stopped early (no improvement)', stopped: 'stopped', failed: 'failed' }[r.reason];
      setText('fit-status', `${why} after ${r.epochs} epochs (${r.trainFrames} training, ${r.validFrames} validation frames)${r.bestEpoch !== null ? `; best epoch ${r.bestEpoch + 1} by ${r.bestMonitor}` : ''}`);
      if (!r.campjs) show('info', 'Fine-tune', 'no epoch completed: there is no model to use');
    } catch (err) {
      showError('Fine-tuning', err);
      setText('fit-status', 'stopped by an error');
    } finally {
      client?.terminate();
      this.worker = null;
      this.buttons();
    }
  }

  /** MD (and relaxation) with the fine-tuned model. */
  private async use(): Promise<void> {
    if (!this.result?.campjs) return;
    try {
      const info = await this.app.setModel({ bytes: this.result.campjs, name: `${this.baseName}.campjs` });
      show('ok', 'Fine-tuned model in use', `${info.name}: MD and relaxation now use it`);
    } catch (err) {
      showError('Loading the fine-tuned model', err);
    }
  }

  private buttons(): void {
    const busy = this.worker !== null;
    enable(['fit-run'], !busy && this.data !== null);
    enable(['fit-stop'], busy);
    enable(['fit-use', 'fit-campjs', 'fit-ckpt'], !busy && !!this.result?.campjs);
  }
}
