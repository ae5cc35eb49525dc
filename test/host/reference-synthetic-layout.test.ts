// Synthetic models (test/support/synthetic-model.ts) are only a stand-in for real checkpoints if
// they hold exactly the same tensors: same names, order and shapes for the same hyperparameters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCampModel } from '../../host/model/load.js';
import { validateCampModel } from '../../host/model/validate.js';
import { syntheticModel } from '../support/synthetic-model.js';
import { needsShared, readShared } from '../support/shared.js';

const layoutOf = (tensors: ReadonlyMap<string, { shape: readonly number[] }>) => [...tensors].map(([name, t]) => `${name} [${t.shape.join(',')}]`);

test('synthetic models have the exact tensor layout of the real checkpoints', needsShared, () => {
  for (const name of ['water', 'lips-10', 'md17-aspirin', 'md17-naphthalene']) {
    const real = loadCampModel(readShared('models', `${name}.ckpt`), { file: `${name}.ckpt` });
    const hp = real.hparams;
    const synthetic = syntheticModel({
      seed: 1, atomicNumbers: hp.atomicNumbers, maxV: hp.maxV, numLayers: hp.numLayers, nU: hp.nU,
      radialHidden: hp.radialMlpHidden, outputHidden: hp.outputMlpHidden, rCut: hp.rCut, K: hp.maxChebyshevDegree,
    });
    assert.deepEqual(layoutOf(synthetic.tensors), layoutOf(real.tensors), name);
  }
});

test('synthetic models of every supported shape pass the model validator, and are reproducible', () => {
  for (const maxV of [1, 2, 3]) {
    for (const numLayers of [1, 2, 3]) {
      for (const perTypeEnergy of [false, true]) {
        const opts = { seed: 10 * maxV + numLayers, atomicNumbers: [8, 1, 6], maxV, numLayers, nU: 5, perTypeEnergy, radialHidden: [7, 6, 4], outputHidden: [3] };
        const model = syntheticModel(opts);
        assert.doesNotThrow(() => validateCampModel(model, `synthetic max_v ${maxV} L ${numLayers}`));
        assert.deepEqual(model.hparams.atomicNumbers, [1, 6, 8]);
        const again = syntheticModel(opts);
        for (const [name, t] of model.tensors) assert.deepEqual(again.tensors.get(name)!.data, t.data, `${name} is seeded`);
      }
    }
  }
  const a = syntheticModel({ seed: 1, atomicNumbers: [1, 8], maxV: 2, numLayers: 2, nU: 4 });
  const b = syntheticModel({ seed: 2, atomicNumbers: [1, 8], maxV: 2, numLayers: 2, nU: 4 });
  assert.notDeepEqual(a.tensors.get('layers.1.atom_moment.radial.c')!.data, b.tensors.get('layers.1.atom_moment.radial.c')!.data);
  assert.ok(syntheticModel({ seed: 1, atomicNumbers: [1], maxV: 1, numLayers: 1, nU: 3, dtype: 'float64' }).tensors.get('atom_embedding.linear.weight')!.data instanceof Float64Array);
});
