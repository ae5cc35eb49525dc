// Checks a CampModel before anything evaluates it: hyperparameters in range, and EVERY tensor
// present with exactly the shape the hyperparameters imply (no missing, no extra, all finite).
// The expected names mirror the reference state_dict; rule and path counts come from rules.ts.
import { ModelFileError } from '../format/model-file-error.js';
import type { CampHyperParams, CampModel } from './camp-model.js';
import { atomicMomentPaths, hyperMomentRules } from './rules.js';

export interface ExpectedTensor {
  readonly shape: readonly number[];
  /** How the shape follows from the hyperparameters, for messages. */
  readonly why: string;
  /** Also accepted: one value per element type instead of a 0-d scalar. */
  readonly perTypeAllowed?: boolean;
}

const FLOAT_DTYPES = new Set(['float16', 'bfloat16', 'float32', 'float64']);
const LIMITS = { maxZ: 118, maxChannels: 4096, maxLayers: 64, maxDegree: 64, maxHiddenLayers: 64 };

/** Every tensor a model with these hyperparameters has, in the reference state_dict's order. */
export function expectedTensors(hp: CampHyperParams): Map<string, ExpectedTensor> {
  const out = new Map<string, ExpectedTensor>();
  const T = hp.atomicNumbers.length;
  const nU = hp.nU;
  const square = { shape: [nU, nU], why: '(n_u, n_u)' };
  const add = (name: string, shape: number[], why: string) => out.set(name, { shape, why });
  const mlp = (prefix: string, widths: number[], what: string) => {
    for (let k = 0; k + 1 < widths.length; k++) {
      add(`${prefix}.layers.${2 * k}.weight`, [widths[k + 1], widths[k]], `${what} layer ${k} (out, in)`);
      add(`${prefix}.layers.${2 * k}.bias`, [widths[k + 1]], `${what} layer ${k} (out)`);
    }
  };

  add('atom_embedding.linear.weight', [nU, T], '(n_u, element types)');
  add('atom_embedding.linear.bias', [nU], '(n_u)');
  for (let l = 0; l < hp.numLayers; l++) {
    const p = `layers.${l}`;
    const vIn = l === 0 ? 0 : hp.maxV;
    const vOut = l === hp.numLayers - 1 ? 0 : hp.maxV;
    for (let v = 0; v <= vIn; v++) out.set(`${p}.mlp_mix_atom_feats.${v}.weight`, square);
    add(`${p}.atom_moment.radial.c`, [T, T, nU, hp.maxChebyshevDegree + 1], '(types, types, n_u, K+1)');
    const groups = atomicMomentPaths(hp.maxV, vIn);
    for (const group of groups) {
      for (const { v, v1, v2 } of group) mlp(`${p}.atom_moment.radial_mlp.${v}_${v1}_${v2}`, [nU, ...hp.radialMlpHidden, nU], 'radial MLP');
    }
    groups.forEach((group, v) => {
      if (group.length > 1) add(`${p}.atom_moment.linear_path.${v}.weight`, [group.length, nU], `(paths to rank ${v}, n_u)`);
    });
    for (let v = 0; v <= hp.maxV; v++) out.set(`${p}.atom_moment.linear_channel.${v}.weight`, square);
    for (let w = 0; w <= vOut; w++) {
      const rules = hyperMomentRules(hp.maxV, w).length;
      if (rules > 1) add(`${p}.hyper_moment.linear_path.${w}.weight`, [rules, nU], `(hyper-moment rules of rank ${w}, n_u)`);
    }
    for (let w = 0; w <= vOut; w++) out.set(`${p}.linear_channel_hyper.${w}.weight`, square);
    if (l > 0) for (let w = 0; w <= Math.min(vIn, vOut); w++) out.set(`${p}.linear_channel_feats.${w}.weight`, square);
  }
  out.set('readout.atomic_energy_shift', { shape: [], why: '() or (types)', perTypeAllowed: true });
  out.set('readout.atomic_energy_scale', { shape: [], why: '() or (types)', perTypeAllowed: true });
  for (let l = 0; l + 1 < hp.numLayers; l++) {
    add(`readout.out_layers.${l}.weight`, [1, nU], '(1, n_u)');
    add(`readout.out_layers.${l}.bias`, [1], '(1)');
  }
  mlp(`readout.out_layers.${hp.numLayers - 1}`, [nU, ...hp.outputMlpHidden, 1], 'output MLP');
  return out;
}

/** Throws a ModelFileError naming the first problem with the hyperparameters. */
export function validateHyperParams(hp: CampHyperParams, file?: string): void {
  const fail = (problem: string): never => {
    throw new ModelFileError(file, `invalid hyperparameter ${problem}`);
  };
  const int = (name: string, v: number, lo: number, hi: number) => {
    if (!Number.isInteger(v) || v < lo || v > hi) fail(`${name} = ${v}: expected an integer in ${lo}..${hi}`);
  };
  const zs = hp.atomicNumbers;
  if (zs.length === 0) fail('atomic numbers: the list is empty');
  zs.forEach((z, i) => {
    int(`atomic number #${i}`, z, 1, LIMITS.maxZ);
    if (i > 0 && z <= zs[i - 1]) fail(`atomic numbers [${zs.join(', ')}]: not strictly ascending`);
  });
  if (!(Number.isFinite(hp.rCut) && hp.rCut > 0)) fail(`r_cut = ${hp.rCut} Å: expected a positive number`);
  int('n_u (max_u + 1)', hp.nU, 1, LIMITS.maxChannels);
  int('max_v', hp.maxV, 1, 3);
  int('num_layers', hp.numLayers, 1, LIMITS.maxLayers);
  int('max_chebyshev_degree', hp.maxChebyshevDegree, 0, LIMITS.maxDegree);
  for (const [name, widths] of [['radial_mlp_hidden_layers', hp.radialMlpHidden], ['output_mlp_hidden_layers', hp.outputMlpHidden]] as const) {
    if (widths.length > LIMITS.maxHiddenLayers) fail(`${name}: ${widths.length} layers, at most ${LIMITS.maxHiddenLayers}`);
    widths.forEach((w, i) => int(`${name}[${i}]`, w, 1, LIMITS.maxChannels));
  }
  if (!(Number.isFinite(hp.numAverageNeigh) && hp.numAverageNeigh > 0)) fail(`num_average_neigh = ${hp.numAverageNeigh}: expected a positive number`);
  if (hp.defaultDtype !== 'float32' && hp.defaultDtype !== 'float64') fail(`default_dtype = ${String(hp.defaultDtype)}: expected float32 or float64`);
}

/** Throws a ModelFileError naming the tensor and the expected and actual shapes. */
export function validateCampModel(model: CampModel, file: string | undefined = model.source.file): void {
  validateHyperParams(model.hparams, file);
  const fail = (problem: string): never => {
    throw new ModelFileError(file, problem);
  };
  const expected = expectedTensors(model.hparams);
  const types = model.hparams.atomicNumbers.length;
  for (const [name, want] of expected) {
    const t = model.tensors.get(name) ?? fail(`model has no tensor '${name}' (expected shape ${fmt(want.shape)} ${want.why}; weights '${model.source.weights}')`);
    const ok = sameShape(t.shape, want.shape) || (want.perTypeAllowed === true && sameShape(t.shape, [types]));
    if (!ok) fail(`tensor '${name}' has shape ${fmt(t.shape)}, expected ${want.perTypeAllowed ? `${fmt(want.shape)} or ${fmt([types])}` : fmt(want.shape)} ${want.why} from the hyperparameters`);
    if (!FLOAT_DTYPES.has(t.dtype)) fail(`tensor '${name}' has dtype ${t.dtype}, expected a floating-point type`);
    const bad = t.data.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) fail(`tensor '${name}' holds a non-finite value (${t.data[bad]}) at flat index ${bad}`);
  }
  for (const name of model.tensors.keys()) {
    if (!expected.has(name)) fail(`unexpected tensor '${name}': no such weight in a CAMP model with max_v ${model.hparams.maxV} and ${model.hparams.numLayers} layers`);
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function fmt(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}
