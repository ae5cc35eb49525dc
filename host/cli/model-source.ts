// Opens the force model named on a command line: a pair-potential spec (`lj:...`, `morse:...`,
// see pair-spec.ts) or a CAMP model file (.ckpt / .campjs) through loadModel. Returns the
// calculator with the identity a receipt records (sha256 of the file, or of the spec text).
// The word 'default' is campjs's built-in model (host/model/default-model.ts).
import type { Calculator } from '../calculator.js';
import type { BackendChoice } from '../backends/backend.js';
import { selectBackend } from '../backends/select.js';
import { loadModel } from '../api.js';
import { sha256Hex } from '../util/sha256.js';
import { PairCalculator } from '../calculators/pair-calculator.js';
import { formatPairSpec, isPairSpec, parsePairSpec } from '../calculators/pair-spec.js';
import type { RadialMode } from '../model/radial-table.js';
import { DEFAULT_MODEL, DEFAULT_MODEL_FILE, DEFAULT_MODEL_NAME, defaultModelBytes } from '../model/default-model.js';

export interface ModelSource {
  readonly calculator: Calculator;
  /** sha256 of the model file's bytes, or of the canonical pair-potential spec. */
  readonly sha256: string;
  /** Canonical pair-potential spec; absent for model files. */
  readonly spec?: string;
  /** The built-in model's name when the model is the built-in one (receipts record it). */
  readonly builtin?: string;
  /** The backend it runs on (receipts record it; verify replays there). */
  readonly backend: string;
  /** The GPU adapter of the webgpu backend (receipts record it). */
  readonly adapter?: string;
  /** Knots per radial table when the model runs in 'table' mode (receipts record it); else absent. */
  readonly radialKnots?: number;
}

export interface OpenModelOptions {
  /** Checkpoint weights (CAMP files). */
  readonly weights?: 'ema' | 'raw';
  /** Verlet skin of the CAMP calculator's neighbour list, Å. */
  readonly skin?: number;
  /** Bytes each optional activation store of a CAMP model may take (CampCalculatorOptions.activationBudget). */
  readonly activationBudget?: number;
  /** Where a CAMP model runs (pair potentials run in the Wasm core): default 'auto'. */
  readonly backend?: BackendChoice;
  /** Radial MLPs exactly (default) or tabulated (CAMP files; CampCalculatorOptions.radial). */
  readonly radial?: RadialMode;
  /** Knots per radial table (CampCalculatorOptions.radialKnots). */
  readonly radialKnots?: number;
}

/** `read(path)` supplies a model file's bytes (the caller owns file access). */
export async function openModel(model: string, read: (path: string) => Uint8Array | Promise<Uint8Array>,
  options: OpenModelOptions = {}): Promise<ModelSource> {
  if (isPairSpec(model)) {
    if (options.radial === 'table') throw new Error(`--radial table: ${model} is a pair potential; tabulated radial functions are for CAMP models`);
    const spec = formatPairSpec(parsePairSpec(model));
    selectBackend(options.backend); // refuses an unknown backend, as for model files
    if (options.backend === 'webgpu') throw new Error(`--backend webgpu: ${model} is a pair potential, which runs in the Wasm core; webgpu is for CAMP models`);
    const calculator = await PairCalculator.create(spec);
    return { calculator, sha256: calculator.modelSha256, spec, backend: 'wasm' };
  }
  const builtin = model === DEFAULT_MODEL;
  const bytes = builtin ? await defaultModelBytes() : await read(model);
  const file = builtin ? DEFAULT_MODEL_FILE : model.slice(model.search(/[^/\\]*$/));
  const calculator = await loadModel(bytes, { file, ...(options.weights && { weights: options.weights }), ...(options.skin !== undefined && { skin: options.skin }),
    ...(options.activationBudget !== undefined && { activationBudget: options.activationBudget }), backend: options.backend,
    ...(options.radial !== undefined && { radial: options.radial }), ...(options.radialKnots !== undefined && { radialKnots: options.radialKnots }) });
  const radialKnots = calculator.radialKnots;
  const adapter = (calculator.device as { adapter?: string }).adapter;
  return { calculator, sha256: calculator.modelSha256 ?? sha256Hex(bytes), backend: calculator.backend, ...(adapter !== undefined && { adapter }), ...(radialKnots !== undefined && { radialKnots }),
    ...(builtin && { builtin: DEFAULT_MODEL_NAME }) };
}

// Lives apart so MD (and the worker bundle) can check elements without the model loaders.
export { checkElements } from '../md/check-elements.js';
