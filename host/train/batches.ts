// Mini-batches of one epoch: the training frames in a Philox permutation keyed by (seed,
// epoch), cut into batches of `batchSize` (the last may be smaller, as a DataLoader with
// drop_last=False).
import { permutation, PURPOSE, uniformStream } from './philox-streams.js';
import type { CoreExports } from '../backends/wasm/exports.js';

/** Frame indices of each batch of epoch `epoch` (0-based). */
export function epochBatches(core: CoreExports, seed: number, epoch: number, frames: number, batchSize: number): number[][] {
  const order = permutation(uniformStream(core, seed, PURPOSE.SHUFFLE), epoch, frames);
  const out: number[][] = [];
  for (let k = 0; k < order.length; k += batchSize) out.push(order.slice(k, k + batchSize));
  return out;
}
