// campjs's exact loss gradient against PyTorch autograd on the original CAMP code (the issue's
// acceptance check): water.ckpt on the first 2 frames of water_test.json (DFT labels) and
// md17-aspirin.ckpt on a molecule, both loss normalisations, EMA weights, f64. Same edges on
// both sides (campjs's neighbour list, which is ASE's edge set). Prints, per case, the largest
// per-tensor relative difference |g_js − g_torch| / |g_torch| and the loss terms, and the time
// of each side's loss + gradient (PyTorch: 1 thread).
//   CAMPJS_CAMP_SRC=<wengroup/camp>/src node --import tsx bench/pytorch-gradient.ts
//   (CAMPJS_PYTHON: interpreter with torch, default /usr/bin/python3 — Debian's python3-torch;
//   CAMPJS_CAMP_STUBS: default bench/pytorch-stubs)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadCampModel } from '../host/model/load.js';
import { readStructures } from '../host/io/read-structures.js';
import { instantiateCore } from '../host/core/wasm.js';
import { Workspace } from '../host/core/workspace.js';
import { NeighborList } from '../host/neighbors/neighbor-list.js';
import { labelledFrames } from '../host/train/labelled-frames.js';
import { gradientDump, type GradientDump } from '../host/train/gradient-dump.js';
import { createObjective } from '../host/train/objective.js';
import type { LabelledFrame } from '../host/train/objective-types.js';
import { readReferenceStructure } from './structures.js';

const here = import.meta.dirname ?? '.';
const shared = process.env.CAMPJS_SHARED ?? resolve(here, '../../shared');
const campSrc = process.env.CAMPJS_CAMP_SRC;
if (!campSrc) throw new Error('set CAMPJS_CAMP_SRC to the src/ folder of wengroup/camp');
const python = process.env.CAMPJS_PYTHON ?? '/usr/bin/python3';

/** Frames with their edges as PyTorch takes them: i, j and the shift vectors S·cell (Å). */
async function torchFrames(frames: readonly LabelledFrame[], rCut: number): Promise<unknown[]> {
  const nl = new NeighborList(new Workspace(await instantiateCore()), { cutoff: rCut, skin: 0 });
  return frames.map((f) => {
    const e = nl.update(f.atoms);
    const shift: number[] = [];
    for (let k = 0; k < e.count; k++) {
      const s = [e.shift[3 * k], e.shift[3 * k + 1], e.shift[3 * k + 2]];
      for (let x = 0; x < 3; x++) shift.push(f.atoms.cell ? s[0] * f.atoms.cell[x] + s[1] * f.atoms.cell[3 + x] + s[2] * f.atoms.cell[6 + x] : 0);
    }
    const rows = (a: ArrayLike<number>) => Array.from({ length: a.length / 3 }, (_, k) => [a[3 * k], a[3 * k + 1], a[3 * k + 2]]);
    return {
      numbers: Array.from(f.atoms.numbers), positions: rows(f.atoms.positions), energy: f.energy, forces: rows(f.forces!),
      edges: { i: Array.from(e.i), j: Array.from(e.j), shift },
    };
  });
}

async function compare(label: string, ckpt: string, frames: LabelledFrame[]): Promise<void> {
  const file = join(shared, 'models', ckpt);
  const model = loadCampModel(new Uint8Array(readFileSync(file)));
  const dir = mkdtempSync(join(tmpdir(), 'campjs-torchgrad-'));
  const tf = await torchFrames(frames, model.hparams.rCut);
  for (const normalize of [true, false]) {
    const loss = { energyRatio: 1, forcesRatio: 1, normalize };
    const specPath = join(dir, 'spec.json'), outPath = join(dir, 'out.json');
    writeFileSync(specPath, JSON.stringify({
      camp_src: campSrc, stubs: process.env.CAMPJS_CAMP_STUBS ?? resolve(here, 'pytorch-stubs'), checkpoint: file, weights: 'ema',
      energy_ratio: 1, forces_ratio: 1, normalize, frames: tf,
    }));
    const child = spawnSync(python, [resolve(here, 'pytorch-gradient.py'), specPath, outPath], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
    if (child.status !== 0) throw new Error(`${python} pytorch-gradient.py failed: ${child.stderr}`);
    const torch = JSON.parse(readFileSync(outPath, 'utf8')) as GradientDump & { torch: string; seconds: number };
    const t0 = performance.now();
    const js = await gradientDump(model, frames, loss);
    const ms = performance.now() - t0;
    let worst = 0, worstName = '';
    for (const [name, g] of Object.entries(torch.gradients)) {
      const h = js.gradients[name];
      if (!h || h.length !== g.length) throw new Error(`${name}: campjs has ${h ? h.length : 'no'} entries, torch ${g.length}`);
      let d = 0, n = 0;
      for (let k = 0; k < g.length; k++) {
        d += (h[k] - g[k]) ** 2;
        n += g[k] ** 2;
      }
      const rel = Math.sqrt(d / n);
      if (rel > worst) [worst, worstName] = [rel, name];
    }
    const extra = Object.keys(js.gradients).filter((k) => !(k in torch.gradients));
    console.log(`${label}, normalize ${normalize}: ${Object.keys(torch.gradients).length} tensors${extra.length ? ` (campjs extra: ${extra.join(', ')})` : ''}; ` +
      `largest per-tensor relative difference ${worst.toExponential(2)} (${worstName}); loss ${js.loss} vs ${torch.loss} (rel ${Math.abs(js.loss / torch.loss - 1).toExponential(1)}); ` +
      `campjs ${ms.toFixed(0)} ms, torch ${torch.torch} ${(1000 * torch.seconds).toFixed(0)} ms`);
  }
}

const water = readFileSync(join(shared, 'data', 'water_test.json'));
await compare('water.ckpt, 2 frames of water_test.json', 'water.ckpt', labelledFrames(readStructures(water, 'water_test.json').slice(0, 2), 'water_test.json'));
const aspirinModel = loadCampModel(new Uint8Array(readFileSync(join(shared, 'models', 'md17-aspirin.ckpt'))));
const atoms = readReferenceStructure(join(shared, 'reference', 'md17-aspirin__rdkit.json'), 1);
const p = (await createObjective(aspirinModel)).predict([{ atoms, energy: 0 }]);
await compare('md17-aspirin.ckpt, a molecule', 'md17-aspirin.ckpt', [{ atoms, energy: p.energies[0] + 0.3, forces: p.forces.map((f, k) => f + 0.05 * ((k % 7) - 3)) }]);
