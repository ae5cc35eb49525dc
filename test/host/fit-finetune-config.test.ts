// The fine-tuning config of bench/finetune-water.mjs picks the best model by a force metric
// through Lightning's ModelCheckpoint callback. Its monitor used to be read and then ignored
// (the best model was still chosen by val_ema/mse_e); now it is used when EarlyStopping names
// none. (Where both name one, EarlyStopping's stops the run and picks the model, as before, and a warning says so: CAMP's
// md17 configs name different ones.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTrainConfig } from '../../host/train/config-yaml.js';

const callbacks = (...entries: [string, string, string?][]) => ['trainer:', '  callbacks:', ...entries.flatMap(([name, monitor, mode]) => [
  `  - class_path: lightning.pytorch.callbacks.${name}`, '    init_args:', `      monitor: ${monitor}`, ...(mode ? [`      mode: ${mode}`] : []),
])].join('\n') + '\n';

test('ModelCheckpoint\'s monitor alone picks the best model (and stops the run)', () => {
  const { settings } = parseTrainConfig(callbacks(['ModelCheckpoint', 'val_ema/mae_f']), 'ft.yaml');
  assert.equal(settings.earlyStopping.monitor, 'val_ema/mae_f');
});

test('EarlyStopping and ModelCheckpoint naming the same metric, or EarlyStopping alone, use it', () => {
  for (const text of [callbacks(['EarlyStopping', 'val/mae_f'], ['ModelCheckpoint', 'val/mae_f']), callbacks(['EarlyStopping', 'val/mae_f'])]) {
    assert.equal(parseTrainConfig(text, 'ft.yaml').settings.earlyStopping.monitor, 'val/mae_f');
  }
  assert.equal(parseTrainConfig('seed_everything: 3\n', 'ft.yaml').settings.earlyStopping.monitor, 'val_ema/mse_e');
});

test('EarlyStopping\'s monitor wins where both name one, with a warning; a bad monitor or mode max is refused naming the file and the callback', () => {
  const both = callbacks(['EarlyStopping', 'val_ema/mse_e'], ['ModelCheckpoint', 'val_ema/mae_f']);
  const config = parseTrainConfig(both, 'ft.yaml');
  assert.equal(config.settings.earlyStopping.monitor, 'val_ema/mse_e');
  // ... and the user is told the other one is not used.
  assert.deepEqual(config.warnings, ["ft.yaml: trainer.callbacks EarlyStopping monitors 'val_ema/mse_e' and ModelCheckpoint 'val_ema/mae_f'; " +
    "campjs fit stops the run and picks the best model by one metric, EarlyStopping's 'val_ema/mse_e'"]);
  assert.deepEqual(parseTrainConfig(callbacks(['EarlyStopping', 'val/mae_f'], ['ModelCheckpoint', 'val/mae_f']), 'ft.yaml').warnings, []);
  assert.throws(() => parseTrainConfig(callbacks(['ModelCheckpoint', 'val/loss']), 'ft.yaml'), /ft\.yaml: trainer\.callbacks ModelCheckpoint monitor is 'val\/loss'/);
  assert.throws(() => parseTrainConfig(callbacks(['ModelCheckpoint', 'val/mae_f', 'max']), 'ft.yaml'), /ft\.yaml: trainer\.callbacks ModelCheckpoint mode is 'max'; campjs fit supports 'min'/);
});
