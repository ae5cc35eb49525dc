// CAMP MD entirely on the GPU (host/backends/webgpu/camp-gpu-md.ts) on SwiftShader, with the
// built-in model on aspirin (21 atoms; SwiftShader makes ~1 step/s of it, so step counts are
// small. 2,000 steps of 0.5 fs from this start, measured by hand on SwiftShader: max |ΔEtot|
// 0.382 eV on the GPU (sampled every 10 steps), 0.383 eV Wasm f32; both −0.217 eV at the end):
//  - NVE: the energy drift (max |Etot(t) − Etot(0)|) of 25 GPU steps ≤ 2× the Wasm f32 MD's
//    from the same start;
//  - Langevin from rest to 300 K: the GPU run follows the Wasm Langevin run (same Philox noise)
//    and its temperature after equilibration sits near the target;
//  - two GPU runs give the same bits;
//  - a device lost mid-run: the state read back last is adopted by an MD the Wasm core
//    resumes from, and the error says where it stopped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadModel } from '../../host/api.js';
import { MD } from '../../host/md/md.js';
import type { Atoms } from '../../host/atoms.js';
import { parseExtxyz } from '../../host/io/extxyz-read.js';
import { CampGpuMd } from '../../host/backends/webgpu/camp-gpu-md.js';
import type { GpuEnsemble } from '../../host/backends/webgpu/md-engine.js';
import { GpuDeviceLostError } from '../../host/backends/webgpu/device-watch.js';
import { advanceGpuMd } from '../../host/md/gpu-engine-run.js';
import { KB_EV_PER_K } from '../../host/generated/layouts.js';
import { freshGpu } from '../support/webgpu-devices.js';

const gpu = await freshGpu();
const skip = typeof gpu === 'string' ? gpu : false;
const DT = 0.5; // fs

const [frame] = parseExtxyz(readFileSync(new URL('../../examples/aspirin.xyz', import.meta.url), 'utf8'), 'aspirin.xyz');
const wasmF32 = await loadModel(undefined, { backend: 'wasm', precision: 'f32' });

/** Aspirin with Maxwell–Boltzmann velocities at `temperature` K (0: at rest), from the Wasm MD. */
async function start(temperature: number): Promise<Atoms> {
  const md = await MD.create({ atoms: frame.atoms, calculator: wasmF32, settings: temperature > 0 ? { temperature, seed: 11 } : { velocities: 'zero' } });
  return md.atoms;
}

function gpuRun(atoms: Atoms, ensemble: GpuEnsemble, device = (gpu as Exclude<typeof gpu, string>).device): Promise<CampGpuMd> {
  return CampGpuMd.create(device, wasmF32.model, {
    numbers: atoms.numbers, positions: atoms.positions, velocities: atoms.velocities!, masses: atoms.masses!,
    cell: atoms.cell, pbc: atoms.pbc, dt: DT, ensemble,
  });
}

/** Wasm f32 MD from `atoms` (its velocities), the ensemble's settings. */
function wasmMd(atoms: Atoms, settings: object): Promise<MD> {
  return MD.create({ atoms, calculator: wasmF32, settings: { dt: DT, velocities: 'input', ...settings } });
}

test('NVE on the GPU (aspirin, built-in model, 25 steps of 0.5 fs): energy drift ≤ 2× the Wasm f32 MD\'s from the same start', { skip }, async () => {
  const atoms = await start(300);
  const steps = 25;
  const w = await wasmMd(atoms, { ensemble: 'nve' });
  const w0 = w.thermo().etot;
  let wasmDrift = 0;
  w.run(steps, (m) => void (wasmDrift = Math.max(wasmDrift, Math.abs(m.thermo().etot - w0))));
  const g = await gpuRun(atoms, { kind: 'nve' });
  const t0 = await g.engine.thermo();
  const e0 = t0.kinetic + t0.potential;
  const thermo = await g.engine.run(steps, { thermoEvery: 1 });
  const gpuDrift = Math.max(...thermo.map((t) => Math.abs(t.kinetic + t.potential - e0)));
  g.destroy();
  console.log(`# NVE ${steps} steps: drift GPU ${gpuDrift.toExponential(3)} eV, Wasm f32 ${wasmDrift.toExponential(3)} eV`);
  assert.ok(wasmDrift > 0 && Number.isFinite(gpuDrift));
  assert.ok(gpuDrift <= 2 * wasmDrift, `GPU drift ${gpuDrift} eV > 2 × Wasm f32 drift ${wasmDrift} eV`);
});

test('Langevin on the GPU (aspirin from rest, 300 K, friction 0.2/fs, 20 steps): follows the Wasm Langevin run and holds the temperature', { skip }, async () => {
  const atoms = await start(0);
  const steps = 20, T = 300, friction = 0.2, seed = 9;
  const w = await wasmMd(atoms, { ensemble: 'langevin', temperature: T, friction, seed });
  const wasmT: number[] = [];
  w.run(steps, (m) => void wasmT.push((2 * m.kinetic()) / (3 * m.n * KB_EV_PER_K))); // over 3n, as the engine
  const g = await gpuRun(atoms, { kind: 'langevin', temperature: T, friction, seed });
  const gpuT = (await g.engine.run(steps, { thermoEvery: 1 })).map((t) => t.temperature);
  g.destroy();
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const late = (xs: number[]) => xs.slice(steps / 2);
  console.log(`# Langevin: mean T over steps 11–20: GPU ${mean(late(gpuT)).toFixed(1)} K, Wasm ${mean(late(wasmT)).toFixed(1)} K`);
  // The same noise drives both: the temperatures agree step by step to f32 rounding's effect.
  for (let s = 0; s < steps; s++) assert.ok(Math.abs(gpuT[s] - wasmT[s]) <= 0.02 * T, `step ${s + 1}: T GPU ${gpuT[s]} K, Wasm ${wasmT[s]} K`);
  // 1–2 friction times in: near the target (21 atoms fluctuate by ~20 %, the mean of 10 steps less).
  assert.ok(Math.abs(mean(late(gpuT)) - T) < 0.35 * T, `mean T ${mean(late(gpuT))} K, target ${T} K`);
});

test('two GPU runs from the same start give the same bits (positions, velocities, energies, forces)', { skip }, async () => {
  const atoms = await start(300);
  const once = async () => {
    const g = await gpuRun(atoms, { kind: 'langevin', temperature: 300, friction: 0.01, seed: 4 });
    await g.engine.run(6);
    const out = { ...g.engine.state(), ...(await g.forces()) };
    g.destroy();
    return out;
  };
  const a = await once(), b = await once();
  assert.equal(a.step, 6);
  for (const k of ['positions', 'velocities', 'energies', 'forces'] as const) assert.deepEqual(a[k], b[k], k);
  assert.notDeepEqual(a.positions, Float64Array.from(atoms.positions), 'the atoms moved');
});

test('device lost mid-run: the run stops naming the step, the MD holds the last state read back, the Wasm MD resumes from it', { skip }, async () => {
  const doomed = await freshGpu();
  assert.ok(typeof doomed !== 'string');
  const atoms = await start(300);
  const md = await wasmMd(atoms, { ensemble: 'nve' });
  const g = await gpuRun(atoms, { kind: 'nve' }, doomed.device);
  await advanceGpuMd(g, md, 3);
  assert.equal(md.step, 3);
  const at3 = g.engine.state();
  assert.deepEqual(md.snapshot().positions, at3.positions);
  doomed.device.destroy();
  await assert.rejects(advanceGpuMd(g, md, 3), (e: Error) => e instanceof GpuDeviceLostError && /stopped at step 3; state\(\) holds step 3/.test(e.message));
  assert.equal(md.step, 3);
  const resumed = await MD.resume(md.serialize(), wasmF32);
  resumed.run(2);
  assert.equal(resumed.step, 5);
  assert.ok(Number.isFinite(resumed.thermo().etot));
});
