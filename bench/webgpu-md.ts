// WebGPU MD speed (issue #11): the GPU engine (host/backends/webgpu/md-engine.ts) against the Wasm
// MD on the same system in the same run, atom-steps per second, plus the share of steps that
// searched again: Lennard-Jones argon crystals, then CAMP water boxes (camp-gpu-md.ts: the
// model's force pass in the engine; Wasm MD in f32, like for like). Prints; asserts nothing.
// Software adapters (SwiftShader) say nothing about GPUs.
//   node --import tsx bench/webgpu-md.ts
//   CAMPJS_BENCH_GPU_SIZES=3,6,10   fcc repeats k (4k³ atoms); CAMPJS_BENCH_GPU_STEPS=100
//   CAMPJS_BENCH_CAMP_REPS=1,2      water-64 repeats k (192k³ atoms; '' for none); CAMPJS_BENCH_CAMP_STEPS=5
//   CAMPJS_BENCH_CAMP_MODEL=path    a CAMP model for water (default ../shared/models/water.ckpt, else the built-in)
import { existsSync, readFileSync } from 'node:fs';
import { PairCalculator } from '../host/calculators/pair-calculator.js';
import { MD } from '../host/md/md.js';
import { loadModel } from '../host/api.js';
import { openGpu } from '../host/backends/webgpu/adapter.js';
import { Kernels } from '../host/backends/webgpu/kernels.js';
import { GpuMd } from '../host/backends/webgpu/md-engine.js';
import { CampGpuMd } from '../host/backends/webgpu/camp-gpu-md.js';
import { LjForcePass } from '../host/backends/webgpu/pair-force-pass.js';
import { fccCrystal } from '../test/support/lattices.js';
import { waterBox } from '../test/support/webgpu-devices.js';
import { fmt } from './timing.js';

const ARGON = 'lj:epsilon=0.0104,sigma=3.4,cutoff=8.5,shift=force';
const list = (raw: string) => raw.split(',').filter((x) => x.trim() !== '').map(Number);
const sizes = list(process.env.CAMPJS_BENCH_GPU_SIZES ?? '3,5');
const steps = Number(process.env.CAMPJS_BENCH_GPU_STEPS ?? 50);
const campReps = list(process.env.CAMPJS_BENCH_CAMP_REPS ?? '1,2');
const campSteps = Number(process.env.CAMPJS_BENCH_CAMP_STEPS ?? 5);
const sharedWater = new URL('../../shared/models/water.ckpt', import.meta.url);
const campModel = process.env.CAMPJS_BENCH_CAMP_MODEL ?? (existsSync(sharedWater) ? sharedWater.pathname : null);
const wasmMaxAtoms = Number(process.env.CAMPJS_BENCH_WASM_MAX_ATOMS ?? 2000);

/** One table row: the GPU engine after a warm-up, then the Wasm MD, `count` steps each. */
async function row(n: number, count: number, gpuMd: GpuMd, wasmMd: MD): Promise<void> {
  await gpuMd.run(Math.min(5, count)); // warm-up: pipelines compiled, buffers sized
  const searches0 = gpuMd.neighbors.rebuildCount;
  let t0 = performance.now();
  await gpuMd.run(count, { thermoEvery: count });
  const gpuRate = (n * count) / ((performance.now() - t0) / 1000);
  const searches = gpuMd.neighbors.rebuildCount - searches0;
  // The same steps checked on the host: one read-back per step (what batches save on a real bus).
  t0 = performance.now();
  await gpuMd.run(count, { thermoEvery: count, batch: 1 });
  const hostCheckedRate = (n * count) / ((performance.now() - t0) / 1000);
  let wasmRate = NaN;
  if (n <= wasmMaxAtoms) {
    wasmMd.run(Math.min(2, count));
    t0 = performance.now();
    wasmMd.run(count);
    wasmRate = (n * count) / ((performance.now() - t0) / 1000);
  }
  console.log(`${n} | ${gpuRate.toExponential(2)} | ${hostCheckedRate.toExponential(2)} | ${Number.isFinite(wasmRate) ? wasmRate.toExponential(2) : '— (skipped)'} | ${fmt(gpuRate / wasmRate, 2)} | ${searches}/${count}`);
}

let gpu;
try {
  gpu = await openGpu();
} catch (e) {
  console.log(`bench webgpu-md: no WebGPU here (${(e as Error).message}); nothing measured.`);
  process.exit(0);
}
const TABLE = 'atoms | GPU atom-steps/s | GPU, checked per step | Wasm atom-steps/s | GPU/Wasm | GPU searches';
console.log(`bench webgpu-md: adapter ${gpu.description}; LJ argon (cutoff 8.5 Å, skin 1 Å), dt 4 fs, ${steps} steps`);
console.log(TABLE);
const kernels = new Kernels(gpu.device);
const calc = await PairCalculator.create(ARGON);
for (const k of sizes) {
  const start = await MD.create({ atoms: fccCrystal(18, 5.4, k), calculator: calc, settings: { ensemble: 'nve', dt: 4, temperature: 120, seed: 1 } });
  const atoms = start.atoms;
  const md = await GpuMd.create(kernels, {
    positions: atoms.positions, velocities: atoms.velocities!, masses: atoms.masses!, cell: atoms.cell, pbc: atoms.pbc,
    dt: 4, ensemble: { kind: 'nve' }, cutoff: 8.5, skin: 1, forcePass: (m) => new LjForcePass(kernels, m, ARGON),
  });
  await row(atoms.numbers.length, steps, md, start);
  md.destroy();
}
if (campReps.length > 0) {
  const camp = await loadModel(campModel ? new Uint8Array(readFileSync(campModel)) : undefined, { backend: 'wasm', precision: 'f32' });
  console.log(`CAMP water (${campModel ?? 'the built-in model'}, cutoff ${camp.cutoff} Å, skin 1 Å), dt 0.5 fs, ${campSteps} steps; Wasm MD in f32`);
  console.log(TABLE);
  for (const k of campReps) {
    const start = await MD.create({ atoms: waterBox(k), calculator: camp, settings: { ensemble: 'nve', dt: 0.5, temperature: 300, seed: 1 } });
    const atoms = start.atoms;
    const run = await CampGpuMd.create(gpu.device, camp.model, {
      numbers: atoms.numbers, positions: atoms.positions, velocities: atoms.velocities!, masses: atoms.masses!, cell: atoms.cell, pbc: atoms.pbc,
      dt: 0.5, ensemble: { kind: 'nve' }, skin: 1,
    });
    await row(atoms.numbers.length, campSteps, run.engine, start);
    run.destroy();
  }
}
gpu.device.destroy();
