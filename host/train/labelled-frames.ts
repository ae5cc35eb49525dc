// Structure frames read from a file, as labelled training frames: the energy is required,
// forces are optional (a frame without them trains on energy only). Errors name file and frame.
import type { StructureFrame } from '../io/frame.js';
import type { LabelledFrame } from './objective-types.js';

export function labelledFrames(frames: readonly StructureFrame[], file: string): LabelledFrame[] {
  if (frames.length === 0) throw new Error(`${file}: no frames to train on`);
  return frames.map((f, k) => {
    if (f.energy === undefined) throw new Error(`${file}: frame ${k} has no energy (a training frame needs its reference energy, eV)`);
    if (!Number.isFinite(f.energy)) throw new Error(`${file}: frame ${k} has a non-finite energy (${f.energy})`);
    const n = f.atoms.numbers.length;
    if (f.forces) {
      if (f.forces.length !== 3 * n) throw new Error(`${file}: frame ${k} has ${f.forces.length / 3} force rows for ${n} atoms`);
      const bad = f.forces.findIndex((x) => !Number.isFinite(x));
      if (bad >= 0) throw new Error(`${file}: frame ${k}: the force on atom ${Math.floor(bad / 3)} is not finite (${f.forces[bad]})`);
    }
    return { atoms: f.atoms, energy: f.energy, ...(f.forces && { forces: f.forces }) };
  });
}
