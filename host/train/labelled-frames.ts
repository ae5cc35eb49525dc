// Structure-file frames → training frames. Every frame needs a finite energy (refused without
// one: CAMP's loss has no meaning without it); frames without forces train on energy only
// (counted, so the caller can say so); NaN or infinite labels and elements the model lacks are
// refused, naming the file, the frame (0-based) and the field.
import type { StructureFrame } from '../io/frame.js';
import { symbolOf } from '../elements.js';
import type { LabelledFrame } from './objective-types.js';

export interface LabelledSet {
  readonly frames: LabelledFrame[];
  /** Frames without forces (trained on energy only). */
  readonly energyOnly: number;
}

export function labelledFrames(frames: readonly StructureFrame[], file: string): LabelledSet {
  if (frames.length === 0) throw new Error(`${file}: no frames: the training set would be empty`);
  let energyOnly = 0;
  const out = frames.map((f, k): LabelledFrame => {
    const where = `${file}, frame ${k}`;
    const n = f.atoms.numbers.length;
    if (n === 0) throw new Error(`${where}: no atoms`);
    if (f.energy === undefined) throw new Error(`${where}: no energy label (energy= in the comment line, or the dataset's energy): every training frame needs one`);
    if (!Number.isFinite(f.energy)) throw new Error(`${where}: the energy label is ${f.energy}`);
    if (!f.forces) {
      energyOnly++;
      return { atoms: f.atoms, energy: f.energy };
    }
    const bad = f.forces.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) throw new Error(`${where}: forces of atom ${Math.floor(bad / 3)} (${'xyz'[bad % 3]}) is ${f.forces[bad]}`);
    return { atoms: f.atoms, energy: f.energy, forces: f.forces };
  });
  return { frames: out, energyOnly };
}

/** Throws naming the first frame with an element not in `atomicNumbers` (and what the model knows). */
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

/** The elements of a set, ascending (a fresh model's atomic_number when the config gives none). */
export function elementsOf(frames: readonly LabelledFrame[]): number[] {
  const zs = new Set<number>();
  for (const f of frames) for (let i = 0; i < f.atoms.numbers.length; i++) zs.add(f.atoms.numbers[i]);
  return [...zs].sort((a, b) => a - b);
}
