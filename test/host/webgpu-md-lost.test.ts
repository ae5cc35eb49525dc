// A device lost in the middle of a GPU MD run (simulated by device.destroy()): the run stops
// with GpuDeviceLostError instead of hanging, state() keeps the last checkpoint read back —
// the same bits an uninterrupted run has at that step — and the Wasm MD goes on from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PairCalculator } from '../../host/calculators/pair-calculator.js';
import { MD } from '../../host/md/md.js';
import type { Atoms } from '../../host/atoms.js';
import type { GpuHandle } from '../../host/backends/webgpu/adapter.js';
import { Kernels } from '../../host/backends/webgpu/kernels.js';
import { GpuMd, type GpuThermo } from '../../host/backends/webgpu/md-engine.js';
import { GpuDeviceLostError } from '../../host/backends/webgpu/device-watch.js';
import { LjForcePass } from '../../host/backends/webgpu/pair-force-pass.js';
import { fccCrystal } from '../support/lattices.js';
import { freshGpu } from '../support/webgpu-devices.js';

const gpu = await freshGpu();
const skip = typeof gpu === 'string' ? gpu : false;
const ARGON = 'lj:epsilon=0.0104,sigma=3.4,cutoff=8.5,shift=force';

function engine(kernels: Kernels, atoms: Atoms): Promise<GpuMd> {
  return GpuMd.create(kernels, {
    positions: atoms.positions, velocities: atoms.velocities!, masses: atoms.masses!, cell: atoms.cell, pbc: atoms.pbc,
    dt: 4, ensemble: { kind: 'nve' }, cutoff: 8.5, skin: 1, forcePass: (n) => new LjForcePass(kernels, n, ARGON),
  });
}

test('device lost mid-run: GpuDeviceLostError, state() = the last checkpoint (bit-identical to an unbroken run), Wasm MD resumes', { skip }, async () => {
  const calc = await PairCalculator.create(ARGON);
  const atoms = (await MD.create({ atoms: fccCrystal(18, 5.4, 2), calculator: calc, settings: { temperature: 120, seed: 5 } })).atoms;

  const doomed = await freshGpu();
  assert.ok(typeof doomed !== 'string');
  const md = await engine(new Kernels((doomed as GpuHandle).device), atoms);
  const seen: GpuThermo[] = [];
  await assert.rejects(md.run(40, {
    thermoEvery: 5, checkpointEvery: 10,
    onThermo: (t) => { seen.push(t); if (t.step === 25) (doomed as GpuHandle).device.destroy(); },
  }), (e: Error) => e instanceof GpuDeviceLostError && /device was lost .*the run stopped at step 25; state\(\) holds step 20/.test(e.message));
  const state = md.state();
  assert.equal(state.step, 20);
  assert.equal(state.rngStep, 20);

  const unbroken = await engine(new Kernels((gpu as GpuHandle).device), atoms);
  await unbroken.run(20);
  assert.deepEqual(new Uint8Array(state.positions.buffer), new Uint8Array(unbroken.state().positions.buffer), 'positions at step 20');
  assert.deepEqual(new Uint8Array(state.velocities.buffer), new Uint8Array(unbroken.state().velocities.buffer), 'velocities at step 20');
  unbroken.destroy();

  const wasm = await MD.create({
    atoms: { ...atoms, positions: state.positions, velocities: state.velocities },
    calculator: calc, settings: { ensemble: 'nve', dt: 4 },
  });
  const gpuE20 = seen.find((t) => t.step === 20)!;
  assert.ok(Math.abs(wasm.thermo().etot - (gpuE20.kinetic + gpuE20.potential)) < 1e-5, 'the Wasm MD starts where the GPU was');
  wasm.run(20);
  assert.ok(Math.abs(wasm.thermo().etot - (gpuE20.kinetic + gpuE20.potential)) < 1e-3, 'and goes on conserving energy');
});
