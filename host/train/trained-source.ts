// The provenance of a model fit() trained: which weights it holds and where it came from, so a
// .campjs written from it says "EMA weights of campjs fit, epoch 12" rather than the base
// checkpoint's file and SHA-256 (which no longer describe these weights).
import type { CampModel, CampModelSource } from '../model/camp-model.js';

export function trainedModel(m: CampModel, base: CampModelSource, weights: 'ema' | 'raw', epoch: number, steps: number): CampModel {
  const from = base.file ?? base.notes?.original_file;
  const notes: Record<string, string> = {
    trained_by: 'campjs fit', best_epoch: String(epoch), optimizer_steps: String(steps),
    ...(from !== undefined && { fine_tuned_from: from }), ...(base.sha256 !== undefined && { fine_tuned_from_sha256: base.sha256 }),
  };
  return { ...m, source: { format: 'campjs', weights, notes } };
}
