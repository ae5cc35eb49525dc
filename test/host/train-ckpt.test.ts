// A checkpoint written by the trainer (host/ckpt/write-ckpt.ts) reads back through campjs's own
// loader with identical tensors and hyperparameters, for both weights, f32 and f64 models, and
// a real CAMP checkpoint survives the round trip bit for bit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { CampModel } from '../../host/model/camp-model.js';
import { loadCampModel } from '../../host/model/load.js';
import { writeCheckpoint } from '../../host/ckpt/write-ckpt.js';
import { readCheckpointZip } from '../../host/ckpt/zip.js';
import { loadTorchPickle } from '../../host/ckpt/torch-pickle.js';
import { lightningHparams } from '../../host/train/lightning-hparams.js';
import { DEFAULT_TRAIN_SETTINGS } from '../../host/train/settings.js';
import { parameterSlots, parametersOf, withParameters } from '../../host/train/model-parameters.js';
import { syntheticFresh } from '../support/train-data.js';
import { needsShared, sharedPath } from '../support/shared.js';

const sameModel = (a: CampModel, b: CampModel) => {
  assert.deepEqual(a.hparams, b.hparams);
  assert.deepEqual([...a.tensors.keys()], [...b.tensors.keys()]);
  for (const [name, t] of a.tensors) {
    const u = b.tensors.get(name)!;
    assert.equal(u.dtype, t.dtype, name);
    assert.deepEqual(u.shape, t.shape, name);
    assert.deepEqual(u.data, t.data, name);
  }
};

/** The EMA weights of a test: the raw ones shifted, so the two cannot be confused. */
function shifted(m: CampModel): CampModel {
  const slots = parameterSlots(m);
  return withParameters(m, slots, parametersOf(m, slots).map((x) => x * 0.5 + 0.125));
}

for (const dtype of ['float32', 'float64'] as const) {
  test(`a written ${dtype} checkpoint loads back with identical raw and EMA tensors and hyperparameters`, async () => {
    const raw = await syntheticFresh(3, dtype);
    const ema = shifted(raw);
    const bytes = writeCheckpoint({ raw, ema, emaStep: 1234, emaInitted: true, epoch: 5, globalStep: 678, ...lightningHparams(DEFAULT_TRAIN_SETTINGS) });
    sameModel(loadCampModel(bytes, { weights: 'raw' }), raw);
    sameModel(loadCampModel(bytes, { weights: 'ema' }), ema);
    const back = loadCampModel(bytes);
    assert.equal(back.source.notes?.epoch, '5');
    assert.equal(back.source.notes?.global_step, '678');
  });
}

test('the checkpoint has the layout of CAMP\'s: key order, ema.step/initted, the *_hparams LitModel needs, stored zip entries', async () => {
  const raw = await syntheticFresh(3);
  const bytes = writeCheckpoint({ raw, ema: shifted(raw), emaStep: 42, emaInitted: false, epoch: 1, globalStep: 2, ...lightningHparams(DEFAULT_TRAIN_SETTINGS) });
  const archive = readCheckpointZip(bytes);
  assert.equal(archive.top, 'archive/');
  const root = loadTorchPickle(archive) as Map<string, unknown>;
  const sd = root.get('state_dict') as Map<string, unknown>;
  const keys = [...sd.keys()];
  const names = [...raw.tensors.keys()];
  assert.deepEqual(keys, [...names.map((n) => `model.${n}`), 'ema.initted', 'ema.step', ...names.map((n) => `ema.ema_model.${n}`)]);
  const hp = root.get('hyper_parameters') as Map<string, Map<string, unknown>>;
  assert.deepEqual([...hp.keys()], ['loss_hparams', 'metrics_hparams', 'optimizer_hparams', 'lr_scheduler_hparams', 'ema_hparams', 'other_hparams']);
  assert.equal(hp.get('metrics_hparams')!.get('type'), 'mse');
  assert.equal((hp.get('other_hparams')!.get('model') as Map<string, unknown>).get('max_u'), raw.hparams.nU - 1);
  // Entries stored (method 0): the local header's compression field is 0 for every entry.
  for (let at = 0; (at = bytes.indexOf(0x50, at)) >= 0; at++) {
    if (bytes[at + 1] === 0x4b && bytes[at + 2] === 3 && bytes[at + 3] === 4) assert.equal(bytes[at + 8] | (bytes[at + 9] << 8), 0);
  }
});

test('a real CAMP checkpoint (water) written again loads back bit for bit, both weights', needsShared, () => {
  const bytes = readFileSync(sharedPath('models/water.ckpt'));
  const raw = loadCampModel(bytes, { weights: 'raw' });
  const ema = loadCampModel(bytes, { weights: 'ema' });
  const again = writeCheckpoint({ raw, ema, emaStep: 0, emaInitted: true, epoch: 0, globalStep: 0, ...lightningHparams(DEFAULT_TRAIN_SETTINGS) });
  sameModel(loadCampModel(again, { weights: 'raw' }), raw);
  sameModel(loadCampModel(again, { weights: 'ema' }), ema);
});
