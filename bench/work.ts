// A count of the model's arithmetic, for GFLOP/s figures: the radial MLPs dominate CAMP's cost.
import type { CampModel } from '../host/model/camp-model.js';
import { atomicMomentPaths } from '../host/model/rules.js';

/** Flops (2 per multiply-add) of one forward pass of every radial MLP over `edges` edges. */
export function radialMlpFlops(model: CampModel, edges: number): number {
  const hp = model.hparams;
  const widths = [hp.nU, ...hp.radialMlpHidden, hp.nU];
  let perMlp = 0;
  for (let k = 0; k + 1 < widths.length; k++) perMlp += 2 * widths[k] * widths[k + 1];
  let mlps = 0;
  for (let l = 0; l < hp.numLayers; l++) {
    mlps += atomicMomentPaths(hp.maxV, l === 0 ? 0 : hp.maxV).reduce((s, g) => s + g.length, 0);
  }
  return perMlp * mlps * edges;
}
