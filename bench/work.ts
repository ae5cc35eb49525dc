// Counts of the model's arithmetic, for GFLOP/s figures and for the least time an exact
// evaluation can take: the radial MLPs dominate CAMP's cost, the per-atom channel maps come next.
import type { CampModel } from '../host/model/camp-model.js';
import { atomicMomentPaths } from '../host/model/rules.js';

/** Radial MLPs per edge: one per atomic-moment path of every layer. */
function radialMlps(model: CampModel): number {
  const hp = model.hparams;
  let mlps = 0;
  for (let l = 0; l < hp.numLayers; l++) {
    mlps += atomicMomentPaths(hp.maxV, l === 0 ? 0 : hp.maxV).reduce((s, g) => s + g.length, 0);
  }
  return mlps;
}

/** Multiply-adds of one radial MLP whose first layer reads `inputs` values. */
function mlpMacs(model: CampModel, inputs: number): number {
  const widths = [inputs, ...model.hparams.radialMlpHidden, model.hparams.nU];
  let macs = 0;
  for (let k = 0; k + 1 < widths.length; k++) macs += widths[k] * widths[k + 1];
  return macs;
}

/** Flops (2 per multiply-add) of one forward pass of every radial MLP over `edges` edges, as the spec writes them. */
export function radialMlpFlops(model: CampModel, edges: number): number {
  return 2 * mlpMacs(model, model.hparams.nU) * radialMlps(model) * edges;
}

/**
 * Flops no exact evaluation of energy and forces can go below: per distinct radial evaluation
 * (`distinct`: edges, a same-type pair's two directions counted once) one forward and one
 * reverse pass with the first layer folded onto the K+1 radial basis functions, plus the
 * channel maps (n_u × n_u per tensor component and atom) forward and reverse, counted as few as
 * algebra allows: the input map of layer 0 is per element, that of layer l+1 folds into layer
 * l's output maps, so per layer the message map C, the output map B and the residual map F.
 */
export function floorFlops(model: CampModel, atoms: number, distinct: number): number {
  const hp = model.hparams;
  const comps = (v: number) => ((3 ** (v + 1) - 1) / 2); // components of ranks 0..v
  let maps = 0;
  for (let l = 0; l < hp.numLayers; l++) {
    const vin = l === 0 ? 0 : hp.maxV, vout = l === hp.numLayers - 1 ? 0 : hp.maxV;
    maps += comps(hp.maxV) + comps(vout) + (l > 0 ? comps(Math.min(vin, vout)) : 0);
  }
  const mlp = 2 * mlpMacs(model, hp.maxChebyshevDegree + 1) * radialMlps(model) * distinct;
  return 2 * (mlp + 2 * maps * hp.nU * hp.nU * atoms);
}
