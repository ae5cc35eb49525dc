// `campjs info <file.ckpt|file.campjs> [--weights raw] [--json]`: what a model is, in one screen.
import { basename } from 'node:path';
import { parseCommand, usage } from './args.js';
import { readInputFile } from './open.js';
import { symbolOf } from '../elements.js';
import type { CampModel } from '../model/camp-model.js';
import { parseWeightsChoice } from '../ckpt/load-ckpt.js';
import { loadCampModel } from '../model/load.js';
import { DEFAULT_MODEL, DEFAULT_MODEL_FILE, defaultModelBytes, defaultModelCard } from '../model/default-model.js';
import { sha256Hex } from '../util/sha256.js';

const HELP = `usage: campjs info <model.ckpt|model.campjs|default> [--weights ema|raw] [--json]

Prints a model's elements, cutoff, architecture, parameter count and provenance ('default': the
built-in model, with the summary of its card, models/campjs-hcno/MODEL.md).
  --weights ema|raw  which weights of a Lightning checkpoint (default: ema)
  --json             print the summary as JSON
`;

export interface ModelSummary {
  readonly file?: string;
  readonly format: 'ckpt' | 'campjs';
  readonly elements: string[];
  readonly atomicNumbers: number[];
  /** Å */
  readonly cutoff: number;
  readonly maxV: number;
  readonly layers: number;
  readonly channels: number;
  readonly chebyshevDegree: number;
  /** Layer widths n_u → hidden… → n_u. */
  readonly radialMlp: number[];
  /** Layer widths n_u → hidden… → 1. */
  readonly outputMlp: number[];
  readonly numAverageNeigh: number;
  /** eV, as stored (one value, or one per element). */
  readonly energyScale: number[];
  readonly energyShift: number[];
  readonly parameters: number;
  readonly dtype: string;
  readonly weights: 'ema' | 'raw';
  readonly sha256?: string;
  readonly provenance: Readonly<Record<string, string>>;
}

export function summarizeModel(model: CampModel): ModelSummary {
  const hp = model.hparams;
  const values = (name: string) => Array.from(model.tensors.get(name)?.data ?? []);
  let parameters = 0;
  for (const t of model.tensors.values()) parameters += t.data.length;
  return {
    ...(model.source.file !== undefined && { file: model.source.file }),
    format: model.source.format,
    elements: hp.atomicNumbers.map(symbolOf),
    atomicNumbers: [...hp.atomicNumbers],
    cutoff: hp.rCut,
    maxV: hp.maxV,
    layers: hp.numLayers,
    channels: hp.nU,
    chebyshevDegree: hp.maxChebyshevDegree,
    radialMlp: [hp.nU, ...hp.radialMlpHidden, hp.nU],
    outputMlp: [hp.nU, ...hp.outputMlpHidden, 1],
    numAverageNeigh: hp.numAverageNeigh,
    energyScale: values('readout.atomic_energy_scale'),
    energyShift: values('readout.atomic_energy_shift'),
    parameters,
    dtype: hp.defaultDtype,
    weights: model.source.weights,
    ...(model.source.sha256 !== undefined && { sha256: model.source.sha256 }),
    provenance: { ...model.source.notes },
  };
}

export function formatSummary(s: ModelSummary): string {
  const kind = s.format === 'ckpt' ? 'PyTorch Lightning checkpoint' : 'campjs model file';
  const rows: [string, string][] = [
    ['elements', `${s.elements.join(', ')}  (Z = ${s.atomicNumbers.join(', ')})`],
    ['cutoff', `${s.cutoff} Å`],
    ['max_v', String(s.maxV)],
    ['layers', String(s.layers)],
    ['channels (n_u)', String(s.channels)],
    ['Chebyshev degree', `${s.chebyshevDegree}  (${s.chebyshevDegree + 1} radial basis functions)`],
    ['radial MLP', s.radialMlp.join(' → ')],
    ['output MLP', s.outputMlp.join(' → ')],
    ['N_avg', String(s.numAverageNeigh)],
    ['energy scale', `${s.energyScale.join(', ')} eV`],
    ['energy shift', `${s.energyShift.join(', ')} eV`],
    ['parameters', s.parameters.toLocaleString('en-US')],
    ['dtype', s.dtype],
    ['weights', s.weights === 'ema' ? 'EMA' : 'raw'],
  ];
  if (s.sha256) rows.push(['checkpoint sha256', s.sha256]);
  for (const [k, v] of Object.entries(s.provenance)) rows.push([k, v]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return `${s.file ?? 'model'}  (${kind})\n${rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n')}\n`;
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommand('info', args, {
    weights: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  usage(positionals.length === 1, 'info', 'expected one model file');
  const path = positionals[0];
  const builtin = path === DEFAULT_MODEL;
  const bytes = builtin ? await defaultModelBytes() : readInputFile(path, 'model');
  const model = loadCampModel(bytes, { file: builtin ? DEFAULT_MODEL_FILE : basename(path), weights: parseWeightsChoice(values.weights) });
  const summary = { ...summarizeModel(model), ...(builtin && { sha256: sha256Hex(bytes), card: await defaultModelCard() }) };
  process.stdout.write(values.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary) + (builtin ? `\n${summary.card}` : ''));
  return 0;
}
