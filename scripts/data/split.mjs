// Which file each labelled frame goes to. Held-out systems (split 'test') go whole to
// test-molecules; of each training system a seeded PLAN.validFraction of frames goes to valid, the
// rest to train. test-small (committed, for the test suite) takes from each held-out system the
// first frame of every MD temperature.
import { PLAN } from './plan.mjs';
import { createRng } from './rng.mjs';

export const SPLIT_FILES = ['train', 'valid', 'test-molecules'];

/** File names (without extension) for each of `frames` of `system`, in order; 'test-small' added where it applies. */
export function assignFrames(system, frames, seed) {
  if (system.split === 'test') {
    const seen = new Set();
    return frames.map((f) => {
      const first = f.info.config.startsWith('md') && !seen.has(f.info.config);
      seen.add(f.info.config);
      return first ? ['test-molecules', 'test-small'] : ['test-molecules'];
    });
  }
  const rng = createRng(seed, `${system.name}:split`);
  const order = frames.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) { // Fisher–Yates
    const j = rng.integer(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const valid = new Set(order.slice(0, Math.round(PLAN.validFraction * frames.length)));
  return frames.map((_, i) => [valid.has(i) ? 'valid' : 'train']);
}
