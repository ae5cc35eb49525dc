// The model a run starts from when it is not fine-tuning: a fresh CAMP model with the config's
// architecture (the public water config's where the config is silent), the elements of the
// training data unless the config lists them (the caller checks the data against them), and the energy shift/scale and
// num_average_neigh from the training data where the config says `auto` or nothing.
import type { CampHyperParams, CampModel } from '../model/camp-model.js';
import type { CoreExports } from '../backends/wasm/exports.js';
import { validateHyperParams } from '../model/validate.js';
import type { ModelConfig } from './config-yaml.js';
import { dataConstants, perElementShift } from './data-constants.js';
import { freshModel } from './fresh-model.js';
import { elementsOf } from './training-set.js';
import type { LabelledFrame } from './objective-types.js';

/** The architecture of ../shared/models/water.config.yaml. */
export const DEFAULT_ARCHITECTURE = { rCut: 5, maxU: 32, maxV: 2, numLayers: 3, maxChebyshevDegree: 8, radialMlpHidden: [32, 32], outputMlpHidden: [32, 32] } as const;

export async function startModel(core: CoreExports, cfg: ModelConfig, train: readonly LabelledFrame[], seed: number, file: string): Promise<CampModel> {
  const a = DEFAULT_ARCHITECTURE;
  const atomicNumbers = cfg.atomicNumbers ? [...cfg.atomicNumbers].sort((x, y) => x - y) : elementsOf(train);
  const nU = (cfg.maxU ?? a.maxU) + 1;
  const hidden = (h: readonly number[] | number | undefined, d: readonly number[]) => (typeof h === 'number' ? new Array<number>(h).fill(nU) : [...(h ?? d)]);
  const rCut = cfg.rCut ?? a.rCut;
  const auto = await dataConstants(train, rCut);
  const pick = (v: number | 'auto' | undefined, fromData: number) => (typeof v === 'number' ? v : fromData);
  const hp: CampHyperParams = {
    atomicNumbers, rCut, nU, maxV: cfg.maxV ?? a.maxV, numLayers: cfg.numLayers ?? a.numLayers,
    maxChebyshevDegree: cfg.maxChebyshevDegree ?? a.maxChebyshevDegree,
    radialMlpHidden: hidden(cfg.radialMlpHidden, a.radialMlpHidden), outputMlpHidden: hidden(cfg.outputMlpHidden, a.outputMlpHidden),
    numAverageNeigh: 1, defaultDtype: cfg.defaultDtype ?? 'float32',
  };
  validateHyperParams(hp, file);
  return freshModel(core, hp, {
    atomicEnergyShift: cfg.atomicEnergyShift === 'per_element' ? perElementShift(train, atomicNumbers) : pick(cfg.atomicEnergyShift, auto.atomicEnergyShift as number),
    atomicEnergyScale: pick(cfg.atomicEnergyScale, auto.atomicEnergyScale),
    numAverageNeigh: pick(cfg.numAverageNeigh, auto.numAverageNeigh),
  }, seed);
}
