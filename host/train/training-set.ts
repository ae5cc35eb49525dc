// What the trainer asks of a training set beyond its labels (labelled-frames.ts): which elements
// it holds (a fresh model's atomic_number when the config lists none), whether a model knows
// them all, and how many frames train on energy only.
import { symbolOf } from '../elements.js';
import type { LabelledFrame } from './objective-types.js';

/** Throws naming the first frame (0-based, in its file) with an element not in `atomicNumbers`. */
export function checkTrainingElements(frames: readonly LabelledFrame[], atomicNumbers: readonly number[], file: string, model: string): void {
  frames.forEach((f, k) => {
    for (let i = 0; i < f.atoms.numbers.length; i++) {
      const z = f.atoms.numbers[i];
      if (!atomicNumbers.includes(z)) {
        throw new Error(`${file}, frame ${k}: atom ${i} is ${symbolOf(z)} (Z=${z}), which ${model} lacks (it knows ${atomicNumbers.map(symbolOf).join(', ')}); train a fresh model, or use data without ${symbolOf(z)}`);
      }
    }
  });
}

/** The elements of a set, ascending. */
export function elementsOf(frames: readonly LabelledFrame[]): number[] {
  const zs = new Set<number>();
  for (const f of frames) for (let i = 0; i < f.atoms.numbers.length; i++) zs.add(f.atoms.numbers[i]);
  return [...zs].sort((a, b) => a - b);
}

/** Frames without forces (they train on energy only). */
export function energyOnlyCount(frames: readonly LabelledFrame[]): number {
  return frames.reduce((n, f) => n + (f.forces ? 0 : 1), 0);
}
