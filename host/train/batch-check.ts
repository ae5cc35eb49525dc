// Refuses a training batch the loss cannot mean anything on, naming the frame and the field.
import { typeIndices, type CampModel } from '../model/camp-model.js';
import type { LabelledFrame } from './objective-types.js';

export function checkBatch(batch: readonly LabelledFrame[], model: CampModel, labelled: boolean): void {
  if (!Array.isArray(batch) || batch.length === 0) throw new Error('training batch: no frames');
  batch.forEach((frame, k) => {
    const n = frame.atoms.numbers.length;
    if (n === 0) throw new Error(`training frame ${k}: no atoms`);
    if (frame.atoms.positions.length !== 3 * n) throw new Error(`training frame ${k}: ${n} atoms but ${frame.atoms.positions.length / 3} positions`);
    try {
      typeIndices(model.hparams, frame.atoms.numbers);
    } catch (e) {
      throw new Error(`training frame ${k}: ${(e as Error).message}`);
    }
    if (!labelled) return;
    if (typeof frame.energy !== 'number' || !Number.isFinite(frame.energy)) throw new Error(`training frame ${k}: energy must be a finite number (eV), got ${String(frame.energy)}`);
    if (frame.forces === undefined) return;
    if (frame.forces.length !== 3 * n) throw new Error(`training frame ${k}: forces have ${frame.forces.length} values, expected ${3 * n} (3 per atom)`);
    for (let c = 0; c < frame.forces.length; c++) {
      if (!Number.isFinite(frame.forces[c])) throw new Error(`training frame ${k}: force component ${c} (atom ${Math.floor(c / 3)}) is not finite (${frame.forces[c]})`);
    }
  });
}
