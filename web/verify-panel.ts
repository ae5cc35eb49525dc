// Checking a receipt in the page, as `campjs verify`: the receipt's model must be the one
// loaded (or the built-in one), its input a bundled example, the current structure or a file
// given with it (the sha256 decides); the run is replayed in a worker of its own and every
// state hash compared. The verdict says "identical" or names the first step that differs.
import type { Receipt } from '../host/receipt/receipt.js';
import { sha256Hex } from '../host/util/sha256.js';
import { byId, setText } from './dom.js';
import { show, showError } from './messages.js';
import { BUILTIN, workerWith, type ModelSource } from './model-source.js';
import { EXAMPLES, bytesOf } from './examples.js';
import type { AppState } from './state.js';

export class VerifyPanel {
  /** Structure files seen in this session, by sha256 (candidates for a receipt's input). */
  private readonly inputs = new Map<string, { name: string; bytes: Uint8Array }>();

  constructor(private readonly app: AppState) {
    for (const e of EXAMPLES) this.remember(e.name, bytesOf(e));
    byId<HTMLInputElement>('verify-file').addEventListener('change', async (e) => {
      const files = [...((e.target as HTMLInputElement).files ?? [])];
      for (const f of files.filter((x) => !/\.json$/i.test(x.name))) this.remember(f.name, new Uint8Array(await f.arrayBuffer()));
      const receipt = files.find((x) => /\.json$/i.test(x.name));
      if (receipt) await this.verify(receipt.name, new Uint8Array(await receipt.arrayBuffer()));
    });
  }

  remember(name: string, bytes: Uint8Array): void {
    this.inputs.set(sha256Hex(bytes), { name, bytes });
  }

  async verify(name: string, bytes: Uint8Array): Promise<void> {
    const text = new TextDecoder().decode(bytes);
    setText('verify-status', `checking ${name}…`);
    try {
      const r = JSON.parse(text) as Receipt;
      const input = r.input && this.inputs.get(r.input.sha256);
      if (r.input && !input) throw new Error(`${name}: its input ${r.input.path ?? ''} (sha256 ${r.input.sha256.slice(0, 12)}…) is not one of the examples or files given here: choose it together with the receipt`);
      const model = this.modelFor(r, name);
      const { client } = await workerWith(model, { skin: 1, backend: 'wasm', ...(r.model?.radial && { radial: 'table', radialKnots: r.model.radialKnots }), weights: r.model?.weights as 'ema' | 'raw' | undefined });
      try {
        const res = await client.verify(text, input ?? { name: 'none', bytes: new Uint8Array() }, { receiptName: name, onProgress: (p) => setText('verify-status', `replaying ${name}: step ${p.step} of ${p.steps}`) });
        if (res.identical && res.note) {
          // Recorded on WebGPU, replayed here on Wasm: energies agree, bits cannot.
          setText('verify-status', `agrees: ${res.steps} steps, ${r.hashes.length} recorded energies (${res.note})`);
          show('ok', 'Receipt agrees', `${name}: ${res.steps} steps, energies within tolerance (not bit for bit: recorded on another backend)`);
        } else if (res.identical) {
          setText('verify-status', `identical: ${res.steps} steps, ${r.hashes.length} state hashes match`);
          show('ok', 'Receipt verified', `${name}: identical, ${res.steps} steps`);
        } else {
          const d = res.firstDifference;
          const why = d ? `first difference at step ${d.step} (identical up to step ${d.lastMatch})` : `the run ended at step ${res.steps} with ${res.error ?? 'no error'}, the receipt's with ${r.outcome.error ?? 'no error'}`;
          setText('verify-status', `differs: ${why}`);
          show('error', 'Receipt differs', `${name}: ${why}`);
        }
      } finally {
        client.terminate();
      }
    } catch (err) {
      setText('verify-status', 'not verified');
      showError('Verifying the receipt', err);
    }
  }

  private modelFor(r: Receipt, name: string): ModelSource {
    if (!r.model || typeof r.model.sha256 !== 'string') throw new Error(`${name}: not a campjs MD receipt (no model)`);
    if (r.model.builtin) return BUILTIN;
    if (this.app.info?.card.sha256 === r.model.sha256) return this.app.model;
    throw new Error(`${name}: the run used the model ${r.model.path ?? ''} (sha256 ${r.model.sha256.slice(0, 12)}…): load that model first`);
  }
}
