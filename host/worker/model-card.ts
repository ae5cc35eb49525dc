// What the worker tells a page about the model it loaded: elements, cutoff, sizes, where it
// came from (the built-in model or a file, with its sha256) and the backend it runs on.
import type { CampCalculator } from '../calculators/camp-calculator.js';
import { DEFAULT_MODEL_FILE, DEFAULT_MODEL_NAME } from '../model/default-model.js';
import type { ModelInfo } from './protocol.js';

export function modelInfo(calc: CampCalculator, name: string | null, builtin: boolean): ModelInfo {
  const { hparams: hp, source, tensors } = calc.model;
  let parameters = 0;
  for (const [key, t] of tensors) if (!key.startsWith('readout.atomic_energy_')) parameters += t.data.length;
  return {
    name: builtin ? DEFAULT_MODEL_FILE : name,
    cutoff: calc.cutoff,
    atomicNumbers: [...calc.atomicNumbers],
    backend: calc.backend,
    backendReason: calc.backendReason,
    threads: calc.threads,
    warnings: [...calc.warnings],
    card: {
      builtin: builtin ? DEFAULT_MODEL_NAME : null,
      format: source.format,
      weights: source.weights,
      sha256: calc.modelSha256 ?? '',
      nU: hp.nU,
      maxV: hp.maxV,
      numLayers: hp.numLayers,
      parameters,
      trainedIn: hp.defaultDtype,
      notes: { ...source.notes },
    },
  };
}
