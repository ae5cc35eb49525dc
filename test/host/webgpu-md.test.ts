// MD on the GPU (host/backends/webgpu/md-engine.ts) with the Lennard-Jones force pass: Philox
// blocks bit-identical to the Wasm core's and Gaussians within f32 rounding; velocity Verlet
// following the Wasm MD of the same LJ argon crystal within f32 tolerance over 200 steps; NVE
// drift of a 600-step run measured beside the Wasm MD's; Langevin holding its temperature;
// the same bits run after run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { instantiateCore } from '../../host/backends/wasm/wasm.js';
import { Arena } from '../../host/backends/wasm/arena.js';
import { PairCalculator } from '../../host/calculators/pair-calculator.js';
import { MD } from '../../host/md/md.js';
import type { Atoms } from '../../host/atoms.js';
import { Kernels, dispatch } from '../../host/backends/webgpu/kernels.js';
import { storageBuffer, readBack } from '../../host/backends/webgpu/limits.js';
import { GpuMd, type GpuEnsemble } from '../../host/backends/webgpu/md-engine.js';
import { LjForcePass } from '../../host/backends/webgpu/pair-force-pass.js';
import { PHILOX_PURPOSE_LANGEVIN } from '../../host/generated/layouts.js';
import { fccCrystal } from '../support/lattices.js';
import { freshGpu } from '../support/webgpu-devices.js';

const gpu = await freshGpu();
const skip = typeof gpu === 'string' ? gpu : false;
const kernels = typeof gpu === 'string' ? null : new Kernels(gpu.device);
const ARGON = 'lj:epsilon=0.0104,sigma=3.4,cutoff=8.5,shift=force';

/** A 108-atom argon crystal with Maxwell–Boltzmann velocities at 120 K (from the Wasm MD). */
async function argon(): Promise<{ atoms: Atoms; calc: PairCalculator }> {
  const calc = await PairCalculator.create(ARGON);
  const start = await MD.create({ atoms: fccCrystal(18, 5.4, 3), calculator: calc, settings: { temperature: 120, seed: 7 } });
  return { atoms: start.atoms, calc };
}

function gpuMd(atoms: Atoms, ensemble: GpuEnsemble, dt = 4): Promise<GpuMd> {
  return GpuMd.create(kernels!, {
    positions: atoms.positions, velocities: atoms.velocities!, masses: atoms.masses!, cell: atoms.cell, pbc: atoms.pbc,
    dt, ensemble, cutoff: 8.5, skin: 1, forcePass: (n) => new LjForcePass(kernels!, n, ARGON),
  });
}

test('Philox on the GPU: blocks bit-identical to the Wasm core, Gaussians within 2e-6 (f32 Box–Muller)', { skip }, async () => {
  const core = await instantiateCore();
  const arena = new Arena(core);
  const out = arena.alloc(16);
  const device = kernels!.device;
  const count = 3000, step = 123456, seed = 2 ** 40 + 99;
  const params = new Uint32Array(8);
  params.set([count, step, seed % 2 ** 32, Math.floor(seed / 2 ** 32)]);
  const uniform = kernels!.uniform(params, 'test.md');
  const words = storageBuffer(device, 16 * count, 'test.words');
  const normals = storageBuffer(device, 4 * count, 'test.normals');
  const k = kernels!.pipeline('md/philox-words.wgsl', 'main', ['md/philox.wgsl']);
  const enc = device.createCommandEncoder();
  const pass = enc.beginComputePass();
  dispatch(pass, k, kernels!.bind(k, [uniform, words, normals]), count);
  pass.end();
  device.queue.submit([enc.finish()]);
  const w = new Uint32Array(await readBack(device, words, 16 * count));
  const g = new Float32Array(await readBack(device, normals, 4 * count));
  let worst = 0;
  for (let t = 0; t < count; t++) {
    const atom = Math.floor(t / 3), comp = t % 3;
    core.exports.philox4x32_10(step, PHILOX_PURPOSE_LANGEVIN, atom, comp, seed % 2 ** 32, Math.floor(seed / 2 ** 32), out.ptr);
    assert.deepEqual([...w.subarray(4 * t, 4 * t + 4)], [...new Uint32Array(core.memory.buffer, out.ptr, 4)], `block ${t}`);
    const want = core.exports.philoxGaussian(seed % 2 ** 32, Math.floor(seed / 2 ** 32), step, PHILOX_PURPOSE_LANGEVIN, atom, comp);
    worst = Math.max(worst, Math.abs(g[t] - want) / (1 + Math.abs(want)));
  }
  assert.ok(worst < 2e-6, `largest Gaussian difference ${worst}`);
});

test('velocity Verlet on the GPU follows the Wasm MD of the same LJ crystal (200 steps × 4 fs: |Δx| < 1e-5 Å, |ΔE_tot| < 1e-5 eV; measured 1e-6 Å, 5e-7 eV)', { skip }, async () => {
  const { atoms, calc } = await argon();
  const wasm = await MD.create({ atoms, calculator: calc, settings: { ensemble: 'nve', dt: 4 } });
  const e0 = wasm.thermo();
  const md = await gpuMd(atoms, { kind: 'nve' });
  const t0 = await md.thermo();
  assert.ok(Math.abs(t0.potential - e0.epot) < 1e-4, `start: GPU potential ${t0.potential} vs Wasm ${e0.epot} eV`);
  wasm.run(200);
  const [t] = await md.run(200);
  const state = md.state();
  assert.equal(state.step, 200);
  const ref = wasm.atoms;
  let dx = 0, moved = 0;
  for (let k = 0; k < ref.positions.length; k++) {
    dx = Math.max(dx, Math.abs(state.positions[k] - ref.positions[k]));
    moved = Math.max(moved, Math.abs(ref.positions[k] - atoms.positions[k]));
  }
  const w = wasm.thermo();
  assert.ok(moved > 0.1, `atoms moved ${moved} Å`);
  assert.ok(dx < 1e-5, `max |Δx| = ${dx} Å after 200 steps`);
  assert.ok(Math.abs(t.kinetic + t.potential - w.etot) < 1e-5, `E_tot GPU ${t.kinetic + t.potential} vs Wasm ${w.etot} eV`);
  console.log(`# GPU vs Wasm after 200 steps: max |Δx| ${dx.toExponential(2)} Å, ΔE_tot ${(t.kinetic + t.potential - w.etot).toExponential(2)} eV`);
  md.destroy();
});

test('Langevin BAOAB on the GPU follows the Wasm MD with the same seed (same Philox streams and step counters): 100 steps, |Δx| < 1e-5 Å (measured 4.5e-7 Å)', { skip }, async () => {
  const { atoms, calc } = await argon();
  const settings = { ensemble: 'langevin', temperature: 120, friction: 0.02, seed: 2 ** 33 + 5, dt: 4 } as const;
  const wasm = await MD.create({ atoms, calculator: calc, settings });
  wasm.run(100);
  const md = await gpuMd(atoms, { kind: 'langevin', temperature: 120, friction: 0.02, seed: 2 ** 33 + 5 });
  await md.run(100);
  const ref = wasm.atoms.positions;
  let dx = 0, moved = 0;
  for (let k = 0; k < ref.length; k++) {
    dx = Math.max(dx, Math.abs(md.state().positions[k] - ref[k]));
    moved = Math.max(moved, Math.abs(ref[k] - atoms.positions[k]));
  }
  console.log(`# Langevin GPU vs Wasm after 100 steps: max |Δx| ${dx.toExponential(2)} Å (atoms moved up to ${moved.toFixed(2)} Å)`);
  assert.ok(moved > 0.1, `atoms moved ${moved} Å`);
  assert.ok(dx < 1e-5, `max |Δx| = ${dx} Å`);
  md.destroy();
});

test('NVE on the GPU: 600 steps × 4 fs of LJ argon, drift measured beside the Wasm MD (GPU below 1e-6 eV/atom)', { skip }, async () => {
  const { atoms, calc } = await argon();
  const n = atoms.numbers.length;
  const md = await gpuMd(atoms, { kind: 'nve' });
  const e = (await md.run(600, { thermoEvery: 20 })).map((t) => t.kinetic + t.potential);
  const wasm = await MD.create({ atoms, calculator: calc, settings: { ensemble: 'nve', dt: 4 } });
  const w: number[] = [];
  wasm.run(600, () => { if (wasm.step % 20 === 0) w.push(wasm.thermo().etot); return true; });
  const fifth = (xs: number[], first: boolean) => { const m = Math.floor(xs.length / 5); const s = first ? xs.slice(0, m) : xs.slice(-m); return s.reduce((a, b) => a + b, 0) / s.length; };
  const driftGpu = Math.abs(fifth(e, false) - fifth(e, true)) / n;
  const driftWasm = Math.abs(fifth(w, false) - fifth(w, true)) / n;
  const spread = (Math.max(...e) - Math.min(...e)) / n;
  console.log(`# NVE 600 × 4 fs, 108 Ar: drift GPU ${driftGpu.toExponential(2)} eV/atom, Wasm ${driftWasm.toExponential(2)} eV/atom; GPU E_tot spread ${spread.toExponential(2)} eV/atom`);
  assert.ok(driftGpu < 1e-6, `GPU drift ${driftGpu} eV/atom (Wasm ${driftWasm})`);
  md.destroy();
});

test('Langevin BAOAB on the GPU holds 120 K (mean of the last 300 of 500 steps within ±8 %) and gives the same bits run after run', { skip }, async () => {
  const { atoms } = await argon();
  const ensemble: GpuEnsemble = { kind: 'langevin', temperature: 120, friction: 0.02, seed: 11 };
  const md = await gpuMd(atoms, ensemble);
  const temps = (await md.run(500, { thermoEvery: 10 })).slice(-30).map((t) => t.temperature);
  const mean = temps.reduce((a, b) => a + b, 0) / temps.length;
  console.log(`# Langevin 120 K: mean T over the last 300 steps ${mean.toFixed(2)} K`);
  assert.ok(Math.abs(mean - 120) < 0.08 * 120, `mean temperature ${mean} K`);
  const a = await gpuMd(atoms, ensemble);
  await a.run(40);
  const b = await gpuMd(atoms, ensemble);
  await b.run(40);
  for (const key of ['positions', 'velocities'] as const) {
    assert.deepEqual(new Uint8Array(a.state()[key].buffer), new Uint8Array(b.state()[key].buffer), `run-to-run bits of ${key}`);
  }
  assert.notDeepEqual([...a.state().positions], [...atoms.positions]);
  for (const x of [md, a, b]) x.destroy();
});

test('bad input to the GPU MD is refused by name: positions out of range, masses, dt, Langevin settings', { skip }, async () => {
  const { atoms } = await argon();
  const base = { positions: atoms.positions, velocities: atoms.velocities!, masses: atoms.masses!, cell: atoms.cell, pbc: atoms.pbc,
    dt: 4, ensemble: { kind: 'nve' } as GpuEnsemble, cutoff: 8.5, forcePass: (n: number) => new LjForcePass(kernels!, n, ARGON) };
  const bad = atoms.positions.slice();
  bad[4] = NaN;
  await assert.rejects(GpuMd.create(kernels!, { ...base, positions: bad }), /positions\[4\] = NaN Å is outside the GPU's fixed-point range/);
  const masses = atoms.masses!.slice();
  masses[3] = 0;
  await assert.rejects(GpuMd.create(kernels!, { ...base, masses }), /mass of atom 3 is 0 \(must be positive\)/);
  await assert.rejects(GpuMd.create(kernels!, { ...base, dt: -1 }), /dt must be a positive number of fs, got -1/);
  await assert.rejects(GpuMd.create(kernels!, { ...base, ensemble: { kind: 'langevin', temperature: 300, friction: 0, seed: 1 } }), /friction must be a positive number of 1\/fs, got 0/);
  await assert.rejects(GpuMd.create(kernels!, { ...base, ensemble: { kind: 'langevin', temperature: 300, friction: 0.01, seed: 1.5 } }), /seed must be an integer in \[0, 2\^53\), got 1.5/);
});
