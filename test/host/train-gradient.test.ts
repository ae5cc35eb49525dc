// The exact parameter gradient of CAMP's training loss (host/train/objective.ts over the dual
// forward-over-reverse core in assembly/train) against finite differences of the f64 loss,
// tensor by tensor (test/support/gradient-fd.ts says what is compared): seeded synthetic models
// of every shape the core supports (max_v 1–3, 1–3 layers, 2–4 elements, pbc and molecules),
// energy-only, forces-only and mixed losses, both normalisations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syntheticModel, PROPERTY_SHAPES, propertyStructures, describeShape, seededRandom, syntheticAtoms } from '../support/synthetic-model.js';
import { createObjective } from '../../host/train/objective.js';
import { finiteDifferenceCheck, SETTINGS, labelled, assertSmall } from '../support/gradient-fd.js';

for (const shape of PROPERTY_SHAPES) {
  test(`loss gradient = finite differences, ${describeShape(shape)}: molecule + periodic cell`, async () => {
    const model = syntheticModel({ ...shape, dtype: 'float64' });
    const objective = await createObjective(model);
    const { cluster, periodic } = propertyStructures(shape);
    const frames = labelled(objective, [cluster, periodic], shape.seed, [true, true]);
    assertSmall(finiteDifferenceCheck(objective, frames, SETTINGS, shape.seed), describeShape(shape));
  });
}

test('a frame without forces trains on energy only and is left out of the force mean', async () => {
  const shape = PROPERTY_SHAPES[1];
  const objective = await createObjective(syntheticModel({ ...shape, dtype: 'float64' }));
  const { cluster, periodic } = propertyStructures(shape);
  const extra = syntheticAtoms(seededRandom(77), { elements: shape.atomicNumbers, count: 5, box: 4, minDistance: 1.2 });
  const frames = labelled(objective, [cluster, extra, periodic], 5, [true, false, true]);
  const loss = { energyRatio: 0.5, forcesRatio: 7, normalize: true };
  const r = objective.lossAndGradient(frames, loss);
  // The loss written out by hand: energies per atom, forces over the 9 + 6 labelled atoms only.
  let e = 0, f = 0, at = 0;
  frames.forEach((fr, k) => {
    const n = fr.atoms.numbers.length;
    e += ((r.energies[k] - fr.energy) / n) ** 2;
    if (fr.forces) for (let c = 0; c < 3 * n; c++) f += (r.forces[at + c] - fr.forces[c]) ** 2;
    at += 3 * n;
  });
  assert.equal(r.forces.length, 3 * (9 + 5 + 6));
  assert.ok(Math.abs(r.lossEnergy - (0.5 * e) / 3) <= 1e-15 * Math.abs(r.lossEnergy));
  assert.ok(Math.abs(r.lossForces - (7 * f) / (3 * 15)) <= 1e-14 * Math.abs(r.lossForces));
  assert.equal(r.loss, r.lossEnergy + r.lossForces);
  assertSmall(finiteDifferenceCheck(objective, frames, [loss], 9), 'batch with a forceless frame');
});

test('atoms without neighbours (a lone atom, a pair beyond the cutoff) have an exact gradient too', async () => {
  const shape = PROPERTY_SHAPES[3];
  const objective = await createObjective(syntheticModel({ ...shape, dtype: 'float64' }));
  const lone = { numbers: [shape.atomicNumbers[0]], positions: new Float64Array(3), cell: null, pbc: [false, false, false] as const };
  const apart = { numbers: [...shape.atomicNumbers], positions: Float64Array.from([0, 0, 0, 9, 0, 0]), cell: null, pbc: [false, false, false] as const };
  const frames = labelled(objective, [lone, apart, propertyStructures(shape).cluster], 31, [true, true, true]);
  assertSmall(finiteDifferenceCheck(objective, frames, SETTINGS, 6), 'lone atoms');
});
