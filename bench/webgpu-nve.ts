// Issue #11's NVE acceptance: water-64 (192 atoms, ../shared/models/water.ckpt) or aspirin (21
// atoms, md17-aspirin.ckpt; argument `aspirin`) from the
// same start (Maxwell–Boltzmann 300 K, seed 11, from the Wasm MD), NVE at 0.5 fs on the GPU MD
// engine (camp-gpu-md.ts, everything on the GPU) and on the Wasm MD in f32; prints the energy
// drift of both (max |Etot(t) − Etot(0)| and the end ΔEtot, eV), sampled every CAMPJS_NVE_EVERY
// steps, and appends each sample's line to CAMPJS_NVE_LOG (if set), so a long run on a software
// adapter leaves numbers behind when it is stopped. Asserts nothing.
//   VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json nice -n 5 node --import tsx bench/webgpu-nve.ts [aspirin]
//   CAMPJS_NVE_STEPS=2000 (default)  CAMPJS_NVE_EVERY=10  CAMPJS_NVE_LOG=/tmp/nve.log
//   CAMPJS_NVE_STATE=/tmp/nve.json: after every chunk both engines' states (and the drift so far)
//   are written there, and a run that finds the file goes on from it, so 2,000 steps on a
//   software adapter can span several sessions (the file is replaced whole, never truncated).
// Measured on SwiftShader (2-core machine, shared): see bench/webgpu-acceptance.md.
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { loadModel } from '../host/api.js';
import { MD } from '../host/md/md.js';
import { openGpu } from '../host/backends/webgpu/adapter.js';
import { CampGpuMd } from '../host/backends/webgpu/camp-gpu-md.js';
import { waterBox } from '../test/support/webgpu-devices.js';
import { readReferenceStructure } from './structures.js';

const steps = Number(process.env.CAMPJS_NVE_STEPS ?? 2000);
const every = Number(process.env.CAMPJS_NVE_EVERY ?? 10);
const log = process.env.CAMPJS_NVE_LOG, statePath = process.env.CAMPJS_NVE_STATE;
const DT = 0.5; // fs
const say = (line: string): void => {
  console.log(line);
  if (log) appendFileSync(log, `${line}\n`);
};

const aspirin = process.argv.includes('aspirin');
const system = aspirin ? 'aspirin' : 'water-64', model = aspirin ? 'md17-aspirin.ckpt' : 'water.ckpt';
const shared = new URL('../../shared/', import.meta.url);
const modelPath = new URL(`models/${model}`, shared);
if (!existsSync(modelPath)) {
  console.log(`webgpu-nve: ../shared/models/${model} not found; nothing measured`);
  process.exit(0);
}
const calc = await loadModel(new Uint8Array(readFileSync(modelPath)), { file: model, backend: 'wasm', precision: 'f32' });
const atoms = aspirin ? readReferenceStructure(new URL('reference/md17-aspirin__rdkit.json', shared).pathname) : waterBox(1);
const start = (await MD.create({ atoms, calculator: calc, settings: { temperature: 300, seed: 11 } })).atoms;

/** What a stopped run leaves in CAMPJS_NVE_STATE to go on from. */
interface Saved {
  readonly system: string;
  readonly done: number;
  readonly e0: { gpu: number; wasm: number };
  readonly max: { gpu: number; wasm: number };
  readonly ms: { gpu: number; wasm: number };
  readonly gpu: { positions: number[]; velocities: number[] };
  /** MD.serialize() of the Wasm run, base64. */
  readonly wasm: string;
}
const saved: Saved | null = statePath && existsSync(statePath) ? JSON.parse(readFileSync(statePath, 'utf8')) : null;
if (saved && saved.system !== system) throw new Error(`webgpu-nve: ${statePath} holds a ${saved.system} run, not ${system}`);

// Both engines advance in chunks of `every` steps, one after the other, so a run stopped early
// (SwiftShader is slow) still compares the two over the same steps.
const w = saved
  ? await MD.resume(new Uint8Array(Buffer.from(saved.wasm, 'base64')), calc)
  : await MD.create({ atoms: start, calculator: calc, settings: { dt: DT, velocities: 'input', ensemble: 'nve' } });
const gpu = await openGpu();
const g = await CampGpuMd.create(gpu.device, calc.model, {
  numbers: start.numbers, positions: saved?.gpu.positions ?? start.positions, velocities: saved?.gpu.velocities ?? start.velocities!,
  masses: start.masses!, cell: start.cell, pbc: start.pbc, dt: DT, ensemble: { kind: 'nve' }, mapping: 'atoms', step: saved?.done ?? 0,
});
const th0 = await g.engine.thermo();
const e0 = saved?.e0 ?? { gpu: th0.kinetic + th0.potential, wasm: w.thermo().etot };
const max = saved?.max ?? { gpu: 0, wasm: 0 }, end = { gpu: 0, wasm: 0 }, ms = saved?.ms ?? { gpu: 0, wasm: 0 };
if (saved) say(`resumed from ${statePath} at step ${saved.done}: ΔEtot GPU ${(th0.kinetic + th0.potential - e0.gpu).toFixed(4)} eV, Wasm f32 ${(w.thermo().etot - e0.wasm).toFixed(4)} eV`);
else say(`${system}, NVE ${DT} fs, ${steps} steps; GPU ${gpu.description}; Etot(0) GPU ${e0.gpu.toFixed(4)} eV, Wasm f32 ${e0.wasm.toFixed(4)} eV`);

/** Both engines' states after `done` steps, written to a new file that then replaces the old. */
function save(done: number): void {
  if (!statePath) return;
  const st = g.engine.state();
  const s: Saved = { system, done, e0, max, ms, gpu: { positions: [...st.positions], velocities: [...st.velocities] },
    wasm: Buffer.from(w.serialize()).toString('base64') };
  writeFileSync(`${statePath}.tmp`, JSON.stringify(s));
  renameSync(`${statePath}.tmp`, statePath);
}

for (let done = saved?.done ?? 0; done < steps; done += every) {
  const k = Math.min(every, steps - done);
  let t0 = performance.now();
  w.run(k);
  ms.wasm += performance.now() - t0;
  end.wasm = w.thermo().etot - e0.wasm;
  t0 = performance.now();
  const thermo = await g.engine.run(k, { thermoEvery: k });
  ms.gpu += performance.now() - t0;
  const last = thermo[thermo.length - 1];
  end.gpu = last.kinetic + last.potential - e0.gpu;
  for (const key of ['gpu', 'wasm'] as const) max[key] = Math.max(max[key], Math.abs(end[key]));
  say(`step ${done + k}: ΔEtot GPU ${end.gpu.toFixed(4)} eV (max ${max.gpu.toFixed(4)}), Wasm f32 ${end.wasm.toFixed(4)} eV (max ${max.wasm.toFixed(4)}); ` +
    `${(ms.gpu / (done + k) / 1000).toFixed(2)} s/step GPU, ${(ms.wasm / (done + k)).toFixed(0)} ms/step Wasm; load ${loadavg()[0].toFixed(1)}`);
  save(done + k);
}
say(`${steps} steps: max |ΔEtot| (sampled every ${every}) GPU ${max.gpu.toFixed(4)} eV, Wasm f32 ${max.wasm.toFixed(4)} eV; end ΔEtot GPU ${end.gpu.toFixed(4)} eV, Wasm f32 ${end.wasm.toFixed(4)} eV`);
g.destroy();
process.exit(0);
