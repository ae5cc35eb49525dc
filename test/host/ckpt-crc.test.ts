// Zip CRC-32s are checked: a flipped byte in a tensor storage or in data.pkl is refused naming
// the entry, while intact checkpoints (synthetic and the shared real ones) load; the CLI
// refuses damaged .ckpt and .campjs files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCampjs } from '../../host/format/campjs-file.js';
import { needsBuild, runCli } from '../support/cli.js';
import { crc32 } from '../../host/util/crc32.js';
import { loadCampModel } from '../../host/model/load.js';
import { ModelFileError } from '../../host/format/model-file-error.js';
import { syntheticCheckpoint } from '../support/ckpt-synthetic.js';
import { needsShared, readShared, sharedPath } from '../support/shared.js';

test('crc32 matches the standard check value', () => {
  assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
  assert.equal(crc32(new Uint8Array(0)), 0);
});

/** Offset of the first byte of the stored entry `name` (local header + name + extra). */
function entryDataOffset(zip: Uint8Array, name: string): number {
  const at = Buffer.from(zip).indexOf(Buffer.from(name)) - 30;
  const view = new DataView(zip.buffer, zip.byteOffset);
  assert.equal(view.getUint32(at, true), 0x04034b50);
  return at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
}

test('a flipped byte in a tensor storage is refused naming the entry', () => {
  const good = syntheticCheckpoint();
  assert.ok(loadCampModel(good, { file: 'm.ckpt' }));
  const bad = good.slice();
  bad[entryDataOffset(bad, 'archive/data/0') + 3] ^= 0x10;
  assert.throws(() => loadCampModel(bad, { file: 'm.ckpt' }), (err: unknown) =>
    err instanceof ModelFileError && /^m\.ckpt: corrupt checkpoint: zip entry 'archive\/data\/0' fails its CRC-32 check/.test(err.message));
});

test('a flipped byte in data.pkl is refused naming the entry', () => {
  const bad = syntheticCheckpoint().slice();
  bad[entryDataOffset(bad, 'archive/data.pkl') + 40] ^= 0x01;
  assert.throws(() => loadCampModel(bad, { file: 'm.ckpt' }), /zip entry 'archive\/data\.pkl' fails its CRC-32 check/);
});

test('a real checkpoint passes its CRC checks, and fails them with a flipped byte', needsShared, () => {
  const path = sharedPath('models/water.ckpt');
  const bytes = readShared('models/water.ckpt');
  assert.ok(loadCampModel(bytes, { file: path }));
  const bad = bytes.slice();
  bad[bytes.length >> 1] ^= 0x04;
  assert.throws(() => loadCampModel(bad, { file: path }), /fails its CRC-32 check/);
});

test('built CLI: info refuses a damaged .ckpt and a damaged .campjs, naming the file and the check', { skip: needsBuild.skip || needsShared.skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'campjs-crc-'));
  const ckpt = readShared('models/water.ckpt').slice();
  ckpt[ckpt.length >> 1] ^= 0x04;
  writeFileSync(join(dir, 'bad.ckpt'), ckpt);
  const r = runCli(['info', join(dir, 'bad.ckpt')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^campjs: bad\.ckpt: corrupt checkpoint: zip entry '.*' fails its CRC-32 check/);

  const campjs = writeCampjs(loadCampModel(readShared('models/water.ckpt')));
  campjs[campjs.length - 100] ^= 0x01;
  writeFileSync(join(dir, 'bad.campjs'), campjs);
  const c = runCli(['info', join(dir, 'bad.campjs')]);
  assert.equal(c.status, 1);
  assert.match(c.stderr, /^campjs: bad\.campjs: data section fails its SHA-256 check/);
});
