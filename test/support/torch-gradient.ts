// Runs bench/pytorch-gradient.py (PyTorch autograd on the original CAMP code) on labelled
// frames with campjs's edges, and compares its gradient with campjs's per tensor; or times its
// training step. Used by bench/pytorch-gradient.ts, bench/train-speed.ts and
// test/host/train-gradient-pytorch.test.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { instantiateCore } from '../../host/backends/wasm/wasm.js';
import { Workspace } from '../../host/backends/wasm/workspace.js';
import { NeighborList } from '../../host/backends/wasm/neighbor-list.js';
import type { GradientDump } from '../../host/train/gradient-dump.js';
import type { LabelledFrame, LossSettings } from '../../host/train/objective-types.js';
import { repoRoot } from './shared.js';

export interface TorchSetup {
  /** src/ of wengroup/camp. */
  readonly campSrc: string;
  readonly python: string;
  readonly stubs: string;
}

/** The set-up from CAMPJS_CAMP_SRC / CAMPJS_PYTHON / CAMPJS_CAMP_STUBS, or why there is none. */
export function torchSetup(env = process.env): TorchSetup | string {
  const campSrc = env.CAMPJS_CAMP_SRC;
  if (!campSrc) return 'CAMPJS_CAMP_SRC (src/ of wengroup/camp) is not set';
  if (!existsSync(join(campSrc, 'camp/model/camp.py'))) return `CAMPJS_CAMP_SRC=${campSrc} holds no camp/model/camp.py`;
  const python = env.CAMPJS_PYTHON ?? '/usr/bin/python3';
  const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return `${python} cannot import torch (Debian: apt-get install python3-torch)`;
  return { campSrc, python, stubs: env.CAMPJS_CAMP_STUBS ?? join(repoRoot, 'bench/pytorch-stubs') };
}

export type TorchGradient = GradientDump & { readonly torch: string; readonly seconds: number };

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
    if (!f.forces) throw new Error('pytorch-gradient: every frame needs forces (lit_model trains on both)');
    return {
      numbers: Array.from(f.atoms.numbers), positions: rows(f.atoms.positions), energy: f.energy, forces: rows(f.forces),
      edges: { i: Array.from(e.i), j: Array.from(e.j), shift },
    };
  });
}

/** Runs bench/pytorch-gradient.py on the checkpoint's EMA weights, `frames` one batch; returns its JSON. */
async function runTorch(setup: TorchSetup, checkpoint: string, rCut: number, frames: readonly LabelledFrame[], loss: LossSettings, extra: object = {}): Promise<unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'campjs-torchgrad-'));
  const specPath = join(dir, 'spec.json'), outPath = join(dir, 'out.json');
  writeFileSync(specPath, JSON.stringify({
    camp_src: setup.campSrc, stubs: setup.stubs, checkpoint, weights: 'ema',
    energy_ratio: loss.energyRatio, forces_ratio: loss.forcesRatio, normalize: loss.normalize, frames: await torchFrames(frames, rCut), ...extra,
  }));
  const child = spawnSync(setup.python, [join(repoRoot, 'bench/pytorch-gradient.py'), specPath, outPath],
    { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
  if (child.status !== 0) throw new Error(`${setup.python} bench/pytorch-gradient.py failed: ${child.stderr}`);
  return JSON.parse(readFileSync(outPath, 'utf8'));
}

/** PyTorch's loss and gradient of the checkpoint's EMA weights on `frames` (one batch, float64). */
export async function torchGradient(setup: TorchSetup, checkpoint: string, rCut: number, frames: readonly LabelledFrame[], loss: LossSettings): Promise<TorchGradient> {
  return (await runTorch(setup, checkpoint, rCut, frames, loss)) as TorchGradient;
}

export interface TorchSteps {
  readonly torch: string;
  readonly threads: number;
  /** Seconds of each timed training step. */
  readonly step_seconds: number[];
  readonly loss: number;
}

/** Times PyTorch CAMP training steps (forward, forces with create_graph, backward, clipping, Adam) on 1 thread. */
export async function torchTrainSteps(setup: TorchSetup, checkpoint: string, rCut: number, frames: readonly LabelledFrame[], loss: LossSettings,
  steps: { dtype: 'f32' | 'f64'; warmup: number; runs: number; lr: number; clip: number }): Promise<TorchSteps> {
  return (await runTorch(setup, checkpoint, rCut, frames, loss, { train_steps: steps })) as TorchSteps;
}

/** Largest per-tensor |g_js − g_torch| / |g_torch| and its tensor; throws on differing names or sizes. */
export function compareGradients(js: GradientDump, torch: GradientDump): { worst: number; name: string } {
  const names = Object.keys(torch.gradients);
  if (names.join() !== Object.keys(js.gradients).join()) throw new Error(`tensor lists differ: campjs ${Object.keys(js.gradients).length}, torch ${names.length}`);
  let worst = 0, worstName = '';
  for (const name of names) {
    const g = torch.gradients[name], h = js.gradients[name];
    if (h.length !== g.length) throw new Error(`${name}: campjs has ${h.length} entries, torch ${g.length}`);
    let d = 0, n = 0;
    for (let k = 0; k < g.length; k++) {
      d += (h[k] - g[k]) ** 2;
      n += g[k] ** 2;
    }
    const rel = Math.sqrt(d / n);
    if (rel > worst) [worst, worstName] = [rel, name];
  }
  return { worst, name: worstName };
}
