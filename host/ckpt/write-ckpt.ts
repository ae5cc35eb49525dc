// CampModel(s) → a PyTorch Lightning checkpoint with the layout of the public CAMP ones:
// state_dict = model.<name> (raw weights), ema.initted, ema.step, ema.ema_model.<name> (EMA
// weights), in the model's tensor order; hyper_parameters = the training *_hparams the caller
// gives plus other_hparams {data, default_dtype, model (CAMP's constructor arguments, the
// three 0-d tensors included)}; epoch, global_step. Pickle protocol 2 with only the globals
// campjs's whitelist reader accepts; zip entries stored under one top folder.
import type { CampModel, Tensor } from '../model/camp-model.js';
import { py, PyFloat, PyTensor } from './write-pickle.js';
import { pickle } from './write-pickle.js';
import { checkpointZip } from './write-zip.js';

export interface CheckpointContents {
  /** Raw (trained) weights: state_dict `model.*`. */
  readonly raw: CampModel;
  /** EMA weights (`ema.ema_model.*`), same hyperparameters; null: a checkpoint without EMA. */
  readonly ema: CampModel | null;
  /** ema.step (calls of EMA.update) and ema.initted. */
  readonly emaStep: number;
  readonly emaInitted: boolean;
  /** Epochs completed and optimiser steps taken. */
  readonly epoch: number;
  readonly globalStep: number;
  /** loss_hparams, metrics_hparams, … (what LitModel's constructor takes besides other_hparams). */
  readonly hyperParameters: ReadonlyMap<string, unknown>;
  /** Extra other_hparams entries (seed_everything, trainer, …). */
  readonly otherHparams?: ReadonlyMap<string, unknown>;
  /** Zip top folder (default 'archive', as torch.save). */
  readonly top?: string;
}

const LIGHTNING_VERSION = '2.2.4';

export function writeCheckpoint(c: CheckpointContents): Uint8Array {
  const storages = new Map<string, Uint8Array>();
  const tensor = (t: Tensor): PyTensor => {
    const key = String(storages.size);
    const { type, bytes } = storageOf(t);
    storages.set(key, bytes);
    return py.tensor({ storageType: type, key, numel: t.data.length, shape: t.shape });
  };
  const scalar = (x: number, type: 'float32' | 'float64' | 'int64' | 'bool'): PyTensor =>
    tensor({ dtype: type, shape: [], data: type === 'float32' ? Float32Array.of(x) : type === 'bool' ? Uint8Array.of(x) : Float64Array.of(x) });

  const stateDict = new Map<unknown, unknown>();
  for (const [name, t] of c.raw.tensors) stateDict.set(`model.${name}`, tensor(t));
  if (c.ema) {
    stateDict.set('ema.initted', scalar(c.emaInitted ? 1 : 0, 'bool'));
    stateDict.set('ema.step', scalar(c.emaStep, 'int64'));
    for (const [name, t] of c.ema.tensors) stateDict.set(`ema.ema_model.${name}`, tensor(t));
  }

  const hp = c.raw.hparams;
  const f32 = hp.defaultDtype === 'float32';
  // num_average_neigh is a 0-d tensor in CAMP's hparams; f64 storage when f32 would round it.
  const navg = scalar(hp.numAverageNeigh, f32 && Math.fround(hp.numAverageNeigh) === hp.numAverageNeigh ? 'float32' : 'float64');
  const readout = (name: string) => tensor(c.raw.tensors.get(`readout.atomic_energy_${name}`)!);
  const model = new Map<unknown, unknown>([
    ['max_chebyshev_degree', hp.maxChebyshevDegree], ['max_u', hp.nU - 1], ['max_v', hp.maxV], ['num_layers', hp.numLayers],
    ['output_mlp_hidden_layers', [...hp.outputMlpHidden]], ['radial_mlp_hidden_layers', [...hp.radialMlpHidden]],
    ['num_atom_types', hp.atomicNumbers.length], ['r_cut', new PyFloat(hp.rCut)],
    ['atomic_energy_shift', readout('shift')], ['atomic_energy_scale', readout('scale')], ['num_average_neigh', navg],
  ]);
  const other = new Map<unknown, unknown>([
    ['data', new Map<unknown, unknown>([['atomic_number', [...hp.atomicNumbers]], ['r_cut', new PyFloat(hp.rCut)]])],
    ['default_dtype', hp.defaultDtype],
    ['model', model],
    ...(c.otherHparams ?? new Map()),
  ]);
  const root = new Map<unknown, unknown>([
    ['epoch', c.epoch],
    ['global_step', c.globalStep],
    ['pytorch-lightning_version', LIGHTNING_VERSION],
    ['state_dict', py.odict(stateDict, new Map([['_metadata', py.odict([])]]))],
    ['hparams_name', 'kwargs'],
    ['hyper_parameters', new Map<unknown, unknown>([...c.hyperParameters, ['other_hparams', other]])],
  ]);
  return checkpointZip(pickle(root), storages, c.top ?? 'archive');
}

/** torch storage type and little-endian bytes of a tensor's elements. */
function storageOf(t: Tensor): { type: string; bytes: Uint8Array } {
  const n = t.data.length;
  const out = (size: number, put: (v: DataView, k: number, x: number) => void, type: string) => {
    const bytes = new Uint8Array(size * n);
    const view = new DataView(bytes.buffer);
    for (let k = 0; k < n; k++) put(view, k, t.data[k]);
    return { type, bytes };
  };
  switch (t.dtype) {
    case 'int64': return out(8, (v, k, x) => v.setBigInt64(8 * k, BigInt(x), true), 'LongStorage');
    case 'bool': return out(1, (v, k, x) => v.setUint8(k, x ? 1 : 0), 'BoolStorage');
    case 'float64': return out(8, (v, k, x) => v.setFloat64(8 * k, x, true), 'DoubleStorage');
    // float16/bfloat16 are held widened to f32 (camp-model.ts): written as float32, exactly.
    case 'float32': case 'float16': case 'bfloat16': return out(4, (v, k, x) => v.setFloat32(4 * k, x, true), 'FloatStorage');
    default: throw new Error(`cannot write a tensor of dtype ${t.dtype} to a checkpoint`);
  }
}
