// The backend seam is real: the same CAMP model on the Wasm backend and on a test-only backend
// around the plain-TypeScript reference evaluator (test/support/reference-backend.ts, which
// answers asynchronously and keeps no run state) gives the same 100-step NVE trajectory to
// 1e-10 Å, through the same CampCalculator, MD and integrators. Also: sync callers are told to
// await an async backend (and lose nothing), and a Wasm MD run lives in its model's memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Atoms } from '../../host/atoms.js';
import { CampCalculator } from '../../host/calculators/camp-calculator.js';
import { PairCalculator } from '../../host/calculators/pair-calculator.js';
import { WasmDevice } from '../../host/backends/wasm/backend.js';
import { MD } from '../../host/md/md.js';
import type { MdSettings } from '../../host/md/settings.js';
import { referenceBackend } from '../support/reference-backend.js';
import { seededRandom, syntheticAtoms, syntheticModel } from '../support/synthetic-model.js';

// Smooth at the cutoff (radialBias 0) and all pairs well inside it: the reference's
// finite-difference forces are then accurate to ~1e-12 eV/Å.
const model = syntheticModel({ seed: 21, atomicNumbers: [1, 8], maxV: 2, numLayers: 2, nU: 4, dtype: 'float64', radialBias: 0 });
const rCut = model.hparams.rCut;

function cluster(): Atoms {
  const rng = seededRandom(7);
  const atoms = syntheticAtoms(rng, { elements: [1, 8], count: 5, box: 1.8, minDistance: 1.0 });
  const velocities = Float64Array.from({ length: 15 }, () => 0.004 * (rng() - 0.5)); // Å/fs
  return { ...atoms, velocities, masses: new Float64Array(5).fill(12) };
}

const SETTINGS: Partial<MdSettings> = { ensemble: 'nve', dt: 0.5, velocities: 'input' };

function largestPairDistance(positions: Float64Array): number {
  let most = 0;
  for (let i = 0; i < positions.length; i += 3) {
    for (let j = i + 3; j < positions.length; j += 3) {
      most = Math.max(most, Math.hypot(positions[j] - positions[i], positions[j + 1] - positions[i + 1], positions[j + 2] - positions[i + 2]));
    }
  }
  return most;
}

test('100 NVE steps on the reference backend (async, copying) match the Wasm backend (in place) to 1e-10 Å', async (t) => {
  const atoms = cluster();
  const wasm = await CampCalculator.create(model, { backend: 'wasm' });
  const reference = CampCalculator.onDevice(await referenceBackend.open(), model);
  assert.equal(reference.backend, 'reference');

  const onWasm = await MD.create({ atoms, calculator: wasm, settings: SETTINGS });
  let widest = 0;
  onWasm.run(100, (m) => void (widest = Math.max(widest, largestPairDistance(m.atoms.positions))));
  assert.ok(widest < rCut - 0.3, `every pair stays well inside the cutoff (widest ${widest} Å, cutoff ${rCut} Å)`);

  const onReference = await MD.create({ atoms, calculator: reference, settings: SETTINGS });
  assert.equal(await onReference.runAsync(100), 100);

  const a = onWasm.atoms.positions, b = onReference.atoms.positions;
  let moved = 0, diff = 0;
  for (let k = 0; k < a.length; k++) {
    moved = Math.max(moved, Math.abs(a[k] - atoms.positions[k]));
    diff = Math.max(diff, Math.abs(a[k] - b[k]));
  }
  assert.ok(moved > 0.01, `the atoms moved (${moved} Å), so agreement means something`);
  assert.ok(diff < 1e-10, `positions after 100 steps differ by ${diff} Å`);
  t.diagnostic(`largest position difference ${diff.toExponential(2)} Å after atoms moved up to ${moved.toFixed(3)} Å`);
  assert.ok(Math.abs(onWasm.energy - onReference.energy) < 1e-9, `energies ${onWasm.energy} and ${onReference.energy} eV`);
});

test('an asynchronous backend: compute and MD.run say to await, and the run goes on with runAsync', async () => {
  const reference = CampCalculator.onDevice(await referenceBackend.open(), model);
  const atoms = cluster();
  assert.throws(() => reference.compute(atoms), /the reference backend answers asynchronously: use computeAsync/);
  const r = await reference.computeAsync(atoms);
  assert.equal(r.forces?.length, 15);

  const md = await MD.create({ atoms, calculator: reference, settings: SETTINGS });
  const before = md.atoms.positions;
  assert.throws(() => md.run(1), /the calculator answers asynchronously: use runAsync/);
  assert.equal(md.step, 0);
  assert.deepEqual(md.atoms.positions, before, 'the refused step was undone');
  const first = md.runAsync(2);
  await assert.rejects(md.runAsync(1), /a run is in progress/);
  assert.equal(await first, 2, 'the run is not marked failed, and one run at a time goes on');
});

test('a Wasm MD run keeps its state in its model\'s memory; a pair potential\'s run has its own', async () => {
  const wasm = await CampCalculator.create(model);
  const md = await MD.create({ atoms: cluster(), calculator: wasm, settings: SETTINGS });
  assert.ok(wasm.device instanceof WasmDevice);
  assert.equal(md.mem.ws, wasm.device.ws, 'positions, velocities and forces are in the evaluator\'s Wasm memory');
  const twice = await MD.create({ atoms: cluster(), calculator: wasm, settings: SETTINGS });
  assert.notEqual(twice.mem.ptr.r, md.mem.ptr.r, 'two runs on one model do not share buffers');
  md.run(3);
  twice.run(3);
  assert.deepEqual(twice.atoms.positions, md.atoms.positions, 'and do not disturb each other');

  const lj = await PairCalculator.create('lj:epsilon=0.01,sigma=1.2,cutoff=4');
  const pairMd = await MD.create({ atoms: cluster(), calculator: lj, settings: SETTINGS });
  assert.notEqual(pairMd.mem.ws, wasm.device.ws);
  assert.equal(pairMd.run(2), 2);
});

test('backend choice: auto says why it picked its backend; unknown names are refused (webgpu: test/host/webgpu-cli.test.ts)', async () => {
  const auto = await CampCalculator.create(model, { backend: 'auto' });
  assert.match(auto.backendReason, /^auto: (wasm, because .+|webgpu on .+)$/);
  assert.equal(auto.backend, auto.backendReason.startsWith('auto: wasm') ? 'wasm' : 'webgpu');
  await assert.rejects(CampCalculator.create(model, { backend: 'cuda' as 'wasm' }), /backend 'cuda' is not one of auto, wasm, webgpu/);
});
