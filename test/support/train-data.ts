// Small labelled data sets for the trainer's tests: seeded H/O molecules labelled by a "true"
// linear objective (linear-objective.ts), so a model trained on them can reach zero error.
import type { CampModel } from '../../host/model/camp-model.js';
import type { LabelledFrame } from '../../host/train/objective-types.js';
import { instantiateCore } from '../../host/backends/wasm/wasm.js';
import { freshModel } from '../../host/train/fresh-model.js';
import { SYNTHETIC_HPARAMS } from './ckpt-synthetic.js';
import { linearObjective } from './linear-objective.js';

export const CONSTANTS = { atomicEnergyShift: -2.5, atomicEnergyScale: 1.5, numAverageNeigh: 2.75 };

export async function syntheticFresh(seed: number, dtype: 'float32' | 'float64' = 'float64'): Promise<CampModel> {
  return freshModel((await instantiateCore()).exports, { ...SYNTHETIC_HPARAMS, defaultDtype: dtype }, CONSTANTS, seed);
}

/** `count` molecules of 3–4 atoms (H, O) within 2 Å, labelled by the linear model of `truth`. */
export function labelledFrames(truth: CampModel, count: number, seed = 1): LabelledFrame[] {
  let s = seed >>> 0;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const unlabelled = Array.from({ length: count }, () => {
    const n = 3 + Math.floor(rand() * 2);
    return {
      atoms: { numbers: Array.from({ length: n }, () => (rand() < 0.4 ? 8 : 1)), positions: Float64Array.from({ length: 3 * n }, () => 2 * rand()) },
      energy: 0,
    };
  });
  const pred = linearObjective(truth).predict(unlabelled);
  let at = 0;
  return unlabelled.map((f, k) => {
    const n3 = 3 * f.atoms.numbers.length;
    const forces = pred.forces.slice(at, at + n3);
    at += n3;
    return { atoms: f.atoms, energy: pred.energies[k], forces };
  });
}
