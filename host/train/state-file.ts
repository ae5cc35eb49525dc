// The training state on disk (`campjs fit --state-out`, `--resume`): JSON, with every f64
// vector as base64 of its little-endian bytes and the model as a base64 .campjs, so a resumed
// run continues from exactly the bits it stopped at. Every field is checked on reading.
import type { TrainState } from './train-state.js';
import { readCampjs, writeCampjs } from '../format/campjs-file.js';
import { decodeBase64 } from '../util/base64.js';
import { encodeBase64 } from '../util/base64.js';
import { checkTrainSettings, type TrainSettings } from './settings.js';

const FORMAT = 'campjs-train-state';
const VERSION = 1;

export function writeTrainState(s: TrainState): string {
  const o = s.optimizer;
  return JSON.stringify({
    format: FORMAT, version: VERSION, settings: s.settings, precision: s.precision, epoch: s.epoch, lr: s.lr,
    plateau: { best: num(s.plateau.best), badEpochs: s.plateau.badEpochs },
    early: { best: num(s.early.best), wait: s.early.wait },
    optimizer: { step: o.step, emaStep: o.emaCounter.step, emaInitted: o.emaCounter.initted, params: vec(o.params), ema: vec(o.ema), m: vec(o.m), v: vec(o.v), vmax: vec(o.vmax) },
    best: s.best && { epoch: s.best.epoch, metric: num(s.best.metric), raw: vec(s.best.raw), ema: vec(s.best.ema), step: s.best.step, emaStep: s.best.emaStep, emaInitted: s.best.emaInitted },
    model: encodeBase64(writeCampjs(s.model, { created: '1970-01-01T00:00:00.000Z' })),
    data: s.data,
  });
}

export function readTrainState(text: string, file: string): TrainState {
  const fail = (problem: string): never => {
    throw new Error(`${file}: ${problem}`);
  };
  let j: Record<string, unknown>;
  try {
    j = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    return fail(`not a campjs training state (not JSON: ${(e as Error).message})`);
  }
  if (j === null || typeof j !== 'object' || j.format !== FORMAT) return fail(`not a campjs training state (format is not '${FORMAT}')`);
  if (j.version !== VERSION) fail(`training state version ${String(j.version)} is not supported (this campjs reads version ${VERSION})`);
  const at = (o: unknown, path: string): Record<string, unknown> => (o !== null && typeof o === 'object' ? o as Record<string, unknown> : fail(`${path} is missing or not an object`));
  const int = (o: Record<string, unknown>, k: string, path: string): number => (Number.isSafeInteger(o[k]) && (o[k] as number) >= 0 ? o[k] as number : fail(`${path}.${k} is ${JSON.stringify(o[k])}, not a whole number ≥ 0`));
  const real = (o: Record<string, unknown>, k: string, path: string): number => {
    const v = o[k] === 'Infinity' ? Infinity : o[k];
    return typeof v === 'number' && !Number.isNaN(v) ? v : fail(`${path}.${k} is ${JSON.stringify(o[k])}, not a number`);
  };
  const f64 = (o: Record<string, unknown>, k: string, path: string, length: number): Float64Array => {
    const v = typeof o[k] === 'string' ? unvec(o[k] as string) : null;
    if (!v || v.length !== length) return fail(`${path}.${k} is not ${length} base64-encoded f64 values`);
    const bad = v.findIndex((x) => !Number.isFinite(x));
    return bad < 0 ? v : fail(`${path}.${k} holds a non-finite value at index ${bad}`);
  };
  const settings = at(j.settings, 'settings') as unknown as TrainSettings;
  try {
    checkTrainSettings(settings, `${file}: settings`);
  } catch (e) {
    return fail(`settings are invalid: ${(e as Error).message}`);
  }
  if (j.precision !== 'f32' && j.precision !== 'f64') fail(`precision is ${JSON.stringify(j.precision)}, not 'f32' or 'f64'`);
  const model = readCampjs(typeof j.model === 'string' ? decodeBase64(j.model) : fail('model is missing'), `${file} (model)`);
  const o = at(j.optimizer, 'optimizer');
  const p = typeof o.params === 'string' ? unvec(o.params)?.length ?? 0 : 0;
  const plateau = at(j.plateau, 'plateau');
  const early = at(j.early, 'early');
  const best = j.best === null ? null : at(j.best, 'best');
  if (typeof j.data !== 'string') fail('data (the fingerprint of the training data) is missing');
  return {
    settings, precision: j.precision as 'f32' | 'f64', epoch: int(j, 'epoch', 'state'), lr: real(j, 'lr', 'state'),
    plateau: { best: real(plateau, 'best', 'plateau'), badEpochs: int(plateau, 'badEpochs', 'plateau') },
    early: { best: real(early, 'best', 'early'), wait: int(early, 'wait', 'early') },
    optimizer: {
      step: int(o, 'step', 'optimizer'), emaCounter: { step: int(o, 'emaStep', 'optimizer'), initted: o.emaInitted === true },
      params: f64(o, 'params', 'optimizer', p), ema: f64(o, 'ema', 'optimizer', p), m: f64(o, 'm', 'optimizer', p), v: f64(o, 'v', 'optimizer', p), vmax: f64(o, 'vmax', 'optimizer', p),
    },
    best: best && {
      epoch: int(best, 'epoch', 'best'), metric: real(best, 'metric', 'best'), raw: f64(best, 'raw', 'best', p), ema: f64(best, 'ema', 'best', p),
      step: int(best, 'step', 'best'), emaStep: int(best, 'emaStep', 'best'), emaInitted: best.emaInitted === true,
    },
    model,
    data: j.data as string,
  };
}

/** JSON has no Infinity (the initial "best" of the scheduler and early stopping). */
function num(x: number): number | string {
  return x === Infinity ? 'Infinity' : x;
}

function vec(a: Float64Array): string {
  const bytes = new Uint8Array(8 * a.length);
  const view = new DataView(bytes.buffer);
  a.forEach((x, k) => view.setFloat64(8 * k, x, true));
  return encodeBase64(bytes);
}

function unvec(s: string): Float64Array | null {
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64(s);
  } catch {
    return null;
  }
  if (bytes.length % 8 !== 0) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Float64Array.from({ length: bytes.length / 8 }, (_, k) => view.getFloat64(8 * k, true));
}
