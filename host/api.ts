// The entry point most users want: a CAMP checkpoint or .campjs model — as bytes, a fetch
// Response, or a path (Node/Deno/Bun) / URL (browsers, workers) — in, a ready Calculator out.
import { loadCampModel } from './model/load.js';
import { CampCalculator, type CampCalculatorOptions } from './calculators/camp-calculator.js';
import { readSource, type Source } from './load-source.js';
import { sha256Hex } from './util/sha256.js';
import { DEFAULT_MODEL_FILE, defaultModelBytes, isDefaultModel } from './model/default-model.js';

export interface LoadModelOptions extends CampCalculatorOptions {
  /** Lightning checkpoints: EMA weights (default, as CAMP's ASE calculator) or the raw ones. */
  readonly weights?: 'ema' | 'raw';
  /** Name used in messages and provenance (default: the path's or URL's last segment). */
  readonly file?: string;
}

/**
 * `source` omitted or 'default': campjs's built-in H/C/N/O model (models/campjs-hcno/MODEL.md),
 * embedded in the bundle. A file named `default` is read as './default'.
 */
export async function loadModel(source?: Source, options: LoadModelOptions = {}): Promise<CampCalculator> {
  const { bytes, name } = isDefaultModel(source) ? { bytes: await defaultModelBytes(), name: DEFAULT_MODEL_FILE } : await readSource(source);
  const model = loadCampModel(bytes, { weights: options.weights, file: options.file ?? name });
  const calculator = await CampCalculator.create(model, options);
  calculator.modelSha256 = sha256Hex(bytes);
  return calculator;
}

export { CampCalculator };
