// The .campjs model file, safetensors-style:
//   bytes 0..7   magic "CAMPJS\0" + format version byte (2; 1 had no data_sha256)
//   bytes 8..15  header length H, u64 little-endian
//   16..16+H     UTF-8 JSON header (campjs-header.ts), space-padded so the data starts 8-aligned
//   then         the data section: each tensor's row-major little-endian elements at its
//                `offset` (8-aligned, relative to the section start), `length` bytes; the
//                header's `data_sha256` is the SHA-256 of this whole section.
// Elements are stored as a CampModel holds them (float16/bfloat16 as f32, int64 as f64) with the
// original dtype in the header, so checkpoint → .campjs → CampModel is bit-identical.
import type { CampModel, Tensor, TensorDtype } from '../model/camp-model.js';
import { validateCampModel } from '../model/validate.js';
import { sha256Hex } from '../util/sha256.js';
import {
  CAMPJS_FORMAT_VERSION, CAMPJS_READABLE_VERSIONS, MEMORY_BYTES, hparamsFromJson, hparamsToJson, object, provenanceFor, sourceFromJson,
  type CampjsHeader, type TensorEntry,
} from './campjs-header.js';
import { ModelFileError } from './model-file-error.js';

const MAGIC = [0x43, 0x41, 0x4d, 0x50, 0x4a, 0x53, 0x00]; // "CAMPJS\0"
const PREAMBLE_BYTES = 16;
const ALIGN = 8;
const MAX_RANK = 8;
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function isCampjs(bytes: Uint8Array): boolean {
  return bytes.length >= MAGIC.length && MAGIC.every((b, i) => bytes[i] === b);
}

export interface WriteOptions {
  /** Conversion time to record (ISO 8601); default: kept from a converted model, else now. */
  readonly created?: string;
}

export function writeCampjs(model: CampModel, opts: WriteOptions = {}): Uint8Array {
  const tensors: Record<string, TensorEntry> = {};
  let offset = 0;
  for (const [name, t] of model.tensors) {
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (t.data.BYTES_PER_ELEMENT !== MEMORY_BYTES[t.dtype] || t.data.length !== count) {
      throw new ModelFileError(model.source.file, `cannot write tensor '${name}': its data (${t.data.length} × ${t.data.BYTES_PER_ELEMENT} bytes) does not match ${t.dtype} of shape (${t.shape.join(', ')})`);
    }
    tensors[name] = { dtype: t.dtype, shape: [...t.shape], offset, length: t.data.byteLength };
    offset = alignUp(offset + t.data.byteLength);
  }
  const data = new Uint8Array(offset);
  for (const [name, t] of model.tensors) copyLittleEndian(bytesOf(t.data), data.subarray(tensors[name].offset), t.data.BYTES_PER_ELEMENT);
  const header: CampjsHeader = {
    format_version: CAMPJS_FORMAT_VERSION,
    hparams: hparamsToJson(model.hparams),
    source: provenanceFor(model.source, opts.created),
    tensors,
    data_sha256: sha256Hex(data),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const padded = alignUp(PREAMBLE_BYTES + json.length) - PREAMBLE_BYTES;
  const out = new Uint8Array(PREAMBLE_BYTES + padded + offset);
  out.set(MAGIC);
  out[7] = CAMPJS_FORMAT_VERSION;
  const view = new DataView(out.buffer);
  view.setUint32(8, padded, true); // high word stays 0: headers are far below 4 GiB
  out.fill(0x20, PREAMBLE_BYTES, PREAMBLE_BYTES + padded);
  out.set(json, PREAMBLE_BYTES);
  out.set(data, PREAMBLE_BYTES + padded);
  return out;
}

export function readCampjs(bytes: Uint8Array, file?: string): CampModel {
  const fail = (problem: string): never => {
    throw new ModelFileError(file, problem);
  };
  if (!isCampjs(bytes)) fail('not a .campjs file (it should start with "CAMPJS\\0")');
  if (bytes.length < PREAMBLE_BYTES) fail(`truncated .campjs file: ${bytes.length} bytes, shorter than the ${PREAMBLE_BYTES}-byte preamble`);
  const version = bytes[7];
  if (!CAMPJS_READABLE_VERSIONS.includes(version)) fail(`.campjs format version ${version} is not supported (this campjs reads versions ${CAMPJS_READABLE_VERSIONS.join(' and ')})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(12, true) * 2 ** 32 + view.getUint32(8, true);
  if (headerLength > bytes.length - PREAMBLE_BYTES) fail(`header length ${headerLength} runs past the end of the file (${bytes.length} bytes)`);

  const header = parseHeader(bytes.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + headerLength), fail);
  if (header.format_version !== version) fail(`header format_version ${JSON.stringify(header.format_version)} disagrees with the file's version byte ${version}`);
  const data = bytes.subarray(PREAMBLE_BYTES + headerLength);
  if (version >= 2) checkDataSha256(header.data_sha256, data, fail);
  const tensors = new Map<string, Tensor>();
  for (const [name, entry] of Object.entries(object(header.tensors, 'tensors', fail))) {
    tensors.set(name, readTensor(name, entry, data, fail));
  }
  const model: CampModel = {
    hparams: hparamsFromJson(header.hparams, fail),
    tensors,
    source: sourceFromJson(header.source, file, fail),
  };
  validateCampModel(model, file);
  return model;
}

function parseHeader(json: Uint8Array, fail: (p: string) => never): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch (err) {
    return fail(`header is not valid UTF-8 JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  return object(parsed, '', fail);
}

function checkDataSha256(declared: unknown, data: Uint8Array, fail: (p: string) => never): void {
  if (typeof declared !== 'string' || !/^[0-9a-f]{64}$/.test(declared)) fail(`header data_sha256 is ${JSON.stringify(declared) ?? 'missing'}, not a hex SHA-256`);
  const actual = sha256Hex(data);
  if (actual !== declared) {
    fail(`data section fails its SHA-256 check (header says ${(declared as string).slice(0, 12)}…, the ${data.length} bytes hash to ${actual.slice(0, 12)}…): the file was damaged or truncated after it was written`);
  }
}

function readTensor(name: string, x: unknown, data: Uint8Array, fail: (p: string) => never): Tensor {
  const e = object(x, `tensors['${name}']`, fail);
  const dtype = e.dtype as TensorDtype;
  if (typeof dtype !== 'string' || !Object.hasOwn(MEMORY_BYTES, dtype)) fail(`tensor '${name}' has unknown dtype ${JSON.stringify(e.dtype)}`);
  const { shape, offset, length } = e;
  if (!Array.isArray(shape) || shape.length > MAX_RANK || !shape.every(isIndex)) fail(`tensor '${name}' has an invalid shape ${JSON.stringify(shape)}`);
  if (!isIndex(offset) || !isIndex(length)) fail(`tensor '${name}' has an invalid offset/length ${JSON.stringify([offset, length])}`);
  const dims = shape as number[];
  const size = MEMORY_BYTES[dtype];
  const count = dims.reduce((a, b) => a * b, 1);
  if (count * size !== length) fail(`tensor '${name}' has length ${length} bytes, but shape (${dims.join(', ')}) of ${dtype} needs ${count * size}`);
  const start = offset as number;
  if (start + length > data.length) fail(`tensor '${name}' data range [${start}, ${start + length}) is outside the data section (${data.length} bytes)`);
  const out = makeArray(dtype, count);
  copyLittleEndian(data.subarray(start, start + length), bytesOf(out), size);
  return { dtype, shape: dims, data: out };
}

function makeArray(dtype: TensorDtype, n: number): Tensor['data'] {
  switch (MEMORY_BYTES[dtype]) {
    case 8: return new Float64Array(n);
    case 4: return dtype === 'int32' ? new Int32Array(n) : new Float32Array(n);
    case 2: return new Int16Array(n);
    default: return dtype === 'int8' ? new Int8Array(n) : new Uint8Array(n);
  }
}

function bytesOf(a: Tensor['data']): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Copies `src` into `dst`, byte-swapping each element on a big-endian host. */
function copyLittleEndian(src: Uint8Array, dst: Uint8Array, size: number): void {
  if (HOST_LITTLE_ENDIAN || size === 1) {
    dst.set(src);
    return;
  }
  for (let i = 0; i < src.length; i += size) for (let k = 0; k < size; k++) dst[i + k] = src[i + size - 1 - k];
}

function isIndex(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

function alignUp(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}
