// CAMP training configs (YAML): the public ones parse into CAMP's settings; unknown keys and
// bad values are refused naming the file and the key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseTrainConfig } from '../../host/train/config-yaml.js';
import { needsShared, sharedPath } from '../support/shared.js';

test('the shared CAMP configs parse: water\'s settings are CAMP\'s', needsShared, () => {
  for (const name of ['water', 'lips-10', 'md17-aspirin', 'md17-naphthalene']) {
    parseTrainConfig(readFileSync(sharedPath(`models/${name}.config.yaml`), 'utf8'), `${name}.config.yaml`);
  }
  const { settings, model } = parseTrainConfig(readFileSync(sharedPath('models/water.config.yaml'), 'utf8'), 'water.config.yaml');
  assert.equal(settings.batchSize, 4);
  assert.equal(settings.seed, 35);
  assert.deepEqual(settings.adam, { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, amsgrad: true });
  assert.equal(settings.gradientClip, 1);
  assert.deepEqual(settings.ema, { beta: 0.999, power: 0.6667, updateAfterStep: 1000, updateEvery: 10, invGamma: 1, minValue: 0 });
  assert.deepEqual(settings.plateau, { factor: 0.8, patience: 100, threshold: 1e-4, minLr: 0, monitor: 'val/mse_e' });
  assert.deepEqual(settings.earlyStopping, { patience: 400, monitor: 'val_ema/mse_e' });
  assert.equal(settings.epochs, 10000);
  assert.deepEqual(model.atomicNumbers, [1, 8]);
  assert.equal(model.rCut, 5);
  assert.equal(model.maxU, 32);
  assert.equal(model.numAverageNeigh, 'auto');
  assert.deepEqual(model.radialMlpHidden, [32, 32]);
  assert.equal(model.defaultDtype, 'float32');
});

test('keys absent from a config take PyTorch\'s defaults (no AMSGrad, no clipping) or CAMP\'s', () => {
  const { settings } = parseTrainConfig('loss:\n  energy_ratio: 2.0\n', 'small.yaml');
  assert.equal(settings.loss.energyRatio, 2);
  assert.equal(settings.adam.amsgrad, false);
  assert.equal(settings.gradientClip, 0);
  assert.equal(settings.batchSize, 4);
});

test('unknown keys, wrong types and unsupported choices are refused naming the file and the key', () => {
  const bad: [string, RegExp][] = [
    ['trainer:\n  max_epoch: 5\n', /t\.yaml: unknown key 'trainer\.max_epoch' \(known under trainer: max_epochs, /],
    ['lerning_rate: 0.1\n', /t\.yaml: unknown key 'lerning_rate'/],
    ['optimizer:\n  init_args:\n    lr: fast\n', /t\.yaml: optimizer\.init_args\.lr is 'fast'; expected a number/],
    ['optimizer:\n  class_path: torch.optim.SGD\n', /optimizer\.class_path is 'torch\.optim\.SGD'; campjs fit supports 'torch\.optim\.Adam'/],
    ['model:\n  num_average_neigh: many\n', /model\.num_average_neigh is 'many'; expected a number or 'auto'/],
    ['trainer:\n  callbacks:\n  - class_path: my.Callback\n', /trainer\.callbacks\[0\]\.class_path 'my\.Callback' is not a callback campjs fit knows/],
    ['trainer:\n  callbacks:\n  - class_path: lightning.pytorch.callbacks.EarlyStopping\n    init_args:\n      patiense: 3\n', /unknown key 'trainer\.callbacks\.EarlyStopping\.init_args\.patiense'/],
    ['lr_scheduler:\n  monitor: train/loss\n', /lr_scheduler\.monitor is 'train\/loss'/],
    ['data: [1, 2]\n', /t\.yaml: data should be a mapping of keys, not a list/],
    ['a: [\n', /t\.yaml: not valid YAML/],
    ['data:\n  r_cut: 5.0\nmodel:\n  r_cut: 4.0\n', /model\.r_cut \(4\) differs from data\.r_cut \(5\)/],
  ];
  for (const [text, want] of bad) assert.throws(() => parseTrainConfig(text, 't.yaml'), want, text);
});
