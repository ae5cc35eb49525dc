// Fresh models (CAMP's default initialisation from a Philox seed) and the constants CAMP's
// `auto` takes from the training data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { instantiateCore } from '../../host/backends/wasm/wasm.js';
import { freshModel } from '../../host/train/fresh-model.js';
import { dataConstants, perElementShift } from '../../host/train/data-constants.js';
import { parseTrainConfig } from '../../host/train/config-yaml.js';
import { SYNTHETIC_HPARAMS } from '../support/ckpt-synthetic.js';
import { CONSTANTS } from '../support/train-data.js';

test('a fresh model: every tensor U(−k, k) with CAMP\'s fan-in, filling its range; same seed same bits, another seed other weights', async () => {
  const core = (await instantiateCore()).exports;
  const hp = { ...SYNTHETIC_HPARAMS, defaultDtype: 'float64' as const };
  const a = freshModel(core, hp, CONSTANTS, 1);
  const b = freshModel(core, hp, CONSTANTS, 1);
  const c = freshModel(core, hp, CONSTANTS, 2);
  const bound = (name: string, shape: readonly number[]) => {
    if (name.endsWith('radial.c')) return 1 / Math.sqrt(hp.maxChebyshevDegree + 1);
    if (name.includes('linear_path')) return 1 / Math.sqrt(shape[0]);
    if (name.endsWith('.bias')) return 1 / Math.sqrt(a.tensors.get(name.replace(/bias$/, 'weight'))!.shape[1]);
    return 1 / Math.sqrt(shape[1]);
  };
  for (const [name, t] of a.tensors) {
    assert.deepEqual(b.tensors.get(name)!.data, t.data, name);
    if (name.startsWith('readout.atomic_energy')) continue;
    assert.notDeepEqual(c.tensors.get(name)!.data, t.data, name);
    const k = bound(name, t.shape);
    const max = Math.max(...Array.from(t.data, Math.abs));
    assert.ok(max <= k, `${name}: |w| ≤ ${k}, got ${max}`);
    if (t.data.length >= 16) assert.ok(max > 0.7 * k, `${name}: the draws should fill U(−${k}, ${k}), max ${max}`);
  }
  assert.equal(a.tensors.get('readout.atomic_energy_shift')!.data[0], CONSTANTS.atomicEnergyShift);
  assert.equal(a.tensors.get('readout.atomic_energy_scale')!.data[0], CONSTANTS.atomicEnergyScale);
  assert.equal(a.hparams.numAverageNeigh, CONSTANTS.numAverageNeigh);
});

test('a float32 fresh model holds f32 values (weights and num_average_neigh), as CAMP\'s float32 tensors', async () => {
  const core = (await instantiateCore()).exports;
  const m = freshModel(core, SYNTHETIC_HPARAMS, { ...CONSTANTS, numAverageNeigh: 1 / 3 }, 1);
  assert.equal(m.hparams.numAverageNeigh, Math.fround(1 / 3));
  for (const t of m.tensors.values()) assert.ok(t.data instanceof Float32Array && t.dtype === 'float32');
});

test('data constants: mean E/N, RMS force component over frames with forces, neighbours per atom within r_cut', async () => {
  const dimer = (d: number, energy: number, forces?: number[]) => ({
    atoms: { numbers: [1, 1], positions: Float64Array.from([0, 0, 0, d, 0, 0]) }, energy, forces: forces && Float64Array.from(forces),
  });
  const trimer = { atoms: { numbers: [8, 1, 1], positions: Float64Array.from([0, 0, 0, 1, 0, 0, 0, 1, 0]) }, energy: -9 };
  const c = await dataConstants([dimer(1, -2, [1, 0, 0, -1, 0, 0]), dimer(3, -4, [0, 2, 0, 0, -2, 0]), trimer], 2);
  assert.equal(c.atomicEnergyShift, (-1 + -2 + -3) / 3);
  assert.equal(c.atomicEnergyScale, Math.sqrt((1 + 1 + 4 + 4) / 12));
  // Edges within 2 Å: the first dimer 2, the second none, the trimer all 6 pairs (H–H is √2 Å).
  assert.equal(c.numAverageNeigh, (2 + 0 + 6) / 7);
  assert.equal((await dataConstants([trimer], 2)).atomicEnergyScale, 1, 'energy-only data: scale 1');
  await assert.rejects(dataConstants([], 2), /no training configurations/);
});

test('per-element energy shifts: the least-squares E0 of each element, recovered from energies built from them; inseparable elements refused', () => {
  const e0: Record<number, number> = { 1: -10.7, 6: -48.2, 8: -113.9 };
  const frame = (numbers: number[], binding: number) => ({
    atoms: { numbers, positions: new Float64Array(3 * numbers.length), cell: null, pbc: [false, false, false] as const },
    energy: numbers.reduce((s, z) => s + e0[z], 0) + binding,
  });
  const frames = [frame([8, 1, 1], 0.01), frame([6, 1, 1, 1, 1], -0.02), frame([6, 8, 1, 1], 0.015), frame([6, 6, 1, 1, 1, 1, 1, 1], -0.01), frame([8, 8, 1, 1], 0.005)];
  const s = perElementShift(frames, [1, 6, 8]);
  // The small binding terms are what least squares leaves over; the shifts are within them.
  [1, 6, 8].forEach((z, k) => assert.ok(Math.abs(s[k] - e0[z]) < 0.02, `Z=${z}: ${s[k]} vs ${e0[z]}`));
  const exact = perElementShift(frames.map((f) => ({ ...f, energy: Array.from(f.atoms.numbers).reduce((t, z) => t + e0[z], 0) })), [1, 6, 8]);
  [1, 6, 8].forEach((z, k) => assert.ok(Math.abs(exact[k] - e0[z]) < 1e-9, `Z=${z} exact: ${exact[k]}`));
  assert.throws(() => perElementShift([frame([8, 1, 1], 0), frame([8, 8, 1, 1, 1, 1], 0)], [1, 8]), /per_element: element 8 cannot be told apart/);
  assert.throws(() => perElementShift(frames, [1, 6, 7, 8]), /element 7 cannot be told apart/);
  assert.throws(() => perElementShift(frames, [1, 8]), /per_element: atomic number 6 is not among the model's elements \(1, 8\)/);
  assert.equal(parseTrainConfig('model:\n  atomic_energy_shift: per_element\n', 'c.yaml').model.atomicEnergyShift, 'per_element');
  assert.throws(() => parseTrainConfig('model:\n  atomic_energy_shift: each\n', 'c.yaml'), /c\.yaml: .*atomic_energy_shift.*'per_element'/);
});
