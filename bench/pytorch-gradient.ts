// campjs's exact loss gradient against PyTorch autograd on the original CAMP code (the issue's
// acceptance check): water.ckpt on the first 2 frames of water_test.json (DFT labels) and
// md17-aspirin.ckpt on a molecule, both loss normalisations, EMA weights, f64. Same edges on
// both sides (campjs's neighbour list, which is ASE's edge set). Prints, per case, the largest
// per-tensor relative difference |g_js − g_torch| / |g_torch|, the losses, and the time of
// each side's loss + gradient (PyTorch: 1 thread; campjs: gradientDump, model set-up included).
//   CAMPJS_CAMP_SRC=<wengroup/camp>/src node --import tsx bench/pytorch-gradient.ts
//   (CAMPJS_PYTHON: interpreter with torch, default /usr/bin/python3 — Debian's python3-torch;
//   CAMPJS_CAMP_STUBS: default bench/pytorch-stubs)
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadCampModel } from '../host/model/load.js';
import { readStructures } from '../host/io/read-structures.js';
import { labelledFrames } from '../host/train/labelled-frames.js';
import { gradientDump } from '../host/train/gradient-dump.js';
import { createObjective } from '../host/train/objective.js';
import type { LabelledFrame } from '../host/train/objective-types.js';
import { compareGradients, torchGradient, torchSetup } from '../test/support/torch-gradient.js';
import { readReferenceStructure } from './structures.js';

const shared = process.env.CAMPJS_SHARED ?? resolve(import.meta.dirname ?? '.', '../../shared');
const setup = torchSetup();
if (typeof setup === 'string') throw new Error(setup);

async function compare(label: string, ckpt: string, frames: LabelledFrame[]): Promise<void> {
  const file = join(shared, 'models', ckpt);
  const model = loadCampModel(new Uint8Array(readFileSync(file)));
  for (const normalize of [true, false]) {
    const loss = { energyRatio: 1, forcesRatio: 1, normalize };
    const torch = await torchGradient(setup as Exclude<typeof setup, string>, file, model.hparams.rCut, frames, loss);
    const t0 = performance.now();
    const js = await gradientDump(model, frames, loss);
    const ms = performance.now() - t0;
    const { worst, name } = compareGradients(js, torch);
    console.log(`${label}, normalize ${normalize}: ${Object.keys(torch.gradients).length} tensors; ` +
      `largest per-tensor relative difference ${worst.toExponential(2)} (${name}); loss ${js.loss} vs ${torch.loss} (rel ${Math.abs(js.loss / torch.loss - 1).toExponential(1)}); ` +
      `campjs ${ms.toFixed(0)} ms, torch ${torch.torch} ${(1000 * torch.seconds).toFixed(0)} ms`);
  }
}

const water = readFileSync(join(shared, 'data', 'water_test.json'));
await compare('water.ckpt, 2 frames of water_test.json', 'water.ckpt', labelledFrames(readStructures(water, 'water_test.json').slice(0, 2), 'water_test.json'));
const aspirinModel = loadCampModel(new Uint8Array(readFileSync(join(shared, 'models', 'md17-aspirin.ckpt'))));
const atoms = readReferenceStructure(join(shared, 'reference', 'md17-aspirin__rdkit.json'), 1);
const p = (await createObjective(aspirinModel)).predict([{ atoms, energy: 0 }]);
await compare('md17-aspirin.ckpt, a molecule', 'md17-aspirin.ckpt', [{ atoms, energy: p.energies[0] + 0.3, forces: p.forces.map((f, k) => f + 0.05 * ((k % 7) - 3)) }]);
