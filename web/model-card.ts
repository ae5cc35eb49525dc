// The model's card in the page: name and source (built-in or file, sha256), elements, cutoff,
// sizes, and the backend it runs on with the reason.
import type { ModelInfo } from '../host/worker/protocol.js';
import { symbolOf } from '../host/elements.js';
import { byId } from './dom.js';

export function renderCard(info: ModelInfo): void {
  const c = info.card;
  const rows: [string, string][] = [
    ['model', info.name ?? '(unnamed)'],
    ['source', c.builtin ? `built-in (${c.builtin}), trained by campjs fit on GFN2-xTB labels` : `file, ${c.format === 'ckpt' ? 'Lightning checkpoint' : '.campjs'} (${c.weights} weights)`],
    ['elements', info.atomicNumbers.map(symbolOf).join(' ')],
    ['cutoff', `${info.cutoff} Å`],
    ['size', `${c.numLayers} layers, ${c.nU} channels, rank ≤ ${c.maxV}, ${c.parameters.toLocaleString('en-US')} parameters (${c.trainedIn})`],
    ['sha256', `${c.sha256.slice(0, 16)}…`],
  ];
  const dl = byId('model-card');
  dl.replaceChildren(...rows.flatMap(([k, v]) => {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = v;
    if (k === 'sha256') dd.title = c.sha256;
    return [dt, dd];
  }));
  byId('model-name').textContent = info.name ?? 'model';
}
