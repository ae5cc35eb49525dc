// The f32 training gradient (the Wasm core's f32 instantiation: θ rounded to f32, dual f32
// forward and reverse; frames summed in f64) against the f64 one, tensor by tensor, on the
// shapes of train-gradient.test.ts (as float32 models, so both see the same parameters) and on
// water.ckpt. Two tolerances, both measured:
// - the core alone, same seeds (one frame's a·∂E/∂θ + b·∂(dx·∇ₓE)/∂θ): worst tensor 4.2e-5 of
//   its norm (a radial-MLP bias whose two terms nearly cancel; most are ≤ 4e-6), held to CORE_TOL;
// - the whole loss gradient: f32 training also takes its residuals (the loss's seeds) from the
//   f32 predictions, and a residual of ~0.01 eV carries the f32 energy's ~1e-6 eV error as
//   ~1e-4 of that tensor's gradient: worst 1.4e-4 (synthetic), 4.3e-4 (water, all tensors
//   together 1.0e-4), held to LOSS_TOL / WATER_TOL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syntheticModel, PROPERTY_SHAPES, propertyStructures, describeShape, seededRandom } from '../support/synthetic-model.js';
import { createObjective } from '../../host/train/objective.js';
import { buildTrainPlan } from '../../host/train/train-plan.js';
import { GradientCore } from '../../host/train/grad-core.js';
import { Workspace } from '../../host/backends/wasm/workspace.js';
import { instantiateCore } from '../../host/backends/wasm/wasm.js';
import { NeighborList } from '../../host/backends/wasm/neighbor-list.js';
import { typeIndices, type CampModel } from '../../host/model/camp-model.js';
import { labelledFrames } from '../../host/train/labelled-frames.js';
import { loadCampModel } from '../../host/model/load.js';
import { readStructures } from '../../host/io/read-structures.js';
import type { ParameterSlot } from '../../host/train/objective-types.js';
import type { Precision } from '../../host/calculator.js';
import { SETTINGS, labelled } from '../support/gradient-fd.js';
import { needsShared, readShared } from '../support/shared.js';

const CORE_TOL = 1e-4;
const LOSS_TOL = 5e-4;
const WATER_TOL = 1e-3;

/** ‖a − b‖ / ‖b‖ over the slot (0 when both are zero there). */
function relative(a: Float64Array, b: Float64Array, s: Pick<ParameterSlot, 'offset' | 'size'>): number {
  let d = 0, n = 0;
  for (let k = s.offset; k < s.offset + s.size; k++) {
    d += (a[k] - b[k]) ** 2;
    n += b[k] ** 2;
  }
  return d === 0 ? 0 : Math.sqrt(d / n);
}

function assertClose(f32: Float64Array, f64: Float64Array, slots: readonly ParameterSlot[], tol: number, what: string): void {
  assert.notDeepEqual(f32, f64, `${what}: the f32 gradient equals the f64 one bit for bit (not computed in f32?)`);
  const bad = slots.map((s) => ({ name: s.name, r: relative(f32, f64, s) })).filter((x) => !(x.r <= tol));
  assert.deepEqual(bad, [], `${what}: tensors off by more than ${tol} of their norm`);
}

/** One frame through a fresh core of the given precision: the weighted gradient and the raw dual. */
async function coreFrame(model: CampModel, theta: Float64Array, precision: Precision, atoms: ReturnType<typeof propertyStructures>['cluster']) {
  const ws = new Workspace(await instantiateCore());
  const core = new GradientCore(ws, buildTrainPlan(model), precision);
  core.setParameters(theta);
  const rng = seededRandom(8);
  const dx = Float64Array.from({ length: atoms.positions.length }, () => rng() - 0.5);
  const nl = new NeighborList(ws, { cutoff: model.hparams.rCut, skin: 0 });
  core.startBatch();
  core.frame(Int32Array.from(typeIndices(model.hparams, atoms.numbers)), nl.update(atoms), dx, 0.7, -1);
  return { sum: core.gradient(), dual: core.lastDual() };
}

for (const shape of PROPERTY_SHAPES) {
  const model = syntheticModel({ ...shape, dtype: 'float32' });
  const { cluster, periodic } = propertyStructures(shape);

  test(`f32 core = f64 core to ${CORE_TOL} per tensor, same seeds, ${describeShape(shape)}`, async () => {
    const objective = await createObjective(model);
    const theta = objective.parameters();
    for (const atoms of [cluster, periodic]) {
      const a = await coreFrame(model, theta, 'f32', atoms), b = await coreFrame(model, theta, 'f64', atoms);
      // Every number the f32 core hands out is an f32.
      for (const x of [...a.dual.energy, ...a.dual.tangent]) if (Math.fround(x) !== x) assert.fail(`f32 core produced ${x}, not an f32`);
      assertClose(a.sum, b.sum, objective.slots, CORE_TOL, describeShape(shape));
    }
  });

  test(`f32 loss gradient = f64 one to ${LOSS_TOL} per tensor and the same bits run to run, ${describeShape(shape)}`, async () => {
    const f64 = await createObjective(model, { precision: 'f64' });
    const frames = labelled(f64, [cluster, periodic], shape.seed, [true, true]);
    for (const loss of SETTINGS) {
      const a = (await createObjective(model, { precision: 'f32' })).lossAndGradient(frames, loss).gradient;
      const again = (await createObjective(model, { precision: 'f32' })).lossAndGradient(frames, loss).gradient;
      assert.deepEqual(again, a, 'f32 gradient changed between runs');
      assertClose(a, f64.lossAndGradient(frames, loss).gradient, f64.slots, LOSS_TOL, `${describeShape(shape)} ${JSON.stringify(loss)}`);
    }
  });
}

test(`water.ckpt on 2 frames of water_test.json: f32 loss gradient = f64 one to ${WATER_TOL} per tensor`, needsShared, async () => {
  const model = loadCampModel(readShared('models', 'water.ckpt'));
  const frames = labelledFrames(readStructures(readShared('data', 'water_test.json'), 'water_test.json').slice(0, 2), 'water_test.json');
  const loss = { energyRatio: 1, forcesRatio: 1, normalize: true };
  const f64 = await createObjective(model, { precision: 'f64' }), f32 = await createObjective(model, { precision: 'f32' });
  const a = f32.lossAndGradient(frames, loss).gradient, b = f64.lossAndGradient(frames, loss).gradient;
  assertClose(a, b, f64.slots, WATER_TOL, 'water.ckpt');
  assert.ok(relative(a, b, { offset: 0, size: b.length }) <= WATER_TOL / 3, 'water.ckpt: all tensors together');
});
