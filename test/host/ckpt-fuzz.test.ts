// Property: random mutations and truncations of a valid checkpoint never leak anything but a
// ModelFileError (bounded run count; the reader's loops consume input, so they cannot hang).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadCampModel } from '../../host/model/load.js';
import { syntheticCheckpoint } from '../support/ckpt-synthetic.js';
import { applyMutation, loadsOrFailsCleanly, mutations, type Mutation } from '../support/ckpt-fuzz.js';
import { crc32 } from '../../host/util/crc32.js';

const ckpt = syntheticCheckpoint();
// data.pkl is the first zip entry: local header (30 bytes) + name, then the pickle.
const pklStart = 30 + 'archive/data.pkl'.length;
const pklEnd = pklStart + new DataView(ckpt.buffer).getUint32(18, true);
const pklCrcAt = centralCrcOffset(ckpt, 'archive/data.pkl');

/** Where the central directory stores the CRC-32 of `name`. */
function centralCrcOffset(zip: Uint8Array, name: string): number {
  const buf = Buffer.from(zip.buffer, zip.byteOffset, zip.length);
  const at = buf.indexOf(name, buf.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]))) - 46;
  assert.equal(buf.readUInt32LE(at), 0x02014b50);
  return at + 16;
}

/** Byte edits inside the pickle get a matching CRC, so they reach the unpickler instead of stopping at the CRC check. */
function mutatePickle(m: Mutation): Uint8Array {
  const out = applyMutation(ckpt, m);
  if (m.kind === 'set' && m.edits.every(([at]) => at >= pklStart && at < pklEnd)) {
    new DataView(out.buffer).setUint32(pklCrcAt, crc32(out.subarray(pklStart, pklEnd)), true);
  }
  return out;
}

test('mutated checkpoints load or fail with a ModelFileError', { timeout: 60_000 }, () => {
  assert.equal(new TextDecoder().decode(ckpt.subarray(30, pklStart)), 'archive/data.pkl');
  fc.assert(
    fc.property(mutations(ckpt, pklStart, pklEnd), fc.constantFrom('ema', 'raw'), (m, weights) =>
      loadsOrFailsCleanly(() => loadCampModel(mutatePickle(m), { file: 'fuzz.ckpt', weights: weights as 'ema' | 'raw' }), 'fuzz.ckpt')),
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
