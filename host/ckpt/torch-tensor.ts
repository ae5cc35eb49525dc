// Tensors of a torch checkpoint: `_rebuild_tensor_v2(storage, offset, size, stride, ...)` gives a
// strided view into a typed storage (raw bytes of `<top>/data/<key>`). The pickle reader keeps
// them as lazy references; `materializeTensor` copies one view into a dense row-major Tensor,
// so only the tensors a model needs are decoded (not the optimizer state).
import type { Tensor, TensorDtype } from '../model/camp-model.js';

/** A typed storage named by a persistent id `('storage', torch.XStorage, key, location, numel)`. */
export interface StorageRef {
  readonly kind: 'storage';
  /** Storage class name, e.g. 'FloatStorage'. */
  readonly torchType: string;
  /** Element type, or null for a storage type campjs cannot read (complex, quantized). */
  readonly dtype: TensorDtype | null;
  readonly key: string;
  /** Elements the storage holds, as the pickle declares. */
  readonly numel: number;
  readonly bytes: Uint8Array;
  readonly littleEndian: boolean;
}

/** A strided view into a storage; shape and stride in elements. */
export interface TensorRef {
  readonly kind: 'tensor';
  readonly storage: StorageRef;
  readonly offset: number;
  readonly shape: readonly number[];
  readonly stride: readonly number[];
}

/** Storage class → dtype; the unreadable ones are still recognised so the error can say why. */
export const STORAGE_DTYPES: ReadonlyMap<string, TensorDtype | null> = new Map<string, TensorDtype | null>([
  ['FloatStorage', 'float32'], ['DoubleStorage', 'float64'], ['HalfStorage', 'float16'],
  ['BFloat16Storage', 'bfloat16'], ['LongStorage', 'int64'], ['IntStorage', 'int32'],
  ['ShortStorage', 'int16'], ['CharStorage', 'int8'], ['ByteStorage', 'uint8'], ['BoolStorage', 'bool'],
  ['ComplexFloatStorage', null], ['ComplexDoubleStorage', null], ['QInt8Storage', null],
  ['QUInt8Storage', null], ['QInt32Storage', null], ['QUInt4x2Storage', null], ['QUInt2x4Storage', null],
]);

/** Bytes per element in the file. */
export const DTYPE_BYTES: Readonly<Record<TensorDtype, number>> = {
  float64: 8, int64: 8, float32: 4, int32: 4, float16: 2, bfloat16: 2, int16: 2, int8: 1, uint8: 1, bool: 1,
};

/** Largest tensor campjs will build (elements); CAMP weights are far below it. */
const MAX_ELEMENTS = 2 ** 28;

type Data = Tensor['data'];
type Reader = (view: DataView, byte: number, le: boolean) => number;

interface Codec {
  readonly make: (n: number) => Data;
  readonly read: Reader;
  /** True when the in-memory array holds the file's bytes unchanged (a plain copy decodes it). */
  readonly verbatim: boolean;
}

const CODECS: Readonly<Record<TensorDtype, Codec>> = {
  float32: { make: (n) => new Float32Array(n), read: (v, b, le) => v.getFloat32(b, le), verbatim: true },
  float64: { make: (n) => new Float64Array(n), read: (v, b, le) => v.getFloat64(b, le), verbatim: true },
  float16: { make: (n) => new Float32Array(n), read: (v, b, le) => halfToFloat(v.getUint16(b, le)), verbatim: false },
  bfloat16: { make: (n) => new Float32Array(n), read: (v, b, le) => bf16ToFloat(v.getUint16(b, le)), verbatim: false },
  int64: { make: (n) => new Float64Array(n), read: (v, b, le) => Number(v.getBigInt64(b, le)), verbatim: false },
  int32: { make: (n) => new Int32Array(n), read: (v, b, le) => v.getInt32(b, le), verbatim: true },
  int16: { make: (n) => new Int16Array(n), read: (v, b, le) => v.getInt16(b, le), verbatim: true },
  int8: { make: (n) => new Int8Array(n), read: (v, b) => v.getInt8(b), verbatim: true },
  uint8: { make: (n) => new Uint8Array(n), read: (v, b) => v.getUint8(b), verbatim: true },
  bool: { make: (n) => new Uint8Array(n), read: (v, b) => (v.getUint8(b) ? 1 : 0), verbatim: false },
};

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Dense row-major copy of a view. `fail` throws the caller's error (naming file and tensor).
 * float16/bfloat16 are widened to float32, int64 to float64 (exact up to 2^53).
 */
export function materializeTensor(ref: TensorRef, fail: (problem: string) => never): Tensor {
  const { storage, shape, stride, offset } = ref;
  const dtype = storage.dtype;
  if (dtype === null) return fail(`unsupported dtype: torch.${storage.torchType} (campjs reads ${[...new Set(STORAGE_DTYPES.values())].filter(Boolean).join(', ')})`);
  const size = DTYPE_BYTES[dtype];
  if (storage.bytes.length < storage.numel * size) {
    fail(`storage '${storage.key}' has ${storage.bytes.length} bytes, but ${storage.numel} ${dtype} elements need ${storage.numel * size}`);
  }
  let count = 1;
  let last = offset; // highest element index the view touches
  for (let d = 0; d < shape.length; d++) {
    count *= shape[d];
    if (shape[d] > 0) last += (shape[d] - 1) * stride[d];
  }
  if (count > MAX_ELEMENTS) fail(`tensor of shape (${shape.join(', ')}) is too large`);
  if (count > 0 && last >= storage.numel) {
    fail(`view (offset ${offset}, shape (${shape.join(', ')}), stride (${stride.join(', ')})) reaches element ${last} of storage '${storage.key}', which holds ${storage.numel}`);
  }
  const codec = CODECS[dtype];
  const data = codec.make(count);
  if (count > 0) copyView(ref, codec, data, size);
  return { dtype, shape: [...shape], data };
}

function copyView(ref: TensorRef, codec: Codec, out: Data, size: number): void {
  const { storage, shape, stride, offset } = ref;
  const bytes = storage.bytes;
  if (isContiguous(shape, stride) && codec.verbatim && storage.littleEndian === HOST_LITTLE_ENDIAN) {
    const start = bytes.byteOffset + offset * size;
    new Uint8Array(out.buffer).set(new Uint8Array(bytes.buffer, start, out.length * size));
    return;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = storage.littleEndian;
  const rank = shape.length;
  const index = new Array<number>(rank).fill(0);
  let src = offset;
  for (let i = 0; i < out.length; i++) {
    out[i] = codec.read(view, src * size, le);
    // Odometer over the output index, updating the source element index incrementally.
    for (let d = rank - 1; d >= 0; d--) {
      src += stride[d];
      if (++index[d] < shape[d]) break;
      src -= stride[d] * shape[d];
      index[d] = 0;
    }
  }
}

function isContiguous(shape: readonly number[], stride: readonly number[]): boolean {
  let expect = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] !== 1 && stride[d] !== expect) return false;
    expect *= shape[d];
  }
  return true;
}

/** IEEE 754 binary16 → number. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** bfloat16 is the top half of a float32. */
const bfScratch = new DataView(new ArrayBuffer(4));
export function bf16ToFloat(b: number): number {
  bfScratch.setUint32(0, b << 16);
  return bfScratch.getFloat32(0);
}
