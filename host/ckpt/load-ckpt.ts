// PyTorch Lightning checkpoint → CampModel: unzip, unpickle (whitelisted globals only), pick the
// EMA (default, as the reference calculator does) or raw weights from the state_dict, read the
// hyperparameters, then validate every tensor's shape against them.
import type { CampModel, CampModelSource, Tensor } from '../model/camp-model.js';
import { validateCampModel } from '../model/validate.js';
import { ModelFileError } from '../format/model-file-error.js';
import { readHyperParams } from './hparams.js';
import { isTensorRef, loadTorchPickle } from './torch-pickle.js';
import { materializeTensor } from './torch-tensor.js';
import { describe } from './unpickler.js';
import { readCheckpointZip } from './zip.js';

export type WeightsChoice = 'ema' | 'raw';

export const STATE_DICT_PREFIX: Readonly<Record<WeightsChoice, string>> = { ema: 'ema.ema_model.', raw: 'model.' };

/** Reads a `--weights` style option; undefined stays undefined (the default, EMA). */
export function parseWeightsChoice(value: string | undefined): WeightsChoice | undefined {
  if (value === undefined || value === 'ema' || value === 'raw') return value;
  throw new Error(`weights must be 'ema' or 'raw', not '${value}'`);
}

export interface CheckpointLoadOptions {
  readonly weights?: WeightsChoice;
  /** File name for messages and provenance. */
  readonly file?: string;
  /** Hex SHA-256 of `bytes`, recorded in the model's source when given. */
  readonly sha256?: string;
}

export function loadCheckpoint(bytes: Uint8Array, opts: CheckpointLoadOptions = {}): CampModel {
  const { file } = opts;
  const weights = opts.weights ?? 'ema';
  const fail = (problem: string): never => {
    throw new ModelFileError(file, problem);
  };
  const archive = readCheckpointZip(bytes, file);
  const root = loadTorchPickle(archive, file);
  if (!(root instanceof Map)) return fail(`data.pkl holds ${describe(root)}, not a Lightning checkpoint dict`);
  const stateDict = root.get('state_dict');
  if (!(stateDict instanceof Map)) return fail(`checkpoint has no state_dict (found ${describe(stateDict)})`);

  const prefix = STATE_DICT_PREFIX[weights];
  const tensors = new Map<string, Tensor>();
  for (const [key, value] of stateDict) {
    if (typeof key !== 'string' || !key.startsWith(prefix)) continue;
    if (!isTensorRef(value)) return fail(`state_dict['${key}'] is ${describe(value)}, not a tensor`);
    tensors.set(key.slice(prefix.length), materializeTensor(value, (p) => fail(`state_dict['${key}']: ${p}`)));
  }
  if (tensors.size === 0) {
    const hint = weights === 'ema' ? "; it may have been saved without EMA: load it with weights 'raw'" : '';
    return fail(`checkpoint has no ${weights === 'ema' ? 'EMA' : 'raw'} weights: no state_dict key starts with '${prefix}'${hint}`);
  }

  const model: CampModel = {
    hparams: readHyperParams(root, fail),
    tensors,
    source: { format: 'ckpt', weights, ...(file !== undefined && { file }), ...(opts.sha256 !== undefined && { sha256: opts.sha256 }), notes: provenance(root, archive.top) },
  };
  validateCampModel(model, file);
  return model;
}

/** Training provenance worth carrying into a converted file. */
function provenance(root: Map<unknown, unknown>, top: string): CampModelSource['notes'] {
  const notes: Record<string, string> = { checkpoint_folder: top.replace(/\/$/, '') };
  for (const key of ['epoch', 'global_step', 'pytorch-lightning_version']) {
    const v = root.get(key);
    if (typeof v === 'number' || typeof v === 'string') notes[key] = String(v);
  }
  const hp = root.get('hyper_parameters');
  const other = hp instanceof Map ? hp.get('other_hparams') : undefined;
  const commit = other instanceof Map ? other.get('git_commit') : undefined;
  if (typeof commit === 'string') notes.git_commit = commit.split('\n')[0].replace(/^commit\s+/, '');
  return notes;
}
