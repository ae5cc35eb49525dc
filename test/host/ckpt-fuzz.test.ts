// Property: random mutations and truncations of a valid checkpoint never leak anything but a
// ModelFileError (bounded run count; the reader's loops consume input, so they cannot hang).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadCampModel } from '../../host/model/load.js';
import { syntheticCheckpoint } from '../support/ckpt-synthetic.js';
import { applyMutation, loadsOrFailsCleanly, mutations } from '../support/ckpt-fuzz.js';

const ckpt = syntheticCheckpoint();
// data.pkl is the first zip entry: local header (30 bytes) + name, then the pickle.
const pklStart = 30 + 'archive/data.pkl'.length;
const pklEnd = pklStart + new DataView(ckpt.buffer).getUint32(18, true);

test('mutated checkpoints load or fail with a ModelFileError', { timeout: 60_000 }, () => {
  assert.equal(new TextDecoder().decode(ckpt.subarray(30, pklStart)), 'archive/data.pkl');
  fc.assert(
    fc.property(mutations(ckpt, pklStart, pklEnd), fc.constantFrom('ema', 'raw'), (m, weights) =>
      loadsOrFailsCleanly(() => loadCampModel(applyMutation(ckpt, m), { file: 'fuzz.ckpt', weights: weights as 'ema' | 'raw' }), 'fuzz.ckpt')),
    { numRuns: 400 },
  );
});

test('mutations of the zip central directory (end of file) fail cleanly', { timeout: 60_000 }, () => {
  fc.assert(
    fc.property(mutations(ckpt, ckpt.length - 2000, ckpt.length), (m) =>
      loadsOrFailsCleanly(() => loadCampModel(applyMutation(ckpt, m), { file: 'fuzz.ckpt' }), 'fuzz.ckpt')),
    { numRuns: 200 },
  );
});
