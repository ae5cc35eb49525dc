// The JSON header of a .campjs file: hyperparameters (snake_case, as in the checkpoint),
// provenance, and the tensor table. Only types are checked here; ranges and shapes are checked
// by validateCampModel once the model is assembled.
import type { CampHyperParams, CampModelSource, TensorDtype } from '../model/camp-model.js';
import { VERSION } from '../version.js';

/** 2 added `data_sha256`; version 1 files (written before it) still load, without a data check. */
export const CAMPJS_FORMAT_VERSION = 2;
export const CAMPJS_READABLE_VERSIONS: readonly number[] = [1, CAMPJS_FORMAT_VERSION];
/** Written into provenance. */
export const CONVERTER = `campjs ${VERSION}`;

export interface TensorEntry {
  readonly dtype: TensorDtype;
  readonly shape: readonly number[];
  /** Byte offset from the start of the data section (a multiple of 8). */
  readonly offset: number;
  /** Byte length. */
  readonly length: number;
}

export interface CampjsProvenance {
  readonly original_file?: string;
  readonly original_format: string;
  readonly sha256?: string;
  readonly weights: 'ema' | 'raw';
  readonly converter: string;
  /** ISO 8601 time of the conversion from the checkpoint. */
  readonly created: string;
  readonly notes: Readonly<Record<string, string>>;
}

export interface CampjsHeader {
  readonly format_version: number;
  readonly hparams: Record<string, unknown>;
  readonly source: CampjsProvenance;
  readonly tensors: Readonly<Record<string, TensorEntry>>;
  /** Hex SHA-256 of the whole data section (from version 2): damaged weights are refused at load. */
  readonly data_sha256: string;
}

/** Bytes per element as held in a CampModel Tensor (float16/bfloat16 widened to f32, int64 to f64). */
export const MEMORY_BYTES: Readonly<Record<TensorDtype, number>> = {
  float64: 8, int64: 8, float32: 4, float16: 4, bfloat16: 4, int32: 4, int16: 2, int8: 1, uint8: 1, bool: 1,
};

/** Provenance keys that live in the header's `source`, mirrored into CampModelSource.notes on read. */
const PROVENANCE_NOTES = ['original_file', 'original_format', 'converter', 'created'] as const;

export function hparamsToJson(hp: CampHyperParams): Record<string, unknown> {
  return {
    atomic_numbers: hp.atomicNumbers, r_cut: hp.rCut, n_u: hp.nU, max_v: hp.maxV, num_layers: hp.numLayers,
    max_chebyshev_degree: hp.maxChebyshevDegree, radial_mlp_hidden_layers: hp.radialMlpHidden,
    output_mlp_hidden_layers: hp.outputMlpHidden, num_average_neigh: hp.numAverageNeigh, default_dtype: hp.defaultDtype,
  };
}

type Fail = (problem: string) => never;

export function hparamsFromJson(x: unknown, fail: Fail): CampHyperParams {
  const o = object(x, 'hparams', fail);
  const num = (k: string): number => {
    if (typeof o[k] !== 'number') fail(`header hparams.${k} is ${JSON.stringify(o[k]) ?? 'missing'}, not a number`);
    return o[k] as number;
  };
  const nums = (k: string): number[] => {
    const v = o[k];
    if (!Array.isArray(v) || v.some((e) => typeof e !== 'number')) fail(`header hparams.${k} is not a list of numbers`);
    return v as number[];
  };
  const dtype = o.default_dtype;
  if (dtype !== 'float32' && dtype !== 'float64') return fail(`header hparams.default_dtype is ${JSON.stringify(dtype) ?? 'missing'}`);
  return {
    atomicNumbers: nums('atomic_numbers'), rCut: num('r_cut'), nU: num('n_u'), maxV: num('max_v'),
    numLayers: num('num_layers'), maxChebyshevDegree: num('max_chebyshev_degree'),
    radialMlpHidden: nums('radial_mlp_hidden_layers'), outputMlpHidden: nums('output_mlp_hidden_layers'),
    numAverageNeigh: num('num_average_neigh'), defaultDtype: dtype,
  };
}

/** Provenance for a file written now from `source` (a conversion keeps its original record). */
export function provenanceFor(source: CampModelSource, created: string | undefined): CampjsProvenance {
  const notes = { ...source.notes };
  const kept = (k: (typeof PROVENANCE_NOTES)[number]): string | undefined => {
    const v = notes[k];
    delete notes[k];
    return v;
  };
  const original = kept('original_file') ?? source.file;
  const originalFormat = kept('original_format') ?? source.format;
  const converter = kept('converter') ?? CONVERTER;
  const when = created ?? kept('created') ?? new Date().toISOString();
  return {
    ...(original !== undefined && { original_file: original }), original_format: originalFormat,
    ...(source.sha256 !== undefined && { sha256: source.sha256 }), weights: source.weights, converter, created: when, notes,
  };
}

export function sourceFromJson(x: unknown, file: string | undefined, fail: Fail): CampModelSource {
  const o = object(x, 'source', fail);
  const str = (k: string, optional = false): string | undefined => {
    if (o[k] === undefined && optional) return undefined;
    if (typeof o[k] !== 'string') fail(`header source.${k} is ${JSON.stringify(o[k]) ?? 'missing'}, not a string`);
    return o[k] as string;
  };
  const weights = o.weights;
  if (weights !== 'ema' && weights !== 'raw') return fail(`header source.weights is ${JSON.stringify(weights) ?? 'missing'}, expected "ema" or "raw"`);
  const rawNotes = object(o.notes ?? {}, 'source.notes', fail);
  const notes: Record<string, string> = {};
  for (const [k, v] of Object.entries(rawNotes)) {
    if (typeof v !== 'string') fail(`header source.notes.${k} is not a string`);
    notes[k] = v as string;
  }
  for (const k of PROVENANCE_NOTES) {
    const v = str(k, k === 'original_file');
    if (v !== undefined) notes[k] = v;
  }
  const sha256 = str('sha256', true);
  return { format: 'campjs', weights, ...(file !== undefined && { file }), ...(sha256 !== undefined && { sha256 }), notes };
}

export function object(x: unknown, what: string, fail: Fail): Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return fail(`header ${what} is not a JSON object`);
  return x as Record<string, unknown>;
}
