// Rebuilding tensors from storage bytes: dtypes, strides, offsets, bounds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { materializeTensor, STORAGE_DTYPES, type StorageRef, type TensorRef } from '../../host/ckpt/torch-tensor.js';
import { rowMajorStrides } from '../support/pickle-builder.js';

const fail = (p: string): never => {
  throw new Error(p);
};

function view(torchType: string, bytes: Uint8Array, shape: number[], o: { offset?: number; stride?: number[]; numel?: number; littleEndian?: boolean } = {}): TensorRef {
  const dtype = STORAGE_DTYPES.get(torchType);
  assert.notEqual(dtype, undefined, torchType);
  const size = dtype ? { float64: 8, int64: 8, float32: 4, int32: 4, float16: 2, bfloat16: 2, int16: 2, int8: 1, uint8: 1, bool: 1 }[dtype] : 8;
  const storage: StorageRef = {
    kind: 'storage', torchType, dtype: dtype ?? null, key: '0', numel: o.numel ?? bytes.length / size, bytes, littleEndian: o.littleEndian ?? true,
  };
  return { kind: 'tensor', storage, offset: o.offset ?? 0, shape, stride: o.stride ?? rowMajorStrides(shape) };
}

const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

test('every supported dtype decodes to the documented in-memory type', () => {
  const cases: [string, Uint8Array, string, number[]][] = [
    ['FloatStorage', bytesOf(new Float32Array([1.5, -2])), 'Float32Array', [1.5, -2]],
    ['DoubleStorage', bytesOf(new Float64Array([Math.PI, -0])), 'Float64Array', [Math.PI, -0]],
    // binary16: 1.0, -2.0, 65504 (max), 2^-24 (smallest subnormal), +inf
    ['HalfStorage', bytesOf(new Uint16Array([0x3c00, 0xc000, 0x7bff, 0x0001, 0x7c00])), 'Float32Array', [1, -2, 65504, 2 ** -24, Infinity]],
    // bfloat16 = top half of float32: 1.0, -3.0, 2^-133 (subnormal)
    ['BFloat16Storage', bytesOf(new Uint16Array([0x3f80, 0xc040, 0x0001])), 'Float32Array', [1, -3, 2 ** -133]],
    ['LongStorage', bytesOf(new BigInt64Array([-5n, 2n ** 52n])), 'Float64Array', [-5, 2 ** 52]],
    ['IntStorage', bytesOf(new Int32Array([-7, 2 ** 31 - 1])), 'Int32Array', [-7, 2 ** 31 - 1]],
    ['ShortStorage', bytesOf(new Int16Array([-300, 300])), 'Int16Array', [-300, 300]],
    ['CharStorage', bytesOf(new Int8Array([-128, 127])), 'Int8Array', [-128, 127]],
    ['ByteStorage', new Uint8Array([0, 255]), 'Uint8Array', [0, 255]],
    ['BoolStorage', new Uint8Array([0, 1]), 'Uint8Array', [0, 1]],
  ];
  for (const [type, bytes, arrayType, want] of cases) {
    const t = materializeTensor(view(type, bytes, [want.length]), fail);
    assert.equal(t.data.constructor.name, arrayType, type);
    assert.deepEqual(Array.from(t.data), want, type);
    assert.deepEqual(t.shape, [want.length]);
  }
});

test('non-contiguous views with an offset are copied into row-major order', () => {
  // storage 0..11; a (3, 2) view at offset 1 with strides (1, 3) is the transpose of a (2, 3) block.
  const storage = bytesOf(new Float64Array(Array.from({ length: 12 }, (_, i) => i)));
  const t = materializeTensor(view('DoubleStorage', storage, [3, 2], { offset: 1, stride: [1, 3] }), fail);
  assert.deepEqual(Array.from(t.data), [1, 4, 2, 5, 3, 6]);
  // A broadcast (stride 0) dimension and a big-endian storage (DataView path).
  const be = new Uint8Array(8);
  new DataView(be.buffer).setFloat32(0, 2.5, false);
  new DataView(be.buffer).setFloat32(4, -1, false);
  const b = materializeTensor(view('FloatStorage', be, [2, 2], { stride: [0, 1], littleEndian: false }), fail);
  assert.deepEqual(Array.from(b.data), [2.5, -1, 2.5, -1]);
  // 0-d and empty tensors.
  assert.deepEqual(Array.from(materializeTensor(view('FloatStorage', bytesOf(new Float32Array([7, 8])), [], { offset: 1 }), fail).data), [8]);
  assert.equal(materializeTensor(view('FloatStorage', new Uint8Array(0), [0, 5]), fail).data.length, 0);
});

test('views past the storage, short storages and unsupported dtypes are errors', () => {
  const four = bytesOf(new Float32Array(4));
  assert.throws(() => materializeTensor(view('FloatStorage', four, [2, 2], { offset: 1 }), fail), /reaches element 4 of storage '0', which holds 4/);
  assert.throws(() => materializeTensor(view('FloatStorage', four, [5]), fail), /reaches element 4/);
  assert.throws(() => materializeTensor(view('FloatStorage', four, [2], { numel: 8 }), fail), /storage '0' has 16 bytes, but 8 float32 elements need 32/);
  assert.throws(() => materializeTensor(view('ComplexFloatStorage', four, [1]), fail), /unsupported dtype: torch\.ComplexFloatStorage/);
  assert.throws(() => materializeTensor(view('FloatStorage', four, [2 ** 20, 2 ** 20], { stride: [0, 0] }), fail), /too large/);
});
