// The training state file: a round trip keeps every bit (including the Infinity of a fresh
// scheduler); a damaged file is refused naming the file and the field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fit } from '../../host/train/fit.js';
import { DEFAULT_TRAIN_SETTINGS } from '../../host/train/settings.js';
import { readTrainState, writeTrainState } from '../../host/train/state-file.js';
import { linearObjective } from '../support/linear-objective.js';
import { labelledFrames, syntheticFresh } from '../support/train-data.js';

async function state(epochs: number) {
  const frames = labelledFrames(await syntheticFresh(9), 6);
  const settings = { ...DEFAULT_TRAIN_SETTINGS, epochs, batchSize: 2 };
  return (await fit({ model: await syntheticFresh(1), train: frames.slice(0, 4), valid: frames.slice(4), settings, objective: linearObjective }).result).state;
}

test('state file round trip: vectors, counters, best model and Infinity survive exactly', async () => {
  for (const s of [await state(0), await state(2)]) {
    const back = readTrainState(writeTrainState(s), 's.json');
    assert.deepEqual(back.optimizer, s.optimizer);
    assert.deepEqual(back.best, s.best);
    assert.deepEqual([back.epoch, back.lr, back.plateau, back.early, back.data, back.precision], [s.epoch, s.lr, s.plateau, s.early, s.data, s.precision]);
    assert.deepEqual(back.settings, s.settings);
    for (const [name, t] of s.model.tensors) assert.deepEqual(back.model.tensors.get(name)!.data, t.data);
  }
  assert.equal((await state(0)).early.best, Infinity);
});

test('a damaged state file is refused naming the file and the field', async () => {
  const good = JSON.parse(writeTrainState(await state(1))) as Record<string, any>;
  const bad = (edit: (j: Record<string, any>) => void, want: RegExp) => {
    const j = structuredClone(good);
    edit(j);
    assert.throws(() => readTrainState(JSON.stringify(j), 'run.json'), want);
  };
  assert.throws(() => readTrainState('{"format": "campjs-train', 'run.json'), /run\.json: not a campjs training state \(not JSON/);
  assert.throws(() => readTrainState('{}', 'run.json'), /run\.json: not a campjs training state \(format is not/);
  bad((j) => (j.version = 9), /run\.json: training state version 9 is not supported/);
  bad((j) => (j.optimizer.m = j.optimizer.m.slice(0, 8)), /run\.json: optimizer\.m is not \d+ base64-encoded f64 values/);
  bad((j) => (j.optimizer.step = -1), /run\.json: optimizer\.step is -1, not a whole number/);
  bad((j) => (j.lr = 'fast'), /run\.json: state\.lr is "fast", not a number/);
  bad((j) => delete j.settings.loss, /run\.json: settings are invalid: .*loss normalize is undefined; expected true or false/);
  bad((j) => (j.settings.batchSize = 0), /run\.json: settings are invalid: .*batch size is 0; expected an integer ≥ 1/);
  bad((j) => (j.model = 'AAAA'), /run\.json \(model\): not a \.campjs file/);
  bad((j) => {
    const v = new Float64Array(Buffer.from(j.optimizer.v, 'base64').buffer.slice(0));
    v[0] = NaN;
    j.optimizer.v = Buffer.from(v.buffer).toString('base64');
  }, /run\.json: optimizer\.v holds a non-finite value at index 0/);
});
