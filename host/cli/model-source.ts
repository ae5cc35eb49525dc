// Opens the force model named on a command line: a pair-potential spec (`lj:...`, `morse:...`,
// see pair-spec.ts) or a CAMP model file (.ckpt / .campjs) through loadModel. Returns the
// calculator with the identity a receipt records (sha256 of the file, or of the spec text).
import type { Calculator } from '../calculator.js';
import { loadModel } from '../api.js';
import { symbolOf } from '../elements.js';
import { sha256Hex } from '../util/sha256.js';
import { PairCalculator } from '../calculators/pair-calculator.js';
import { formatPairSpec, isPairSpec, parsePairSpec } from '../calculators/pair-spec.js';

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
  /** Bytes each optional activation store of a CAMP model may take (CampCalculatorOptions.activationBudget). */
  readonly activationBudget?: number;
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
  const calculator = await loadModel(bytes, { file, ...(options.weights && { weights: options.weights }), ...(options.skin !== undefined && { skin: options.skin }),
    ...(options.activationBudget !== undefined && { activationBudget: options.activationBudget }) });
  return { calculator, sha256: sha256Hex(bytes) };
}

/** Throws naming the first atom whose element the calculator does not support. */
export function checkElements(calculator: Calculator, numbers: ArrayLike<number>, where: string): void {
  const supported = calculator.atomicNumbers;
  if (!supported) return;
  for (let i = 0; i < numbers.length; i++) {
    if (!supported.includes(numbers[i])) {
      throw new Error(`${where}: atom ${i} is ${symbolOf(numbers[i])} (Z=${numbers[i]}), which the model does not support (it knows ${supported.map(symbolOf).join(', ')})`);
    }
  }
}
