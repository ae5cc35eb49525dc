// A restricted pickle reader (protocol 2, as written by torch.save). It never executes code:
// GLOBAL resolves only names the caller whitelists, to inert values the VM itself interprets;
// anything else is refused at the GLOBAL opcode, before a REDUCE could call it. Every malformed
// input (unknown opcode, stack underflow, memo miss, truncation) is a ModelFileError; the loop
// consumes at least one byte per opcode, so it always terminates.
//
// Python values become plain JS values: None → null, bool, int → number (bigint beyond 2^53),
// float → number, str → string, list → array, tuple → frozen array, dict → Map.
import { ModelFileError } from '../format/model-file-error.js';

/** A whitelisted callable: REDUCE calls `call` with the argument tuple. */
export interface PickleCallable {
  readonly kind: 'callable';
  readonly name: string;
  call(args: readonly unknown[], fail: (problem: string) => never): unknown;
}

/** What a whitelisted global resolves to: a callable, or an inert marker value (a storage type). */
export type PickleGlobal = PickleCallable | { readonly kind: 'marker'; readonly name: string };

export interface UnpickleOptions {
  /** File name for messages. */
  readonly file?: string;
  /** Entry inside the file (e.g. 'archive/data.pkl'), for messages. */
  readonly entry: string;
  /** Allowed globals, keyed 'module.name'. */
  readonly globals: ReadonlyMap<string, PickleGlobal>;
  /** Resolves BINPERSID ids; absent → persistent ids are refused. */
  readonly persistentLoad?: (pid: unknown, fail: (problem: string) => never) => unknown;
}

/** Attributes set by BUILD on a dict (e.g. `_metadata` on a state_dict), kept aside from its items. */
export const pickleAttributes = new WeakMap<Map<unknown, unknown>, Map<unknown, unknown>>();

// Python refuses ints this long too (LONG4 is for huge ints); bounds BigInt work on bad input.
const MAX_LONG_BYTES = 1024;

export function unpickle(data: Uint8Array, opts: UnpickleOptions): unknown {
  return new Machine(data, opts).run();
}

class Machine {
  private pos = 0;
  private opStart = 0;
  private stack: unknown[] = [];
  private readonly marks: number[] = [];
  private readonly memo = new Map<number, unknown>();
  private readonly view: DataView;
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });
  /** `fail` for callbacks (whitelisted callables, persistent loads). */
  private readonly failFn = (problem: string): never => this.fail(problem);

  constructor(
    private readonly data: Uint8Array,
    private readonly opts: UnpickleOptions,
  ) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }

  run(): unknown {
    const { data } = this;
    while (this.pos < data.length) {
      this.opStart = this.pos;
      const op = data[this.pos++];
      if (op === 0x2e) return this.pop(); // STOP
      this.step(op);
    }
    return this.fail('pickle ends without STOP (truncated data)');
  }

  private step(op: number): void {
    const st = this.stack;
    switch (op) {
      case 0x80: { // PROTO
        const proto = this.u8();
        if (proto > 5) this.fail(`pickle protocol ${proto} is not supported`);
        return;
      }
      case 0x28: this.marks.push(st.length); return; // MARK
      case 0x30: this.pop(); return; // POP
      case 0x31: this.popMark(); return; // POP_MARK
      case 0x32: st.push(this.top()); return; // DUP
      case 0x4e: st.push(null); return; // NONE
      case 0x88: st.push(true); return; // NEWTRUE
      case 0x89: st.push(false); return; // NEWFALSE
      case 0x4a: st.push(this.view.getInt32(this.take(4), true)); return; // BININT
      case 0x4b: st.push(this.u8()); return; // BININT1
      case 0x4d: st.push(this.view.getUint16(this.take(2), true)); return; // BININT2
      case 0x8a: st.push(this.long(this.u8())); return; // LONG1
      case 0x8b: st.push(this.long(this.u32())); return; // LONG4
      case 0x47: st.push(this.view.getFloat64(this.take(8), false)); return; // BINFLOAT (big-endian)
      case 0x58: st.push(this.text(this.u32())); return; // BINUNICODE
      case 0x8c: st.push(this.text(this.u8())); return; // SHORT_BINUNICODE
      case 0x29: st.push(Object.freeze([])); return; // EMPTY_TUPLE
      case 0x74: st.push(Object.freeze(this.popMark())); return; // TUPLE
      case 0x85: st.push(Object.freeze(this.popN(1))); return; // TUPLE1
      case 0x86: st.push(Object.freeze(this.popN(2))); return; // TUPLE2
      case 0x87: st.push(Object.freeze(this.popN(3))); return; // TUPLE3
      case 0x5d: st.push([]); return; // EMPTY_LIST
      case 0x6c: st.push(this.popMark()); return; // LIST
      case 0x61: { // APPEND
        const item = this.pop();
        this.list(this.top()).push(item);
        return;
      }
      case 0x65: { // APPENDS
        const items = this.popMark();
        const list = this.list(this.top());
        for (const item of items) list.push(item);
        return;
      }
      case 0x7d: st.push(new Map()); return; // EMPTY_DICT
      case 0x64: { // DICT
        const items = this.popMark();
        st.push(this.setItems(new Map(), items));
        return;
      }
      case 0x73: { // SETITEM
        const items = this.popN(2);
        this.setItems(this.dict(this.top()), items);
        return;
      }
      case 0x75: { // SETITEMS
        const items = this.popMark();
        this.setItems(this.dict(this.top()), items);
        return;
      }
      case 0x71: this.memo.set(this.u8(), this.top()); return; // BINPUT
      case 0x72: this.memo.set(this.u32(), this.top()); return; // LONG_BINPUT
      case 0x94: this.memo.set(this.memo.size, this.top()); return; // MEMOIZE
      case 0x68: st.push(this.memoGet(this.u8())); return; // BINGET
      case 0x6a: st.push(this.memoGet(this.u32())); return; // LONG_BINGET
      case 0x95: this.take(8); return; // FRAME: a framing hint only
      case 0x63: st.push(this.global(this.line(), this.line())); return; // GLOBAL
      case 0x52: { // REDUCE
        const args = this.pop();
        const fn = this.pop();
        if (!isCallable(fn)) this.fail(`REDUCE applied to ${describe(fn)}, which is not a whitelisted callable`);
        if (!Array.isArray(args) || !Object.isFrozen(args)) this.fail(`REDUCE arguments for ${fn.name} are ${describe(args)}, not a tuple`);
        st.push(fn.call(args, this.failFn));
        return;
      }
      case 0x62: this.build(this.pop(), this.top()); return; // BUILD
      case 0x51: { // BINPERSID
        const pid = this.pop();
        if (!this.opts.persistentLoad) this.fail('persistent ids (BINPERSID) are not allowed here');
        st.push(this.opts.persistentLoad(pid, this.failFn));
        return;
      }
      default:
        this.fail(`opcode ${OPCODE_NAMES.get(op) ?? 'unknown'} (0x${op.toString(16).padStart(2, '0')}) is not supported`);
    }
  }

  private fail(problem: string): never {
    throw new ModelFileError(this.opts.file, `${this.opts.entry} at byte ${this.opStart}: ${problem}`);
  }

  // --- reading the byte stream ---------------------------------------------------------------

  private take(n: number): number {
    if (n > this.data.length - this.pos) this.fail(`truncated data: needs ${n} more bytes, ${this.data.length - this.pos} left`);
    const at = this.pos;
    this.pos += n;
    return at;
  }

  private u8(): number {
    return this.data[this.take(1)];
  }

  private u32(): number {
    return this.view.getUint32(this.take(4), true);
  }

  private text(n: number): string {
    const at = this.take(n);
    try {
      return this.utf8.decode(this.data.subarray(at, at + n));
    } catch {
      return this.fail('string is not valid UTF-8');
    }
  }

  /** A '\n'-terminated ASCII line (GLOBAL's module and name). */
  private line(): string {
    const end = this.data.indexOf(0x0a, this.pos);
    if (end < 0) this.fail('truncated data: GLOBAL name has no end of line');
    const s = String.fromCharCode(...this.data.subarray(this.pos, Math.min(end, this.pos + 200)));
    this.pos = end + 1;
    return s;
  }

  /** Little-endian two's-complement integer of n bytes (LONG1/LONG4). */
  private long(n: number): number | bigint {
    if (n > MAX_LONG_BYTES) this.fail(`integer of ${n} bytes is too large`);
    const at = this.take(n);
    let v = 0n;
    for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(this.data[at + i]);
    if (n > 0 && this.data[at + n - 1] >= 0x80) v -= 1n << BigInt(8 * n);
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  }

  // --- stack, marks, memo ----------------------------------------------------------------------

  private pop(): unknown {
    if (this.stack.length <= this.floor()) this.fail('stack underflow');
    return this.stack.pop();
  }

  private top(): unknown {
    if (this.stack.length <= this.floor()) this.fail('stack underflow');
    return this.stack[this.stack.length - 1];
  }

  private popN(n: number): unknown[] {
    if (this.stack.length - n < this.floor()) this.fail('stack underflow');
    return this.stack.splice(this.stack.length - n, n);
  }

  /** Items above the last MARK, removing the mark. */
  private popMark(): unknown[] {
    const at = this.marks.pop();
    if (at === undefined) this.fail('no MARK on the stack');
    return this.stack.splice(at, this.stack.length - at);
  }

  /** Items below the innermost mark belong to an enclosing construct. */
  private floor(): number {
    return this.marks.length ? this.marks[this.marks.length - 1] : 0;
  }

  private memoGet(i: number): unknown {
    if (!this.memo.has(i)) this.fail(`memo entry ${i} was never stored`);
    return this.memo.get(i);
  }

  // --- objects ---------------------------------------------------------------------------------

  private global(module: string, name: string): PickleGlobal {
    const key = `${module}.${name}`;
    const found = this.opts.globals.get(key);
    if (!found) {
      const allowed = [...this.opts.globals.keys()].join(', ');
      this.fail(`refusing pickle global '${key}': only ${allowed} may appear; nothing was executed`);
    }
    return found;
  }

  private list(x: unknown): unknown[] {
    if (!Array.isArray(x) || Object.isFrozen(x)) this.fail(`APPEND to ${describe(x)}, not a list`);
    return x;
  }

  private dict(x: unknown): Map<unknown, unknown> {
    if (!(x instanceof Map)) this.fail(`SETITEM on ${describe(x)}, not a dict`);
    return x;
  }

  private setItems(d: Map<unknown, unknown>, items: unknown[]): Map<unknown, unknown> {
    if (items.length % 2 !== 0) this.fail(`odd number of items (${items.length}) for a dict`);
    for (let i = 0; i < items.length; i += 2) d.set(items[i], items[i + 1]);
    return d;
  }

  /** BUILD: only dict attribute state (OrderedDict's `_metadata`) is accepted, and kept aside. */
  private build(state: unknown, target: unknown): void {
    if (!(target instanceof Map)) this.fail(`BUILD on ${describe(target)} is not supported`);
    const parts = Array.isArray(state) && Object.isFrozen(state) && state.length === 2 ? state : [state, null];
    const attrs = pickleAttributes.get(target) ?? new Map<unknown, unknown>();
    for (const part of parts) {
      if (part === null) continue;
      if (!(part instanceof Map)) this.fail(`BUILD state is ${describe(part)}, not a dict`);
      for (const [k, v] of part) attrs.set(k, v);
    }
    pickleAttributes.set(target, attrs);
  }
}

function isCallable(x: unknown): x is PickleCallable {
  return typeof x === 'object' && x !== null && (x as PickleCallable).kind === 'callable';
}

/** Short description of a pickled value for messages. */
export function describe(x: unknown): string {
  if (x === null) return 'None';
  if (Array.isArray(x)) return Object.isFrozen(x) ? `a tuple of ${x.length}` : `a list of ${x.length}`;
  if (x instanceof Map) return `a dict of ${x.size}`;
  if (typeof x === 'object') {
    const k = (x as { kind?: string; name?: string }).kind;
    return k ? `${k} ${(x as { name?: string }).name ?? ''}`.trim() : 'an object';
  }
  if (typeof x === 'string') return `the string '${x.slice(0, 40).replace(/[\x00-\x1f\x7f]/g, '?')}'`;
  return `${typeof x} ${String(x)}`;
}

// Names of every pickle opcode (protocols 0–5) so refusals say which one was met.
const OPCODE_NAMES = new Map<number, string>(
  ('49 INT 4a BININT 4b BININT1 4d BININT2 4c LONG 8a LONG1 8b LONG4 53 STRING 54 BINSTRING ' +
    '55 SHORT_BINSTRING 42 BINBYTES 43 SHORT_BINBYTES 8e BINBYTES8 96 BYTEARRAY8 97 NEXT_BUFFER ' +
    '98 READONLY_BUFFER 4e NONE 88 NEWTRUE 89 NEWFALSE 56 UNICODE 8c SHORT_BINUNICODE 58 BINUNICODE ' +
    '8d BINUNICODE8 46 FLOAT 47 BINFLOAT 5d EMPTY_LIST 61 APPEND 65 APPENDS 6c LIST 29 EMPTY_TUPLE ' +
    '74 TUPLE 85 TUPLE1 86 TUPLE2 87 TUPLE3 7d EMPTY_DICT 64 DICT 73 SETITEM 75 SETITEMS 8f EMPTY_SET ' +
    '90 ADDITEMS 91 FROZENSET 30 POP 32 DUP 28 MARK 31 POP_MARK 67 GET 68 BINGET 6a LONG_BINGET 70 PUT ' +
    '71 BINPUT 72 LONG_BINPUT 94 MEMOIZE 82 EXT1 83 EXT2 84 EXT4 63 GLOBAL 93 STACK_GLOBAL 52 REDUCE ' +
    '62 BUILD 69 INST 6f OBJ 81 NEWOBJ 92 NEWOBJ_EX 80 PROTO 2e STOP 95 FRAME 50 PERSID 51 BINPERSID')
    .match(/\S+ \S+/g)!
    .map((pair) => {
      const [code, name] = pair.split(' ');
      return [parseInt(code, 16), name] as [number, string];
    }),
);
