// Training frames from structure files (labels checked, energy-only frames counted), the
// seeded validation split, and the element check against a model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StructureFrame } from '../../host/io/frame.js';
import { labelledFrames } from '../../host/train/labelled-frames.js';
import { checkTrainingElements, elementsOf, energyOnlyCount } from '../../host/train/training-set.js';
import { splitValidation } from '../../host/train/split.js';
import { instantiateCore } from '../../host/backends/wasm/wasm.js';

const frame = (numbers: number[], labels: Partial<StructureFrame> = {}): StructureFrame => ({
  atoms: { numbers, positions: new Float64Array(3 * numbers.length) }, info: {}, arrays: {}, ...labels,
});

test('frames without forces are counted (they train on energy only)', () => {
  const frames = labelledFrames([frame([1, 8], { energy: -3, forces: new Float64Array(6) }), frame([1], { energy: -1 })], 'd.xyz');
  assert.equal(energyOnlyCount(frames), 1);
  assert.equal(frames[1].forces, undefined);
});

test('elements: listed ascending; a frame with an element the model lacks is named', () => {
  const frames = labelledFrames([frame([8, 1], { energy: 0 }), frame([6, 1], { energy: 0 })], 'd.xyz');
  assert.deepEqual(elementsOf(frames), [1, 6, 8]);
  assert.throws(() => checkTrainingElements(frames, [1, 8], 'd.xyz', 'model.ckpt'), /d\.xyz, frame 1: atom 0 is C \(Z=6\), which model\.ckpt lacks \(it knows H, O\)/);
});

test('validation split: round(f·n) frames drawn from the seed, file order kept, every frame once', async () => {
  const core = (await instantiateCore()).exports;
  const items = Array.from({ length: 20 }, (_, k) => k);
  const a = splitValidation(core, items, 0.25, 35);
  assert.equal(a.valid.length, 5);
  assert.deepEqual([...a.train, ...a.valid].sort((x, y) => x - y), items);
  assert.deepEqual(a.valid, [...a.valid].sort((x, y) => x - y));
  assert.deepEqual(splitValidation(core, items, 0.25, 35), a);
  assert.notDeepEqual(splitValidation(core, items, 0.25, 36).valid, a.valid);
  assert.equal(splitValidation(core, [1, 2], 0.01, 1).valid.length, 1, 'at least one validation frame');
  assert.throws(() => splitValidation(core, [1], 0.5, 1), /a split needs at least 2/);
});
