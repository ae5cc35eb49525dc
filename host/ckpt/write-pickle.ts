// A protocol-2 pickle writer for the object trees torch.save writes (dicts, lists, tuples,
// OrderedDict, GLOBAL + REDUCE calls, tensors as _rebuild_tensor_v2 over persistent storages):
// what host/ckpt/write-ckpt.ts needs, using only globals the whitelist reader (unpickler.ts)
// accepts. The tests build hostile and broken checkpoints with it too (PyRaw).

/** A Python float even when the value is integral (JS numbers that are integers pickle as int). */
export class PyFloat { constructor(readonly value: number) {} }
export class PyTuple { constructor(readonly items: readonly unknown[]) {} }
/** `module.name` as a GLOBAL opcode (memoized: later uses are BINGETs). */
export class PyGlobal { constructor(readonly module: string, readonly name: string) {} }
/** `fn(*args)` as GLOBAL … args REDUCE. */
export class PyCall { constructor(readonly fn: PyGlobal, readonly args: PyTuple) {} }
/** collections.OrderedDict with optional BUILD state (torch puts `_metadata` there). */
export class PyOrderedDict { constructor(readonly entries: Map<unknown, unknown>, readonly state?: Map<unknown, unknown>) {} }
/** Raw opcode bytes spliced in as they are (for malformed-input tests). */
export class PyRaw { constructor(readonly bytes: Uint8Array) {} }

/** A torch tensor: `_rebuild_tensor_v2(persistent storage, offset, shape, stride, False, OrderedDict())`. */
export interface TensorSpec {
  /** e.g. 'FloatStorage'. */
  readonly storageType: string;
  /** Storage key: the zip entry `<top>/data/<key>`. */
  readonly key: string;
  /** Elements the storage holds. */
  readonly numel: number;
  readonly offset?: number;
  readonly shape: readonly number[];
  /** Default: row-major strides of `shape`. */
  readonly stride?: readonly number[];
}
export class PyTensor { constructor(readonly spec: TensorSpec) {} }

export const py = {
  float: (x: number) => new PyFloat(x),
  tuple: (...items: unknown[]) => new PyTuple(items),
  global: (module: string, name: string) => new PyGlobal(module, name),
  call: (fn: PyGlobal, ...args: unknown[]) => new PyCall(fn, new PyTuple(args)),
  odict: (entries: Iterable<[unknown, unknown]>, state?: Map<unknown, unknown>) => new PyOrderedDict(new Map(entries), state),
  tensor: (spec: TensorSpec) => new PyTensor(spec),
  raw: (...bytes: number[]) => new PyRaw(new Uint8Array(bytes)),
};

export const OP = {
  PROTO: 0x80, STOP: 0x2e, MARK: 0x28, NONE: 0x4e, NEWTRUE: 0x88, NEWFALSE: 0x89, BININT: 0x4a, BININT1: 0x4b,
  BININT2: 0x4d, LONG1: 0x8a, BINFLOAT: 0x47, BINUNICODE: 0x58, EMPTY_TUPLE: 0x29, TUPLE: 0x74, TUPLE1: 0x85,
  TUPLE2: 0x86, TUPLE3: 0x87, EMPTY_LIST: 0x5d, APPEND: 0x61, APPENDS: 0x65, EMPTY_DICT: 0x7d, SETITEM: 0x73,
  SETITEMS: 0x75, BINPUT: 0x71, BINGET: 0x68, LONG_BINPUT: 0x72, LONG_BINGET: 0x6a, GLOBAL: 0x63, REDUCE: 0x52,
  BUILD: 0x62, BINPERSID: 0x51, POP: 0x30, DUP: 0x32,
} as const;

class Writer {
  private readonly out: number[] = [];
  private readonly globals = new Map<string, number>();

  op(...bytes: number[]): void {
    for (const b of bytes) this.out.push(b);
  }

  u32(n: number): void {
    this.op(n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255);
  }

  value(v: unknown): void {
    if (v === null || v === undefined) return this.op(OP.NONE);
    if (v === true) return this.op(OP.NEWTRUE);
    if (v === false) return this.op(OP.NEWFALSE);
    if (typeof v === 'bigint') return this.long(v);
    if (typeof v === 'number') return Number.isInteger(v) && !Object.is(v, -0) ? this.int(v) : this.float(v);
    if (v instanceof PyFloat) return this.float(v.value);
    if (typeof v === 'string') return this.text(v);
    if (v instanceof PyRaw) return this.op(...v.bytes);
    if (v instanceof PyGlobal) return this.global(v);
    if (v instanceof PyTuple) return this.tuple(v.items);
    if (v instanceof PyCall) {
      this.global(v.fn);
      this.tuple(v.args.items);
      return this.op(OP.REDUCE);
    }
    if (v instanceof PyTensor) return this.tensor(v.spec);
    if (v instanceof PyOrderedDict) {
      this.value(py.call(py.global('collections', 'OrderedDict')));
      this.items(v.entries);
      if (v.state) {
        this.dict(v.state);
        this.op(OP.BUILD);
      }
      return;
    }
    if (v instanceof Map) return this.dict(v);
    if (Array.isArray(v)) {
      this.op(OP.EMPTY_LIST);
      if (v.length === 0) return;
      this.op(OP.MARK);
      v.forEach((item) => this.value(item));
      return this.op(OP.APPENDS);
    }
    throw new Error(`pickle-builder: cannot pickle ${String(v)}`);
  }

  bytes(): Uint8Array {
    return new Uint8Array(this.out);
  }

  private int(n: number): void {
    if (n >= 0 && n < 256) return this.op(OP.BININT1, n);
    if (n >= 0 && n < 65536) return this.op(OP.BININT2, n & 255, n >> 8);
    if (n >= -(2 ** 31) && n < 2 ** 31) {
      this.op(OP.BININT);
      return this.u32(n >>> 0);
    }
    this.long(BigInt(n));
  }

  private long(n: bigint): void {
    const bytes: number[] = [];
    let x = n;
    // Two's complement, little-endian, minimal length with a sign bit that reads back right.
    do {
      bytes.push(Number(x & 255n));
      x >>= 8n;
    } while (!((x === 0n && (bytes[bytes.length - 1] & 0x80) === 0) || (x === -1n && (bytes[bytes.length - 1] & 0x80) !== 0)));
    this.op(OP.LONG1, bytes.length, ...bytes);
  }

  private float(x: number): void {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, x, false);
    this.op(OP.BINFLOAT, ...b);
  }

  private text(s: string): void {
    const b = new TextEncoder().encode(s);
    this.op(OP.BINUNICODE);
    this.u32(b.length);
    this.op(...b);
  }

  private global(g: PyGlobal): void {
    const key = `${g.module}\n${g.name}\n`;
    const memo = this.globals.get(key);
    if (memo !== undefined) return this.op(OP.BINGET, memo);
    this.op(OP.GLOBAL, ...new TextEncoder().encode(key));
    if (this.globals.size < 256) {
      this.globals.set(key, this.globals.size);
      this.op(OP.BINPUT, this.globals.size - 1);
    }
  }

  private tuple(items: readonly unknown[]): void {
    if (items.length === 0) return this.op(OP.EMPTY_TUPLE);
    if (items.length <= 3) {
      items.forEach((item) => this.value(item));
      return this.op([OP.TUPLE1, OP.TUPLE2, OP.TUPLE3][items.length - 1]);
    }
    this.op(OP.MARK);
    items.forEach((item) => this.value(item));
    this.op(OP.TUPLE);
  }

  private dict(d: Map<unknown, unknown>): void {
    this.op(OP.EMPTY_DICT);
    this.items(d);
  }

  private items(d: Map<unknown, unknown>): void {
    if (d.size === 0) return;
    this.op(OP.MARK);
    for (const [k, v] of d) {
      this.value(k);
      this.value(v);
    }
    this.op(OP.SETITEMS);
  }

  private tensor(s: TensorSpec): void {
    this.global(py.global('torch._utils', '_rebuild_tensor_v2'));
    this.op(OP.MARK);
    this.value(py.tuple('storage', py.global('torch', s.storageType), s.key, 'cpu', s.numel));
    this.op(OP.BINPERSID);
    this.value(s.offset ?? 0);
    this.value(new PyTuple(s.shape));
    this.value(new PyTuple(s.stride ?? rowMajorStrides(s.shape)));
    this.value(false);
    this.value(py.call(py.global('collections', 'OrderedDict')));
    this.op(OP.TUPLE, OP.REDUCE);
  }
}

export function rowMajorStrides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    out[d] = s;
    s *= shape[d];
  }
  return out;
}

/** Protocol-2 pickle of `value` (PROTO 2 … STOP). */
export function pickle(value: unknown): Uint8Array {
  const w = new Writer();
  w.op(OP.PROTO, 2);
  w.value(value);
  w.op(OP.STOP);
  return w.bytes();
}
