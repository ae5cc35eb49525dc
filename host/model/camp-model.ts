// The in-memory description of a CAMP model, independent of where it came from (.ckpt or
// .campjs). Everything the evaluators need and nothing else: hyperparameters, the element list
// and the weight tensors, named as in the checkpoint's state_dict without the
// `ema.ema_model.` / `model.` prefix (e.g. `layers.0.atom_moment.radial.c`).

/** Element types a tensor may hold in a checkpoint. */
export type TensorDtype = 'float16' | 'bfloat16' | 'float32' | 'float64' | 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'bool';

/** A dense, row-major (C-contiguous) tensor. Floating tensors keep the precision they were stored in. */
export interface Tensor {
  readonly dtype: TensorDtype;
  readonly shape: readonly number[];
  /** Row-major data; float16/bfloat16 are widened to Float32Array, int64 to Float64Array (exact up to 2^53). */
  readonly data: Float32Array | Float64Array | Int32Array | Int16Array | Int8Array | Uint8Array;
}

export interface CampHyperParams {
  /** Atomic numbers the model supports, ascending; the type index of an atom is its rank here. */
  readonly atomicNumbers: readonly number[];
  /** Cutoff radius, Å. */
  readonly rCut: number;
  /** Channels n_u = max_u + 1. */
  readonly nU: number;
  /** Highest tensor rank of atomic features (1..3 supported). */
  readonly maxV: number;
  readonly numLayers: number;
  /** Chebyshev degree K; the radial basis has K + 1 functions. */
  readonly maxChebyshevDegree: number;
  /** Hidden widths of each radial MLP (n_u -> H1 -> ... -> n_u). */
  readonly radialMlpHidden: readonly number[];
  /** Hidden widths of the output MLP of the last layer (n_u -> ... -> 1). */
  readonly outputMlpHidden: readonly number[];
  /** N_avg: messages are divided by sqrt(N_avg). */
  readonly numAverageNeigh: number;
  /** Precision the model was trained in ('float32' when the checkpoint does not say). */
  readonly defaultDtype: 'float32' | 'float64';
}

export interface CampModelSource {
  readonly format: 'ckpt' | 'campjs';
  /** Which weights of a Lightning checkpoint: EMA (default, what the reference calculator uses) or raw. */
  readonly weights: 'ema' | 'raw';
  /** File name when known (for messages and provenance). */
  readonly file?: string;
  /** Hex SHA-256 of the original checkpoint bytes, when known. */
  readonly sha256?: string;
  /** Free-form provenance carried through conversions (e.g. training config path, epoch). */
  readonly notes?: Readonly<Record<string, string>>;
}

export interface CampModel {
  readonly hparams: CampHyperParams;
  /** state_dict tensors without prefix, in checkpoint order. Includes readout.atomic_energy_{scale,shift}. */
  readonly tensors: ReadonlyMap<string, Tensor>;
  readonly source: CampModelSource;
}

/** Type index of each atomic number, or throws naming the element the model does not know. */
export function typeIndices(hp: CampHyperParams, numbers: ArrayLike<number>): Int32Array {
  const out = new Int32Array(numbers.length);
  for (let i = 0; i < numbers.length; i++) {
    const t = hp.atomicNumbers.indexOf(numbers[i]);
    if (t < 0) {
      throw new Error(`atom ${i} has atomic number ${numbers[i]}, which this model does not support (it knows ${hp.atomicNumbers.join(', ')})`);
    }
    out[i] = t;
  }
  return out;
}

/** Looks a tensor up or throws naming it. */
export function tensor(model: CampModel, name: string): Tensor {
  const t = model.tensors.get(name);
  if (!t) throw new Error(`model has no tensor '${name}'`);
  return t;
}
