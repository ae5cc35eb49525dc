// The .campjs model file: bit-identical round trips, provenance, and clear errors on bad files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCampjs, writeCampjs } from '../../host/format/campjs-file.js';
import { ModelFileError } from '../../host/format/model-file-error.js';
import { loadCampModel } from '../../host/model/load.js';
import type { CampModel } from '../../host/model/camp-model.js';
import { syntheticCheckpoint } from '../support/ckpt-synthetic.js';
import { needsShared, readShared } from '../support/shared.js';

const CREATED = '2025-01-02T03:04:05.000Z';
const isFileError = (re: RegExp) => (err: unknown) => {
  assert.ok(err instanceof ModelFileError, `expected ModelFileError, got ${String(err)}`);
  assert.match(err.message, re);
  return true;
};
const bytesOf = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Tensors equal byte for byte (so -0, NaN payloads and f32 rounding all count), same order, same dtypes. */
function assertBitIdentical(a: CampModel, b: CampModel): void {
  assert.deepEqual([...b.tensors.keys()], [...a.tensors.keys()]);
  for (const [name, t] of a.tensors) {
    const u = b.tensors.get(name)!;
    assert.equal(u.dtype, t.dtype, name);
    assert.deepEqual(u.shape, t.shape, name);
    assert.equal(u.data.constructor, t.data.constructor, name);
    assert.ok(bytesOf(u.data).equals(bytesOf(t.data)), `${name} differs`);
  }
  assert.deepEqual(b.hparams, a.hparams);
}

function roundTrip(ckpt: Uint8Array, file: string, weights: 'ema' | 'raw'): Uint8Array {
  const model = loadCampModel(ckpt, { file, weights });
  const bytes = writeCampjs(model, { created: CREATED });
  const back = loadCampModel(bytes, { file: 'm.campjs' });
  assertBitIdentical(model, back);
  assert.equal(back.source.format, 'campjs');
  assert.equal(back.source.weights, weights);
  assert.equal(back.source.sha256, model.source.sha256);
  assert.equal(back.source.notes?.original_file, file);
  assert.equal(back.source.notes?.created, CREATED);
  assert.equal(back.source.notes?.converter, 'campjs 0.1.0');
  // Re-writing a converted model reproduces the file exactly.
  assert.ok(Buffer.from(writeCampjs(back)).equals(Buffer.from(bytes)));
  return bytes;
}

test('synthetic checkpoint → .campjs → CampModel is bit-identical (f32 and f64, EMA and raw)', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    const ckpt = syntheticCheckpoint({ defaultDtype: dtype });
    for (const w of ['ema', 'raw'] as const) roundTrip(ckpt, 's.ckpt', w);
  }
});

test('layout: magic, version byte, u64 header length, 8-aligned data', () => {
  const bytes = writeCampjs(loadCampModel(syntheticCheckpoint()), { created: CREATED });
  assert.equal(new TextDecoder().decode(bytes.subarray(0, 7)), 'CAMPJS\0');
  assert.equal(bytes[7], 2);
  const view = new DataView(bytes.buffer);
  const h = view.getUint32(8, true);
  assert.equal(view.getUint32(12, true), 0);
  assert.equal((16 + h) % 8, 0);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + h)));
  assert.equal(header.format_version, 2);
  assert.match(header.data_sha256, /^[0-9a-f]{64}$/);
  assert.equal(header.hparams.n_u, 4);
  for (const e of Object.values(header.tensors) as { offset: number }[]) assert.equal(e.offset % 8, 0);
});

test('bad .campjs files: wrong magic, version, header length, JSON, tensor range, weights', () => {
  const good = writeCampjs(loadCampModel(syntheticCheckpoint()), { created: CREATED });
  const edit = (f: (b: Uint8Array, v: DataView) => void) => {
    const b = good.slice();
    f(b, new DataView(b.buffer));
    return b;
  };
  const headerLength = new DataView(good.buffer).getUint32(8, true);
  const withHeader = (text: (h: string) => string) => {
    const json = new TextEncoder().encode(text(new TextDecoder().decode(good.subarray(16, 16 + headerLength))));
    const out = new Uint8Array(16 + json.length + good.length - 16 - headerLength);
    out.set(good.subarray(0, 16));
    new DataView(out.buffer).setUint32(8, json.length, true);
    out.set(json, 16);
    out.set(good.subarray(16 + headerLength), 16 + json.length);
    return out;
  };
  const bad: [Uint8Array, RegExp][] = [
    [edit((b) => { b[6] = 0x31; }), /^m\.campjs: neither a PyTorch checkpoint/],
    [edit((b) => { b[7] = 3; }), /^m\.campjs: \.campjs format version 3 is not supported \(this campjs reads versions 1 and 2\)/],
    [edit((_, v) => v.setUint32(8, good.length, true)), new RegExp(`header length ${good.length} runs past the end of the file \\(${good.length} bytes\\)`)],
    [edit((_, v) => v.setUint32(12, 1, true)), /header length 42949\d+ runs past the end/],
    [good.subarray(0, 12), /truncated \.campjs file: 12 bytes/],
    [edit((b) => { b[16] = 0x5b; }), /header is not valid UTF-8 JSON/],
    [withHeader((h) => h.replace('"format_version":2', '"format_version":3')), /header format_version 3 disagrees with the file's version byte 2/],
    [withHeader((h) => h.replace(/"offset":(\d+)/, '"offset":99999999')), /tensor 'atom_embedding\.linear\.weight' data range \[99999999, 100000031\) is outside the data section/],
    [withHeader((h) => h.replace(/"length":(\d+)/, '"length":4')), /tensor 'atom_embedding\.linear\.weight' has length 4 bytes, but shape \(4, 2\) of float32 needs 32/],
    [withHeader((h) => h.replace('"dtype":"float32"', '"dtype":"complex64"')), /unknown dtype "complex64"/],
    [withHeader((h) => h.replace('"n_u":4', '"n_u":5')), /tensor 'atom_embedding\.linear\.weight' has shape \(4, 2\), expected \(5, 2\)/],
    [withHeader((h) => h.replace('"weights":"ema"', '"weights":"best"')), /source\.weights is "best"/],
    [edit((b) => { b[b.length - 5] ^= 0x01; }), /^m\.campjs: data section fails its SHA-256 check \(header says [0-9a-f]{12}…, the \d+ bytes hash to [0-9a-f]{12}…\)/],
    [good.subarray(0, good.length - 8), /data section fails its SHA-256 check/],
    [withHeader((h) => h.replace(/"data_sha256":"[0-9a-f]+"/, '"data_sha256":"x"')), /header data_sha256 is "x", not a hex SHA-256/],
  ];
  for (const [bytes, re] of bad) assert.throws(() => loadCampModel(bytes, { file: 'm.campjs' }), isFileError(re));
  assert.throws(() => readCampjs(new Uint8Array(4), 'm.campjs'), isFileError(/not a \.campjs file/));
  assert.throws(() => loadCampModel(good, { file: 'm.campjs', weights: 'raw' }), isFileError(/holds the ema weights, not the raw ones/));
});

test('version 1 files (no data_sha256) still load, without a data check', () => {
  const v2 = writeCampjs(loadCampModel(syntheticCheckpoint()), { created: CREATED });
  const h = new DataView(v2.buffer).getUint32(8, true);
  const text = new TextDecoder().decode(v2.subarray(16, 16 + h)).replace('"format_version":2', '"format_version":1').replace(/,"data_sha256":"[0-9a-f]+"/, '');
  const json = new TextEncoder().encode(text.padEnd(h, ' '));
  const v1 = v2.slice();
  v1[7] = 1;
  v1.set(json, 16);
  assert.equal(loadCampModel(v1, { file: 'old.campjs' }).tensors.size, loadCampModel(v2).tensors.size);
});

for (const name of ['water', 'lips-10', 'md17-aspirin', 'md17-naphthalene']) {
  test(`real ${name}.ckpt → .campjs → CampModel is bit-identical (EMA and raw)`, needsShared, () => {
    const ckpt = readShared('models', `${name}.ckpt`);
    const ema = roundTrip(ckpt, `${name}.ckpt`, 'ema');
    const raw = roundTrip(ckpt, `${name}.ckpt`, 'raw');
    assert.ok(!Buffer.from(ema).equals(Buffer.from(raw)));
    assert.ok(ema.length < ckpt.length / 4, `.campjs (${ema.length} B) is much smaller than the checkpoint (${ckpt.length} B)`);
  });
}
