// The trainer's random numbers: Philox4x32-10 in the Wasm core (assembly/rng/philox.ts), keyed
// by the seed, with counter words (index, purpose, item, component) — so each draw is a pure
// function of its position and a resumed run draws what an uninterrupted one would.
import type { CoreExports } from '../backends/wasm/exports.js';

/**
 * Counter word 1 of the trainer's streams; MD's purposes are 1..3 (assembly/rng/philox.ts), so
 * these start at 16 to stay clear of them.
 */
export const PURPOSE = { SHUFFLE: 16, INIT_WEIGHTS: 17, VALID_SPLIT: 18 } as const;

export type Uniform = (index: number, item: number, component: number) => number;

/** Uniform variates in [0, 1) of stream (seed, purpose). */
export function uniformStream(core: CoreExports, seed: number, purpose: number): Uniform {
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 2 ** 32) >>> 0;
  return (index, item, component) => core.philoxUniform(lo, hi, index >>> 0, purpose, item >>> 0, component >>> 0);
}

/** A Fisher–Yates permutation of 0..n−1 drawn from stream `index` of `u`. */
export function permutation(u: Uniform, index: number, n: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(u(index, i, 0) * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
