// A small CAMP Lightning checkpoint built from scratch (no PyTorch, no ../shared): the same
// object tree torch.save writes for the real ones (state_dict with model.* and ema.ema_model.*
// tensors, ema.initted/step, optimizer state, callbacks, hyper_parameters with 0-d tensors),
// with seeded values. Tests tamper with the tree (`tree.root`, `tree.storages`) before packing.
import type { CampHyperParams } from '../../host/model/camp-model.js';
import { expectedTensors } from '../../host/model/validate.js';
import { checkpointZip, pickle, py, PyTensor, type TensorSpec } from './pickle-builder.js';

export const SYNTHETIC_HPARAMS: CampHyperParams = {
  atomicNumbers: [1, 8], rCut: 4.5, nU: 4, maxV: 2, numLayers: 2, maxChebyshevDegree: 3,
  radialMlpHidden: [5, 5], outputMlpHidden: [6], numAverageNeigh: 7.25, defaultDtype: 'float32',
};

export interface SyntheticOptions {
  readonly seed?: number;
  /** Zip top folder (real ones vary: 'archive', 'epoch=1702-step=4044625'). */
  readonly top?: string;
  /** 'float32' (default), 'float64', or null to leave `default_dtype` out as older runs do. */
  readonly defaultDtype?: 'float32' | 'float64' | null;
  /** Write radial_mlp_hidden_layers as an int n (n layers of width n_u) instead of a list. */
  readonly hiddenAsInt?: boolean;
  /** Leave the EMA weights out (a checkpoint trained without EMA). */
  readonly withoutEma?: boolean;
}

export interface SyntheticTree {
  /** The pickled object (tamper freely before `packCheckpoint`). */
  readonly root: Map<unknown, unknown>;
  readonly storages: Map<string, Uint8Array>;
  readonly top: string;
  readonly hparams: CampHyperParams;
  /** Intended row-major values per weights choice, by tensor name (without prefix). */
  readonly values: { readonly ema: Map<string, Float64Array>; readonly raw: Map<string, Float64Array> };
}

/** Name of the tensor stored non-contiguously (Fortran order at a storage offset). */
export const STRIDED_TENSOR = 'layers.0.atom_moment.radial.c';

export function syntheticTree(opts: SyntheticOptions = {}): SyntheticTree {
  const f64 = opts.defaultDtype === 'float64';
  const hp: CampHyperParams = {
    ...SYNTHETIC_HPARAMS,
    defaultDtype: f64 ? 'float64' : 'float32',
    radialMlpHidden: opts.hiddenAsInt ? [SYNTHETIC_HPARAMS.nU, SYNTHETIC_HPARAMS.nU] : SYNTHETIC_HPARAMS.radialMlpHidden,
  };
  const rng = seeded(opts.seed ?? 1);
  const storages = new Map<string, Uint8Array>();
  const storage = (type: string, values: ArrayLike<number>): string => {
    const key = String(storages.size);
    storages.set(key, encode(type, values));
    return key;
  };
  const tensor = (type: string, values: ArrayLike<number>, shape: number[]) =>
    py.tensor({ storageType: type, key: storage(type, values), numel: values.length, shape });
  const scalar = (x: number) => tensor('FloatStorage', [x], []);
  const floatType = f64 ? 'DoubleStorage' : 'FloatStorage';

  const values = { ema: new Map<string, Float64Array>(), raw: new Map<string, Float64Array>() };
  const stateDict = new Map<unknown, unknown>();
  for (const weights of opts.withoutEma ? (['raw'] as const) : (['raw', 'ema'] as const)) {
    const prefix = weights === 'ema' ? 'ema.ema_model.' : 'model.';
    if (weights === 'ema') {
      stateDict.set('ema.initted', tensor('BoolStorage', [1], []));
      stateDict.set('ema.step', tensor('LongStorage', [123456], []));
    }
    for (const [name, want] of expectedTensors(hp)) {
      const n = want.shape.reduce((a, b) => a * b, 1);
      const v = new Float64Array(n).map(() => (f64 ? rng() - 0.5 : Math.fround(rng() - 0.5)));
      values[weights].set(name, v);
      const spec = name === STRIDED_TENSOR ? fortranOrder(floatType, v, want.shape, storage) : null;
      stateDict.set(prefix + name, spec ? py.tensor(spec) : tensor(floatType, v, [...want.shape]));
    }
  }

  const model = new Map<unknown, unknown>([
    ['max_chebyshev_degree', hp.maxChebyshevDegree], ['max_u', hp.nU - 1], ['max_v', hp.maxV],
    ['num_layers', hp.numLayers], ['output_mlp_hidden_layers', [...hp.outputMlpHidden]],
    ['radial_mlp_hidden_layers', opts.hiddenAsInt ? 2 : [...hp.radialMlpHidden]],
    ['num_atom_types', hp.atomicNumbers.length], ['r_cut', py.float(hp.rCut)],
    ['atomic_energy_shift', scalar(-3.5)], ['atomic_energy_scale', scalar(1.25)], ['num_average_neigh', scalar(hp.numAverageNeigh)],
  ]);
  const other = new Map<unknown, unknown>([
    ['data', new Map<unknown, unknown>([['atomic_number', [...hp.atomicNumbers]], ['r_cut', py.float(hp.rCut)], ['train_batch_size', 4]])],
    ['model', model],
    ['seed_everything', 35],
    ['git_commit', 'commit 0123456789abcdef\nAuthor: test'],
  ]);
  if (opts.defaultDtype !== null) other.set('default_dtype', hp.defaultDtype);

  const root = new Map<unknown, unknown>([
    ['epoch', 7],
    ['global_step', 2 ** 40], // beyond int32: pickled as LONG1
    ['pytorch-lightning_version', '2.2.4'],
    ['state_dict', py.odict(stateDict, new Map([['_metadata', py.odict([['', new Map([['version', 1]])]])]]))],
    ['callbacks', new Map([["EarlyStopping{'monitor': 'val/mse_e'}", new Map<unknown, unknown>([['best_score', scalar(0.5)], ['stopped', false]])]])],
    ['optimizer_states', [new Map<unknown, unknown>([
      ['state', new Map([[0, new Map<unknown, unknown>([['step', scalar(9)], ['exp_avg', tensor('DoubleStorage', [1, 2, 3], [3])]])]])],
      ['param_groups', [new Map<unknown, unknown>([['lr', 0.01], ['betas', py.tuple(0.9, 0.999)], ['amsgrad', true], ['params', [0, 1]]])]],
    ])]],
    ['lr_schedulers', [new Map<unknown, unknown>([['mode_worse', Infinity], ['min_lrs', [0]], ['verbose', null], ['eps', 1e-8]])]],
    ['hparams_name', 'kwargs'],
    ['hyper_parameters', new Map([['other_hparams', other]])],
  ]);
  return { root, storages, top: opts.top ?? 'archive', hparams: hp, values };
}

export function packCheckpoint(tree: SyntheticTree): Uint8Array {
  return checkpointZip(pickle(tree.root), tree.storages, tree.top);
}

export function syntheticCheckpoint(opts: SyntheticOptions = {}): Uint8Array {
  return packCheckpoint(syntheticTree(opts));
}

/** The state_dict OrderedDict's entries (to replace or delete tensors). */
export function stateDictOf(tree: SyntheticTree): Map<unknown, unknown> {
  return (tree.root.get('state_dict') as { entries: Map<unknown, unknown> }).entries;
}

/** Spec of a state_dict tensor, to re-point it (shape, dtype, key…). */
export function specOf(tree: SyntheticTree, key: string): TensorSpec {
  const t = stateDictOf(tree).get(key);
  if (!(t instanceof PyTensor)) throw new Error(`synthetic checkpoint has no tensor '${key}'`);
  return t.spec;
}

/** Stores `v` (row-major `shape`) column-major after 3 unused elements: a strided view with offset. */
function fortranOrder(type: string, v: Float64Array, shape: readonly number[], storage: (type: string, values: ArrayLike<number>) => string): TensorSpec {
  const offset = 3;
  const stride: number[] = [];
  let s = 1;
  for (const dim of shape) {
    stride.push(s);
    s *= dim;
  }
  const buf = new Float64Array(offset + v.length).fill(99);
  const index = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < v.length; i++) {
    buf[offset + index.reduce((acc, k, d) => acc + k * stride[d], 0)] = v[i];
    for (let d = shape.length - 1; d >= 0 && ++index[d] === shape[d]; d--) index[d] = 0;
  }
  return { storageType: type, key: storage(type, buf), numel: buf.length, offset, shape, stride };
}

function encode(type: string, values: ArrayLike<number>): Uint8Array {
  const n = values.length;
  switch (type) {
    case 'FloatStorage': return new Uint8Array(Float32Array.from(values).buffer);
    case 'DoubleStorage': return new Uint8Array(Float64Array.from(values).buffer);
    case 'LongStorage': return new Uint8Array(BigInt64Array.from(Array.from(values, (x) => BigInt(x))).buffer);
    case 'BoolStorage': return Uint8Array.from(values);
    default: throw new Error(`ckpt-synthetic: cannot encode ${type} (${n} values)`);
  }
}

/** mulberry32 in [0, 1). */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
