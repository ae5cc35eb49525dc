// WebGPU MD speed (issue #11): the GPU engine (host/backends/webgpu/md-engine.ts) against the Wasm
// MD on the same Lennard-Jones argon crystal in the same run, atom-steps per second, plus the
// share of steps that searched again. LJ stands in for CAMP until the model's GpuForcePass is
// connected. Prints; asserts nothing. Software adapters (SwiftShader) say nothing about GPUs.
//   node --import tsx bench/webgpu-md.ts
//   CAMPJS_BENCH_GPU_SIZES=3,6,10   fcc repeats k (4k³ atoms); CAMPJS_BENCH_GPU_STEPS=100
import { PairCalculator } from '../host/calculators/pair-calculator.js';
import { MD } from '../host/md/md.js';
import { openGpu } from '../host/backends/webgpu/adapter.js';
import { Kernels } from '../host/backends/webgpu/kernels.js';
import { GpuMd } from '../host/backends/webgpu/md-engine.js';
import { LjForcePass } from '../host/backends/webgpu/pair-force-pass.js';
import { fccCrystal } from '../test/support/lattices.js';
import { fmt } from './timing.js';

const ARGON = 'lj:epsilon=0.0104,sigma=3.4,cutoff=8.5,shift=force';
const sizes = (process.env.CAMPJS_BENCH_GPU_SIZES ?? '3,5').split(',').map(Number);
const steps = Number(process.env.CAMPJS_BENCH_GPU_STEPS ?? 50);
const wasmMaxAtoms = Number(process.env.CAMPJS_BENCH_WASM_MAX_ATOMS ?? 2000);

let gpu;
try {
  gpu = await openGpu();
} catch (e) {
  console.log(`bench webgpu-md: no WebGPU here (${(e as Error).message}); nothing measured.`);
  process.exit(0);
}
console.log(`bench webgpu-md: adapter ${gpu.description}; LJ argon (cutoff 8.5 Å, skin 1 Å), dt 4 fs, ${steps} steps`);
console.log('atoms | GPU atom-steps/s | Wasm atom-steps/s | GPU/Wasm | GPU searches');
const kernels = new Kernels(gpu.device);
const calc = await PairCalculator.create(ARGON);
for (const k of sizes) {
  const start = await MD.create({ atoms: fccCrystal(18, 5.4, k), calculator: calc, settings: { ensemble: 'nve', dt: 4, temperature: 120, seed: 1 } });
  const atoms = start.atoms;
  const n = atoms.numbers.length;
  const md = await GpuMd.create(kernels, {
    positions: atoms.positions, velocities: atoms.velocities!, masses: atoms.masses!, cell: atoms.cell, pbc: atoms.pbc,
    dt: 4, ensemble: { kind: 'nve' }, cutoff: 8.5, skin: 1, forcePass: (m) => new LjForcePass(kernels, m, ARGON),
  });
  await md.run(5); // warm-up: pipelines compiled, buffers sized
  const searches0 = md.neighbors.rebuildCount;
  let t0 = performance.now();
  await md.run(steps, { thermoEvery: steps });
  const gpuRate = (n * steps) / ((performance.now() - t0) / 1000);
  const searches = md.neighbors.rebuildCount - searches0;
  md.destroy();
  let wasmRate = NaN;
  if (n <= wasmMaxAtoms) {
    start.run(2);
    t0 = performance.now();
    start.run(steps);
    wasmRate = (n * steps) / ((performance.now() - t0) / 1000);
  }
  console.log(`${n} | ${gpuRate.toExponential(2)} | ${Number.isFinite(wasmRate) ? wasmRate.toExponential(2) : '— (skipped)'} | ${fmt(gpuRate / wasmRate, 2)} | ${searches}/${steps}`);
}
gpu.device.destroy();
