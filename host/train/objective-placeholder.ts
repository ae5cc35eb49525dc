// Stands in for the exact CAMP loss gradient (issue #12 part 1, host/train/objective.ts) until
// that is merged: `campjs fit` is wired to it and fails with this message before training.
import type { CampModel } from '../model/camp-model.js';
import type { Precision } from '../calculator.js';
import type { TrainingObjective } from './objective-types.js';

export function createObjective(_model: CampModel, _opts: { precision: Precision }): TrainingObjective {
  throw new Error('this build of campjs has no CAMP training gradient yet (host/train/objective.ts), so it cannot train a CAMP model');
}
