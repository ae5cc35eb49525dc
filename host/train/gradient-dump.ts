// The gradient dump (`campjs fit --gradient-only out.json`): CAMP's loss on all frames of a
// file as one batch, in f64, and its exact gradient per trainable tensor, named as in the
// state_dict without the model./ema.ema_model. prefix, each flat in row-major order — what a
// PyTorch autograd run of the original code (create_graph=True for the force term) prints.
// loss = loss_energy + loss_forces; each term includes its ratio.
import type { CampModel } from '../model/camp-model.js';
import { loadCampModel } from '../model/load.js';
import { readStructures } from '../io/read-structures.js';
import { readInputFile } from '../cli/open.js';
import { OutputPlan } from '../cli/outputs.js';
import { createObjective } from './objective.js';
import { labelledFrames } from './labelled-frames.js';
import type { LabelledFrame, LossSettings } from './objective-types.js';

export interface GradientDump {
  readonly loss: number;
  readonly loss_energy: number;
  readonly loss_forces: number;
  readonly gradients: Record<string, number[]>;
}

/** Loss and gradient of `frames` (one batch) under `model`'s current weights, f64. */
export async function gradientDump(model: CampModel, frames: readonly LabelledFrame[], loss: LossSettings): Promise<GradientDump> {
  const objective = await createObjective(model, { precision: 'f64' });
  const r = objective.lossAndGradient(frames, loss);
  const gradients: Record<string, number[]> = {};
  for (const s of objective.slots) gradients[s.name] = Array.from(r.gradient.subarray(s.offset, s.offset + s.size));
  return { loss: r.loss, loss_energy: r.lossEnergy, loss_forces: r.lossForces, gradients };
}

export interface GradientDumpOptions {
  /** Model file (.ckpt or .campjs). */
  readonly model: string;
  /** Labelled structures (extended XYZ or CAMP JSON). */
  readonly train: string;
  /** Where the JSON goes (written atomically; never an input). */
  readonly out: string;
  readonly weights: 'ema' | 'raw';
  readonly energyRatio: number;
  readonly forcesRatio: number;
  readonly normalize: boolean;
}

/** Refuses bad options by their command-line names, before any file is read. */
function checkOptions(opts: GradientDumpOptions): void {
  if (opts.weights !== 'ema' && opts.weights !== 'raw') throw new Error(`--weights must be ema or raw, got '${String(opts.weights)}'`);
  for (const [flag, x] of [['--energy-ratio', opts.energyRatio], ['--forces-ratio', opts.forcesRatio]] as const) {
    if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) throw new Error(`${flag} must be a finite number ≥ 0, got ${String(x)}`);
  }
  if (typeof opts.normalize !== 'boolean') throw new Error(`--normalize must be true or false, got '${String(opts.normalize)}'`);
}

/** Reads the model and the frames, writes the dump's JSON to `out`. */
export async function runGradientDump(opts: GradientDumpOptions): Promise<void> {
  checkOptions(opts);
  const outputs = new OutputPlan([{ label: '--model', path: opts.model }, { label: '--train', path: opts.train }],
    [{ label: '--gradient-only', path: opts.out, kind: 'atomic', format: { extensions: ['.json'], what: 'JSON' } }]);
  const file = opts.model.slice(opts.model.search(/[^/\\]*$/));
  const model = loadCampModel(readInputFile(opts.model, '--model'), { file, weights: opts.weights });
  const frames = labelledFrames(readStructures(readInputFile(opts.train, '--train'), opts.train), opts.train);
  const dump = await gradientDump(model, frames, { energyRatio: opts.energyRatio, forcesRatio: opts.forcesRatio, normalize: opts.normalize });
  outputs.writeAtomic('--gradient-only', `${JSON.stringify(dump)}\n`);
}
