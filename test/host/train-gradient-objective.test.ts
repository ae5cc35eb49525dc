// The TrainingObjective contract around the gradient: parameters in and out, predictions equal
// to the calculator's (f64 and f32), the training core's own energy and its tangent (= −dx·F)
// against the inference evaluator, and clear refusals of bad batches, settings and parameters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createObjective } from '../../host/train/objective.js';
import { CampCalculator } from '../../host/calculators/camp-calculator.js';
import { buildTrainPlan } from '../../host/train/train-plan.js';
import { GradientCore } from '../../host/train/grad-core.js';
import { Workspace } from '../../host/backends/wasm/workspace.js';
import { instantiateCore } from '../../host/backends/wasm/wasm.js';
import { NeighborList } from '../../host/backends/wasm/neighbor-list.js';
import { typeIndices } from '../../host/model/camp-model.js';
import { syntheticModel, PROPERTY_SHAPES, propertyStructures, seededRandom } from '../support/synthetic-model.js';

const shape = PROPERTY_SHAPES[2];
const model = syntheticModel({ ...shape, dtype: 'float64' });
const { cluster, periodic } = propertyStructures(shape);

test('slots: every floating tensor but the energy scale and shift, in checkpoint order, packed back to back', async () => {
  const objective = await createObjective(model);
  const names = [...model.tensors.keys()].filter((n) => n !== 'readout.atomic_energy_scale' && n !== 'readout.atomic_energy_shift');
  assert.deepEqual(objective.slots.map((s) => s.name), names);
  let offset = 0;
  for (const s of objective.slots) {
    assert.equal(s.offset, offset);
    assert.deepEqual(s.shape, model.tensors.get(s.name)!.shape);
    offset += s.size;
  }
  assert.equal(objective.size, offset);
});

test('parameters, setParameters and toModel round-trip; predictions follow the parameters and equal the calculator\'s', async () => {
  for (const precision of ['f64', 'f32'] as const) {
    const objective = await createObjective(model, { precision });
    const p = objective.parameters();
    const rng = seededRandom(3);
    const q = p.map((x) => x * (1 + 0.01 * (rng() - 0.5)));
    objective.setParameters(q);
    assert.deepEqual(objective.parameters(), q);
    const moved = objective.toModel(q);
    const calc = await CampCalculator.create(moved, { precision });
    const pred = objective.predict([{ atoms: cluster, energy: 0 }, { atoms: periodic, energy: 0 }]);
    const a = calc.compute(cluster), b = calc.compute(periodic);
    assert.deepEqual(Array.from(pred.energies), [a.energy, b.energy], precision);
    assert.deepEqual(Array.from(pred.forces), [...a.forces!, ...b.forces!], precision);
    objective.setParameters(p);
    assert.notEqual(objective.predict([{ atoms: cluster, energy: 0 }]).energies[0], a.energy);
  }
});

test('the training core\'s energy equals the evaluator\'s and its tangent is −dx·F', async () => {
  const plan = buildTrainPlan(model);
  const ws = new Workspace(await instantiateCore());
  const core = new GradientCore(ws, plan);
  const objective = await createObjective(model);
  core.setParameters(objective.parameters());
  const nl = new NeighborList(ws, { cutoff: model.hparams.rCut, skin: 0 });
  for (const atoms of [cluster, periodic]) {
    const rng = seededRandom(8);
    const dx = Float64Array.from({ length: atoms.positions.length }, () => rng() - 0.5);
    const pred = objective.predict([{ atoms, energy: 0 }]);
    const r = core.frame(typeIndices(model.hparams, atoms.numbers), nl.update(atoms), dx, 1, 0);
    let dot = 0;
    for (let k = 0; k < dx.length; k++) dot -= dx[k] * pred.forces[k];
    assert.ok(Math.abs(r.energy - pred.energies[0]) <= 1e-12 * Math.abs(pred.energies[0]), `energy ${r.energy} vs ${pred.energies[0]}`);
    assert.ok(Math.abs(r.tangent - dot) <= 1e-12 * (Math.abs(dot) + 1), `tangent ${r.tangent} vs −dx·F ${dot}`);
  }
});

test('bad batches, settings and parameters are refused with the frame and field named', async () => {
  const objective = await createObjective(model);
  const p0 = objective.parameters();
  const loss = { energyRatio: 1, forcesRatio: 1, normalize: true };
  const frame = { atoms: cluster, energy: -3 };
  assert.throws(() => objective.lossAndGradient([], loss), /no frames/);
  assert.throws(() => objective.lossAndGradient([{ ...frame, energy: NaN }], loss), /training frame 0: energy must be a finite number/);
  assert.throws(() => objective.lossAndGradient([frame, { ...frame, forces: new Float64Array(27).fill(NaN) }], loss), /training frame 1: force component 0 \(atom 0\) is not finite/);
  assert.throws(() => objective.lossAndGradient([{ ...frame, forces: new Float64Array(3) }], loss), /forces have 3 values, expected 27/);
  assert.throws(() => objective.lossAndGradient([{ atoms: { ...cluster, numbers: Array.from(cluster.numbers, () => 79) }, energy: 0 }], loss), /training frame 0: atom 0 has atomic number 79/);
  assert.throws(() => objective.lossAndGradient([frame], { ...loss, forcesRatio: -1 }), /forcesRatio must be a finite number ≥ 0/);
  assert.throws(() => objective.lossAndGradient([frame], { ...loss, normalize: 'yes' as unknown as boolean }), /normalize must be true or false/);
  const close = { ...cluster, positions: Float64Array.from(cluster.positions, (x, k) => (k < 3 ? cluster.positions[3 + k] : x)) };
  assert.throws(() => objective.lossAndGradient([frame, { atoms: close, energy: 0 }], loss), /training frame 1: atoms 0 and 1 overlap/);
  // Finite but absurd weights overflow the model: refused, not a silent NaN loss.
  const huge = objective.parameters();
  huge.fill(1e300, 0, objective.slots[0].size);
  objective.setParameters(huge);
  assert.throws(() => objective.lossAndGradient([frame], loss), /training frame 0: the model's (energy|force on atom \d+) is not finite/);
  objective.setParameters(p0);
  assert.throws(() => objective.setParameters(new Float64Array(3)), /expected a Float64Array of \d+ parameters, got 3/);
  const p = objective.parameters();
  p[objective.slots[3].offset + 1] = Infinity;
  assert.throws(() => objective.setParameters(p), new RegExp(`parameter \\d+ \\(${objective.slots[3].name.replace(/\./g, '\\.')}\\[1\\]\\) is not finite`));
});

test('f32: the loss comes from the f32 predictions, the gradient (f32 core) is close to the f64 one', async () => {
  const f32 = await createObjective(model, { precision: 'f32' });
  const f64 = await createObjective(model);
  const p = f64.predict([{ atoms: cluster, energy: 0 }]);
  const frames = [{ atoms: cluster, energy: p.energies[0] + 0.3, forces: p.forces.map((f, k) => f + 0.05 * ((k % 5) - 2)) }];
  const loss = { energyRatio: 1, forcesRatio: 10, normalize: true };
  const a = f32.lossAndGradient(frames, loss), b = f64.lossAndGradient(frames, loss);
  const calc = await CampCalculator.create(model, { precision: 'f32' });
  assert.equal(a.energies[0], calc.compute(cluster).energy);
  assert.notEqual(a.loss, b.loss);
  let diff = 0, norm = 0;
  for (let k = 0; k < a.gradient.length; k++) {
    diff += (a.gradient[k] - b.gradient[k]) ** 2;
    norm += b.gradient[k] ** 2;
  }
  // The residuals differ by the f32 rounding of E and F, the gradient by the f32 core (train-gradient-f32.test.ts).
  assert.ok(Math.sqrt(diff / norm) < 1e-4 && diff > 0, `relative difference ${Math.sqrt(diff / norm)}`);
});
