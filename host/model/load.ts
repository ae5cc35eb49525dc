// One entry point for model bytes: a PyTorch Lightning checkpoint (zip) or a .campjs file,
// told apart by their magic bytes. Platform-neutral (bytes in, CampModel out).
import { isZip } from '../ckpt/zip.js';
import { loadCheckpoint, type WeightsChoice } from '../ckpt/load-ckpt.js';
import { isCampjs, readCampjs } from '../format/campjs-file.js';
import { ModelFileError } from '../format/model-file-error.js';
import { sha256Hex } from '../util/sha256.js';
import type { CampModel } from './camp-model.js';

export interface LoadModelOptions {
  /** EMA weights (default, as the reference calculator) or the raw trained weights. */
  readonly weights?: WeightsChoice;
  /** File name, for messages and provenance. */
  readonly file?: string;
}

export function loadCampModel(bytes: Uint8Array, opts: LoadModelOptions = {}): CampModel {
  const { file, weights } = opts;
  if (isZip(bytes)) return loadCheckpoint(bytes, { file, weights, sha256: sha256Hex(bytes) });
  if (isCampjs(bytes)) {
    const model = readCampjs(bytes, file);
    if (weights !== undefined && weights !== model.source.weights) {
      throw new ModelFileError(file, `this .campjs file holds the ${model.source.weights} weights, not the ${weights} ones; convert the checkpoint again with --weights ${weights}`);
    }
    return model;
  }
  const head = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
  throw new ModelFileError(file, `neither a PyTorch checkpoint (zip) nor a .campjs model file (first bytes: ${head || 'none, the file is empty'})`);
}
