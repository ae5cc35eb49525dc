// Training steps per second, campjs against PyTorch CAMP measured in the same run, on 1 thread:
// water-64 (water.ckpt, the first 2 frames of water_test.json: 192 atoms each, DFT labels) and
// aspirin (md17-aspirin.ckpt, 2 molecules of the reference set, labels = the model's own
// predictions offset), f32 and f64, both frames one batch. A step is what training repeats:
//   campjs  lossAndGradient (neighbour lists, forward + forces by the evaluator, the dual
//           forward-over-reverse gradient) + Optimizer.step (clipping, Adam amsgrad, EMA) +
//           setParameters;
//   PyTorch forward, forces by autograd.grad(create_graph=True), the loss, backward,
//           clip_grad_norm_, Adam(amsgrad) (bench/pytorch-gradient.py; edges precomputed, as
//           CAMP's data loader has them).
// Median step time of `runs` steps after WARMUP warm-up steps (V8 tiers the Wasm code up during
// the first ones), both sides; ratio = campjs steps/s ÷
// PyTorch steps/s (> 1: campjs faster). Prints the load average: the machine may be shared.
//   CAMPJS_CAMP_SRC=<wengroup/camp>/src node --import tsx bench/train-speed.ts [runs = 3]
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { loadCampModel } from '../host/model/load.js';
import { readStructures } from '../host/io/read-structures.js';
import { labelledFrames } from '../host/train/labelled-frames.js';
import { createObjective } from '../host/train/objective.js';
import { Optimizer } from '../host/train/optimizer.js';
import { DEFAULT_TRAIN_SETTINGS } from '../host/train/settings.js';
import type { LabelledFrame } from '../host/train/objective-types.js';
import type { Precision } from '../host/calculator.js';
import { torchSetup, torchTrainSteps } from '../test/support/torch-gradient.js';
import { readReferenceStructure } from './structures.js';

const shared = process.env.CAMPJS_SHARED ?? resolve(import.meta.dirname ?? '.', '../../shared');
const runs = Number(process.argv[2] ?? 3);
const setup = torchSetup();
const LOSS = { energyRatio: 1, forcesRatio: 1, normalize: true };
const LR = 1e-3;
const WARMUP = 2;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Median seconds of campjs training steps. */
async function campjsStep(ckpt: string, frames: LabelledFrame[], precision: Precision): Promise<number> {
  const objective = await createObjective(loadCampModel(new Uint8Array(readFileSync(join(shared, 'models', ckpt)))), { precision });
  const opt = await Optimizer.create(objective.slots, objective.parameters(), DEFAULT_TRAIN_SETTINGS);
  const seconds: number[] = [];
  for (let k = 0; k < WARMUP + runs; k++) {
    const t0 = performance.now();
    opt.step(objective.lossAndGradient(frames, LOSS).gradient, LR);
    objective.setParameters(opt.params());
    if (k >= WARMUP) seconds.push((performance.now() - t0) / 1000);
  }
  return median(seconds);
}

async function bench(label: string, ckpt: string, frames: LabelledFrame[]): Promise<void> {
  const rCut = loadCampModel(new Uint8Array(readFileSync(join(shared, 'models', ckpt)))).hparams.rCut;
  const atoms = frames.reduce((a, f) => a + f.atoms.numbers.length, 0);
  for (const precision of ['f32', 'f64'] as const) {
    const js = await campjsStep(ckpt, frames, precision);
    let torch = '', ratio = '';
    if (typeof setup !== 'string') {
      const t = await torchTrainSteps(setup, join(shared, 'models', ckpt), rCut, frames, LOSS, { dtype: precision, warmup: WARMUP, runs, lr: LR, clip: DEFAULT_TRAIN_SETTINGS.gradientClip });
      const ts = median(t.step_seconds);
      torch = `, PyTorch ${t.torch} (${t.threads} thread) ${(1000 * ts).toFixed(0)} ms/step = ${(1 / ts).toFixed(3)} steps/s`;
      ratio = `; campjs/PyTorch speed ${(ts / js).toFixed(2)}×`;
    }
    console.log(`${label} (${frames.length} frames, ${atoms} atoms per batch), ${precision}: campjs ${(1000 * js).toFixed(0)} ms/step = ${(1 / js).toFixed(3)} steps/s${torch}${ratio}`);
  }
}

console.log(`train-speed: median of ${runs} steps after ${WARMUP} warm-ups, 1 thread each side; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
if (typeof setup === 'string') console.log(`PyTorch: not measured (${setup})`);
const water = labelledFrames(readStructures(readFileSync(join(shared, 'data', 'water_test.json')), 'water_test.json').slice(0, 2), 'water_test.json');
await bench('water-64', 'water.ckpt', water);
const aspirinModel = loadCampModel(new Uint8Array(readFileSync(join(shared, 'models', 'md17-aspirin.ckpt'))));
const predictor = await createObjective(aspirinModel);
const aspirin = [0, 1].map((k) => {
  const atoms = readReferenceStructure(join(shared, 'reference', 'md17-aspirin__rdkit.json'), k);
  const p = predictor.predict([{ atoms, energy: 0 }]);
  return { atoms, energy: p.energies[0] + 0.3, forces: p.forces.map((f, c) => f + 0.05 * ((c % 7) - 3)) };
});
await bench('aspirin', 'md17-aspirin.ckpt', aspirin);
console.log(`load average at the end ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
