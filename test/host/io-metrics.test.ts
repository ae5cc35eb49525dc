// Energy (meV/atom) and force (meV/Å) errors as CAMP's eval script defines them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labelMetrics } from '../../host/io/metrics.js';
import { parseCampJson } from '../../host/io/camp-json.js';
import { needsShared, readShared, readSharedJson } from '../support/shared.js';

const close = (actual: number, expected: number, rel = 1e-12) =>
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected), `${actual} ≠ ${expected} (relative tolerance ${rel})`);

test('hand-computed small case: per-atom energy errors, all force components', () => {
  const m = labelMetrics([
    { nAtoms: 2, energy: 1.0, refEnergy: 0.9, forces: [0.01, -0.02, 0.03, 0, 0, 0], refForces: [0, 0, 0, 0, 0, 0] },
    { nAtoms: 4, energy: -2.4, refEnergy: -2.0 },
    { nAtoms: 1, energy: 5 }, // no labels: ignored
  ]);
  // ΔE/N = +0.05 and −0.1 eV/atom
  close(m.energy!.mae, 75);
  close(m.energy!.rmse, Math.sqrt((50 ** 2 + 100 ** 2) / 2));
  assert.equal(m.energy!.count, 2);
  // six components, errors 10, −20, 30, 0, 0, 0 meV/Å
  close(m.forces!.mae, 60 / 6);
  close(m.forces!.rmse, Math.sqrt((100 + 400 + 900) / 6));
  assert.equal(m.forces!.count, 6);
});

test('no labels → null; inconsistent inputs → errors', () => {
  assert.deepEqual(labelMetrics([{ nAtoms: 3, energy: 1 }]), { energy: null, forces: null });
  assert.throws(() => labelMetrics([{ nAtoms: 0, energy: 0, refEnergy: 0 }]), /frame 0: an energy per atom needs at least one atom/);
  assert.throws(() => labelMetrics([{ nAtoms: 1, energy: 0 }, { nAtoms: 1, energy: 0, forces: [0, 0, 0], refForces: [0, 0] }]), /frame 1: 3 predicted force components but 2 reference ones/);
});

test('the PyTorch f64 reference on water_test.json scores CAMP\'s published-style numbers', needsShared, () => {
  const frames = parseCampJson(new TextDecoder().decode(readShared('data', 'water_test.json')), 'water_test.json');
  const ref = readSharedJson<{ structures: { results: { float64: { energy: number; forces: number[][] } } }[] }>('reference/water__water_test.json');
  const m = labelMetrics(frames.map((f, i) => ({
    nAtoms: f.atoms.numbers.length,
    energy: ref.structures[i].results.float64.energy,
    forces: ref.structures[i].results.float64.forces.flat(),
    refEnergy: f.energy,
    refForces: f.forces,
  })));
  // expected (water model, f64): energy MAE 0.416 meV/atom, force MAE 19.64 meV/Å
  assert.equal(m.energy!.mae.toFixed(3), '0.416');
  assert.equal(m.forces!.mae.toFixed(2), '19.64');
  assert.equal(m.energy!.count, 81);
  assert.equal(m.forces!.count, 81 * 192 * 3);
  assert.ok(m.energy!.rmse >= m.energy!.mae && m.forces!.rmse >= m.forces!.mae);
});
