// The checkpoint container: zip detection, top folder discovery, broken archives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zipSync } from 'fflate';
import { readCheckpointZip } from '../../host/ckpt/zip.js';
import { loadCampModel } from '../../host/model/load.js';
import { ModelFileError } from '../../host/format/model-file-error.js';
import { syntheticCheckpoint } from '../support/ckpt-synthetic.js';

const isFileError = (re: RegExp) => (err: unknown) => err instanceof ModelFileError && re.test(err.message);

test('the top folder is found from data.pkl, whatever its name', () => {
  for (const top of ['archive', 'epoch=1702-step=4044625', 'a b']) {
    const zip = readCheckpointZip(syntheticCheckpoint({ top }), 'x.ckpt');
    assert.equal(zip.top, `${top}/`);
    assert.equal(zip.littleEndian, true);
    assert.ok(zip.storage('0').length > 0);
    assert.equal(loadCampModel(syntheticCheckpoint({ top })).source.notes?.checkpoint_folder, top);
  }
});

test('not a zip, truncated zip, zip without data.pkl, missing storage', () => {
  const good = syntheticCheckpoint();
  assert.throws(() => loadCampModel(new TextEncoder().encode('hello world'), { file: 'm.ckpt' }), isFileError(/^m\.ckpt: neither a PyTorch checkpoint \(zip\) nor a \.campjs model file \(first bytes: 68 65 6c/));
  assert.throws(() => readCheckpointZip(new Uint8Array([1, 2, 3]), 'm.ckpt'), isFileError(/^m\.ckpt: not a zip archive/));
  assert.throws(() => loadCampModel(good.subarray(0, good.length - 30), { file: 'm.ckpt' }), isFileError(/^m\.ckpt: truncated or corrupt zip archive: the end-of-central-directory record is missing/));
  assert.throws(() => loadCampModel(good.subarray(0, 4000), { file: 'm.ckpt' }), isFileError(/truncated or corrupt zip/));
  const noPkl = zipSync({ 'archive/byteorder': new TextEncoder().encode('little') }, { level: 0 });
  assert.throws(() => loadCampModel(noPkl, { file: 'm.ckpt' }), isFileError(/^m\.ckpt: zip archive has no data\.pkl entry/));
  const zip = readCheckpointZip(good, 'm.ckpt');
  assert.throws(() => zip.storage('99999'), isFileError(/tensor storage 'archive\/data\/99999' referenced by data\.pkl is missing from the zip/));
});
