// --valid-fraction: a held-out validation set drawn by a Philox permutation keyed by the seed
// (so a resumed run, given the same file and seed, gets the same split).
import type { CoreExports } from '../backends/wasm/exports.js';
import { permutation, PURPOSE, uniformStream } from './philox-streams.js';

export interface Split<T> {
  readonly train: T[];
  readonly valid: T[];
}

/** round(fraction × n) frames (at least 1, at most n − 1) go to validation; both keep file order. */
export function splitValidation<T>(core: CoreExports, frames: readonly T[], fraction: number, seed: number): Split<T> {
  if (!(fraction > 0 && fraction < 1)) throw new Error(`--valid-fraction: ${fraction} must be between 0 and 1 (exclusive)`);
  if (frames.length < 2) throw new Error(`--valid-fraction: the training file has ${frames.length} frame${frames.length === 1 ? '' : 's'}; a split needs at least 2`);
  const count = Math.min(frames.length - 1, Math.max(1, Math.round(fraction * frames.length)));
  const chosen = new Set(permutation(uniformStream(core, seed, PURPOSE.VALID_SPLIT), 0, frames.length).slice(0, count));
  return { train: frames.filter((_, k) => !chosen.has(k)), valid: frames.filter((_, k) => chosen.has(k)) };
}
