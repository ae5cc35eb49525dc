// Opens the force model named on a command line: a pair-potential spec (`lj:...`, `morse:...`,
// see pair-spec.ts) or a CAMP model file (.ckpt / .campjs) through loadModel. Returns the
// calculator with the identity a receipt records (sha256 of the file, or of the spec text).
import type { Calculator } from '../calculator.js';
import { loadModel } from '../api.js';
import { sha256Hex } from '../util/sha256.js';
import { PairCalculator } from './lj-calculator.js';
import { formatPairSpec, isPairSpec, parsePairSpec } from './pair-spec.js';

export interface ModelSource {
  readonly calculator: Calculator;
  /** sha256 of the model file's bytes, or of the canonical pair-potential spec. */
  readonly sha256: string;
  /** Canonical pair-potential spec; absent for model files. */
  readonly spec?: string;
}

export interface OpenModelOptions {
  /** Checkpoint weights (CAMP files). */
  readonly weights?: 'ema' | 'raw';
  /** Verlet skin of the CAMP calculator's neighbour list, Å. */
  readonly skin?: number;
}

/** `read(path)` supplies a model file's bytes (the caller owns file access). */
export async function openModel(model: string, read: (path: string) => Uint8Array | Promise<Uint8Array>,
  options: OpenModelOptions = {}): Promise<ModelSource> {
  if (isPairSpec(model)) {
    const spec = formatPairSpec(parsePairSpec(model));
    return { calculator: await PairCalculator.create(spec), sha256: sha256Hex(new TextEncoder().encode(spec)), spec };
  }
  const bytes = await read(model);
  const file = model.slice(model.search(/[^/\\]*$/));
  const calculator = await loadModel(bytes, { file, ...(options.weights && { weights: options.weights }), ...(options.skin !== undefined && { skin: options.skin }) });
  return { calculator, sha256: calculator.modelSha256 ?? sha256Hex(bytes) };
}

// Lives apart so MD (and the worker bundle) can check elements without the model loaders.
export { checkElements } from './check-elements.js';
