// Issue #11's NVE acceptance on water: water-64 (192 atoms, ../shared/models/water.ckpt) from the
// same start (Maxwell–Boltzmann 300 K, seed 11, from the Wasm MD), NVE at 0.5 fs on the GPU MD
// engine (camp-gpu-md.ts, everything on the GPU) and on the Wasm MD in f32; prints the energy
// drift of both (max |Etot(t) − Etot(0)| and the end ΔEtot, eV), the GPU's sampled every
// CAMPJS_NVE_EVERY steps, and appends a progress line per sample to CAMPJS_NVE_LOG (if set), so
// a long run on a software adapter leaves numbers behind when it is stopped. Asserts nothing.
//   VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json nice -n 5 node --import tsx bench/webgpu-water-nve.ts
//   CAMPJS_NVE_STEPS=2000 (default)  CAMPJS_NVE_EVERY=10  CAMPJS_NVE_LOG=/tmp/nve.log  CAMPJS_NVE_SKIP_WASM=1
// Measured on SwiftShader (2-core machine, shared): see bench/webgpu-acceptance.md.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { loadModel } from '../host/api.js';
import { MD } from '../host/md/md.js';
import { openGpu } from '../host/backends/webgpu/adapter.js';
import { CampGpuMd } from '../host/backends/webgpu/camp-gpu-md.js';
import { waterBox } from '../test/support/webgpu-devices.js';

const steps = Number(process.env.CAMPJS_NVE_STEPS ?? 2000);
const every = Number(process.env.CAMPJS_NVE_EVERY ?? 10);
const log = process.env.CAMPJS_NVE_LOG;
const DT = 0.5; // fs
const say = (line: string): void => {
  console.log(line);
  if (log) appendFileSync(log, `${line}\n`);
};

const modelPath = new URL('../../shared/models/water.ckpt', import.meta.url);
if (!existsSync(modelPath)) {
  console.log('webgpu-water-nve: ../shared/models/water.ckpt not found; nothing measured');
  process.exit(0);
}
const calc = await loadModel(new Uint8Array(readFileSync(modelPath)), { file: 'water.ckpt', backend: 'wasm', precision: 'f32' });
const start = (await MD.create({ atoms: waterBox(1), calculator: calc, settings: { temperature: 300, seed: 11 } })).atoms;

if (!process.env.CAMPJS_NVE_SKIP_WASM) {
  const w = await MD.create({ atoms: start, calculator: calc, settings: { dt: DT, velocities: 'input', ensemble: 'nve' } });
  const e0 = w.thermo().etot;
  let max = 0, end = 0, k = 0;
  const t0 = performance.now();
  w.run(steps, (m) => {
    if (++k % every !== 0 && k !== steps) return; // sampled as the GPU's are
    end = m.thermo().etot - e0;
    max = Math.max(max, Math.abs(end));
  });
  say(`wasm f32: ${steps} steps, max |ΔEtot| ${max.toFixed(4)} eV (sampled every ${every}), end ΔEtot ${end.toFixed(4)} eV (${((performance.now() - t0) / steps).toFixed(0)} ms/step)`);
}

const gpu = await openGpu();
const g = await CampGpuMd.create(gpu.device, calc.model, {
  numbers: start.numbers, positions: start.positions, velocities: start.velocities!, masses: start.masses!,
  cell: start.cell, pbc: start.pbc, dt: DT, ensemble: { kind: 'nve' }, mapping: 'atoms',
});
const th0 = await g.engine.thermo();
const e0 = th0.kinetic + th0.potential;
let max = 0, end = 0;
const t0 = performance.now();
for (let done = 0; done < steps; done += every) {
  const k = Math.min(every, steps - done);
  const thermo = await g.engine.run(k, { thermoEvery: k });
  const last = thermo[thermo.length - 1];
  end = last.kinetic + last.potential - e0;
  max = Math.max(max, Math.abs(end));
  say(`gpu step ${done + k}: ΔEtot ${end.toFixed(4)} eV, max so far ${max.toFixed(4)} eV, ${((performance.now() - t0) / (done + k) / 1000).toFixed(2)} s/step, load ${loadavg()[0].toFixed(1)}`);
}
say(`gpu (${gpu.description}): ${steps} steps, max |ΔEtot| ${max.toFixed(4)} eV (sampled every ${every}), end ΔEtot ${end.toFixed(4)} eV`);
g.destroy();
process.exit(0);
