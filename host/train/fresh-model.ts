// A new CAMP model: every weight tensor the hyperparameters imply (host/model/validate.ts's
// expectedTensors), initialised as CAMP's modules initialise them — all U(−k, k):
//   nn.Linear weight and bias, LinearMap (kaiming_uniform, a = √5): k = 1/√fan_in (weight
//   shape (out, in): fan_in = in); LinearCombination (linear_path, shape (in, n_u)): k = 1/√in;
//   radial.c (types, types, n_u, K+1): k = 1/√(K+1).
// The uniforms come from Philox (seed, INIT_WEIGHTS) with counter (0, tensor index, element),
// so the weights are a pure function of the seed. float32 models hold f32-rounded values. The
// energy shift and scale are 0-d buffers (data-constants.ts).
import type { CampHyperParams, CampModel, Tensor } from '../model/camp-model.js';
import { expectedTensors } from '../model/validate.js';
import { validateCampModel } from '../model/validate.js';
import type { CoreExports } from '../backends/wasm/exports.js';
import { PURPOSE, uniformStream } from './philox-streams.js';
import type { DataConstants } from './data-constants.js';

export const SHIFT = 'readout.atomic_energy_shift';
export const SCALE = 'readout.atomic_energy_scale';

/** `hp` with num_average_neigh from the data (f32-rounded for float32 models, as CAMP's tensor). */
export function freshModel(core: CoreExports, hp: CampHyperParams, constants: DataConstants, seed: number): CampModel {
  const f32 = hp.defaultDtype === 'float32';
  const round = (x: number) => (f32 ? Math.fround(x) : x);
  const hparams: CampHyperParams = { ...hp, numAverageNeigh: round(constants.numAverageNeigh) };
  const u = uniformStream(core, seed, PURPOSE.INIT_WEIGHTS);
  const tensors = new Map<string, Tensor>();
  const make = (shape: readonly number[], fill: (k: number) => number): Tensor => {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = f32 ? new Float32Array(n) : new Float64Array(n);
    for (let k = 0; k < n; k++) data[k] = fill(k);
    return { dtype: f32 ? 'float32' : 'float64', shape: [...shape], data };
  };
  let index = 0;
  for (const [name, want] of expectedTensors(hparams)) {
    const t = index++;
    if (name === SHIFT || name === SCALE) {
      const shift = constants.atomicEnergyShift;
      tensors.set(name, name === SCALE ? make([], () => constants.atomicEnergyScale)
        : typeof shift === 'number' ? make([], () => shift) : make([shift.length], (k) => shift[k]));
      continue;
    }
    const bound = 1 / Math.sqrt(fanIn(name, want.shape, tensors));
    tensors.set(name, make(want.shape, (k) => (2 * u(0, t, k) - 1) * bound));
  }
  const model: CampModel = { hparams, tensors, source: { format: 'campjs', weights: 'raw', notes: { initialised: `campjs fit, seed ${seed}` } } };
  validateCampModel(model);
  return model;
}

/** The fan-in of CAMP's init for a tensor (see the file comment). */
function fanIn(name: string, shape: readonly number[], done: ReadonlyMap<string, Tensor>): number {
  if (name.endsWith('.radial.c')) return shape[3];
  if (name.includes('.linear_path.')) return shape[0];
  if (name.endsWith('.bias')) {
    const w = done.get(`${name.slice(0, -'bias'.length)}weight`);
    if (!w) throw new Error(`fresh model: bias '${name}' comes before its weight`);
    return w.shape[1];
  }
  return shape[1];
}
