// Hyperparameters of a CAMP Lightning checkpoint, from `hyper_parameters.other_hparams`:
// `data.atomic_number`, `data.r_cut`, `default_dtype` (absent in older runs → float32) and
// `model.*`. num_average_neigh (and the energy scale/shift) are pickled 0-d tensors.
import type { CampHyperParams } from '../model/camp-model.js';
import { isTensorRef } from './torch-pickle.js';
import { materializeTensor } from './torch-tensor.js';
import { describe } from './unpickler.js';

type Fail = (problem: string) => never;

/** Bound on an int hidden-layer count, so a corrupt value cannot ask for a huge array. */
const MAX_HIDDEN_LAYERS = 64;

/** Reads and type-checks the hyperparameters; ranges are checked later by validateHyperParams. */
export function readHyperParams(root: Map<unknown, unknown>, fail: Fail): CampHyperParams {
  const other = dict(dict(root, 'hyper_parameters', '', fail), 'other_hparams', 'hyper_parameters', fail);
  const base = 'hyper_parameters.other_hparams';
  const data = dict(other, 'data', base, fail);
  const model = dict(other, 'model', base, fail);
  const at = (d: Map<unknown, unknown>, key: string, path: string) => ({ value: need(d, key, path, fail), path: `${path}.${key}` });
  const int = (key: string) => integer(at(model, key, `${base}.model`), fail);

  const atomicNumbers = list(at(data, 'atomic_number', `${base}.data`), fail).map((z) => integer(z, fail));
  const nU = int('max_u') + 1;
  const numTypes = int('num_atom_types');
  if (numTypes !== atomicNumbers.length) {
    fail(`${base}.model.num_atom_types is ${numTypes} but ${base}.data.atomic_number lists ${atomicNumbers.length} elements`);
  }
  const rCutData = number(at(data, 'r_cut', `${base}.data`), fail);
  const rCutModel = model.has('r_cut') ? number(at(model, 'r_cut', `${base}.model`), fail) : rCutData;
  if (rCutModel !== rCutData) fail(`${base}.model.r_cut (${rCutModel}) differs from ${base}.data.r_cut (${rCutData})`);
  const dtype = other.has('default_dtype') ? other.get('default_dtype') : 'float32';
  if (dtype !== 'float32' && dtype !== 'float64') fail(`${base}.default_dtype is ${describe(dtype)}, expected 'float32' or 'float64'`);

  return {
    atomicNumbers: [...atomicNumbers].sort((a, b) => a - b),
    rCut: rCutModel,
    nU,
    maxV: int('max_v'),
    numLayers: int('num_layers'),
    maxChebyshevDegree: int('max_chebyshev_degree'),
    radialMlpHidden: hidden(at(model, 'radial_mlp_hidden_layers', `${base}.model`), nU, fail),
    outputMlpHidden: hidden(at(model, 'output_mlp_hidden_layers', `${base}.model`), nU, fail),
    numAverageNeigh: number(at(model, 'num_average_neigh', `${base}.model`), fail),
    defaultDtype: dtype,
  };
}

type At = { value: unknown; path: string };

function need(d: Map<unknown, unknown>, key: string, path: string, fail: Fail): unknown {
  if (!d.has(key)) fail(`checkpoint has no ${path ? `${path}.` : ''}${key}`);
  return d.get(key);
}

function dict(d: Map<unknown, unknown>, key: string, path: string, fail: Fail): Map<unknown, unknown> {
  const v = need(d, key, path, fail);
  if (!(v instanceof Map)) fail(`${path ? `${path}.` : ''}${key} is ${describe(v)}, not a dict`);
  return v;
}

function list({ value, path }: At, fail: Fail): At[] {
  if (!Array.isArray(value)) return fail(`${path} is ${describe(value)}, not a list`);
  return value.map((v, i) => ({ value: v, path: `${path}[${i}]` }));
}

function integer({ value, path }: At, fail: Fail): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) return fail(`${path} is ${describe(value)}, not an integer`);
  return value;
}

/** A float, or a one-element tensor (how CAMP stores num_average_neigh). */
function number({ value, path }: At, fail: Fail): number {
  if (isTensorRef(value)) {
    const t = materializeTensor(value, (p) => fail(`${path}: ${p}`));
    if (t.data.length !== 1) fail(`${path} is a tensor of shape (${t.shape.join(', ')}), expected a single number`);
    return t.data[0];
  }
  if (typeof value !== 'number') return fail(`${path} is ${describe(value)}, not a number`);
  return value;
}

/** Hidden widths: a list, or an int n meaning n layers of width n_u. */
function hidden(at: At, nU: number, fail: Fail): number[] {
  if (typeof at.value === 'number') {
    const n = integer(at, fail);
    if (n < 0 || n > MAX_HIDDEN_LAYERS) fail(`${at.path} is ${n}; expected 0..${MAX_HIDDEN_LAYERS} hidden layers`);
    return new Array<number>(n).fill(nU);
  }
  return list(at, fail).map((w) => integer(w, fail));
}
