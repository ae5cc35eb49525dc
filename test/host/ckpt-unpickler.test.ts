// The restricted pickle VM: values, refusal of non-whitelisted globals before anything can run,
// and clean errors on malformed input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelFileError } from '../../host/format/model-file-error.js';
import { TORCH_GLOBALS } from '../../host/ckpt/torch-pickle.js';
import { pickleAttributes, unpickle, type PickleGlobal } from '../../host/ckpt/unpickler.js';
import { OP, opcodes, pickle, py } from '../support/pickle-builder.js';

const load = (bytes: Uint8Array, globals: ReadonlyMap<string, PickleGlobal> = TORCH_GLOBALS) =>
  unpickle(bytes, { file: 'test.ckpt', entry: 'archive/data.pkl', globals });

/** Asserts a ModelFileError whose message matches. */
function rejects(bytes: Uint8Array, message: RegExp, globals?: ReadonlyMap<string, PickleGlobal>): void {
  assert.throws(() => load(bytes, globals), (err: unknown) => {
    assert.ok(err instanceof ModelFileError, `expected ModelFileError, got ${String(err)}`);
    assert.match(err.message, /^test\.ckpt: archive\/data\.pkl at byte \d+: /);
    assert.match(err.message, message);
    return true;
  });
}

test('plain values: ints of every width, floats incl. inf, strings, None, bools, lists, tuples, dicts', () => {
  const value = new Map<unknown, unknown>([
    ['ints', [0, 255, 256, 65535, 65536, -1, -(2 ** 31), 2 ** 31 - 1, 2 ** 40, -(2 ** 40), 2n ** 70n]],
    ['floats', [py.float(1), 0.1, Infinity, -Infinity, -0.5e-300]],
    ['text', 'Å — ünïcode'],
    ['flags', py.tuple(true, false, null)],
    [3, py.tuple()],
    ['nested', [new Map([['a', [py.tuple(1, 2, 3, 4)]]])]],
  ]);
  const out = load(pickle(value)) as Map<unknown, unknown>;
  assert.deepEqual(out.get('ints'), [0, 255, 256, 65535, 65536, -1, -(2 ** 31), 2 ** 31 - 1, 2 ** 40, -(2 ** 40), 2n ** 70n]);
  assert.deepEqual(out.get('floats'), [1, 0.1, Infinity, -Infinity, -0.5e-300]);
  assert.equal(out.get('text'), 'Å — ünïcode');
  assert.deepEqual(out.get('flags'), [true, false, null]);
  assert.ok(Object.isFrozen(out.get('flags')), 'tuples are frozen arrays');
  assert.deepEqual(out.get(3), []);
  assert.deepEqual(out.get('nested'), [new Map([['a', [[1, 2, 3, 4]]]])]);
});

test('NaN and memo (BINPUT/BINGET/LONG_BINPUT/LONG_BINGET) and DUP/POP', () => {
  const nan = opcodes(OP.PROTO, 2, OP.BINFLOAT, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0, OP.STOP);
  assert.ok(Number.isNaN(load(nan)));
  const bytes = opcodes(OP.PROTO, 2, OP.EMPTY_LIST, OP.LONG_BINPUT, 0, 1, 0, 0, OP.POP, OP.EMPTY_LIST, OP.BINPUT, 5,
    OP.LONG_BINGET, 0, 1, 0, 0, OP.APPEND, OP.BINGET, 5, OP.DUP, OP.POP, OP.TUPLE2, OP.STOP);
  const [a, b] = load(bytes) as unknown[][];
  assert.equal(a, b, 'memo returns the same object');
  assert.deepEqual(a[0], []);
});

test('OrderedDict BUILD state (_metadata) is kept aside from the items', () => {
  const out = load(pickle(py.odict([['w', 1]], new Map([['_metadata', new Map([['', 1]])]])))) as Map<unknown, unknown>;
  assert.deepEqual([...out], [['w', 1]]);
  assert.deepEqual(pickleAttributes.get(out)?.get('_metadata'), new Map([['', 1]]));
});

test('os.system is refused at its GLOBAL opcode, before the REDUCE that would run it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'campjs-pickle-'));
  const marker = join(dir, 'executed');
  // A classic exploit: os.system("touch <marker>") via GLOBAL + REDUCE.
  const evil = pickle(py.call(py.global('os', 'system'), `touch ${marker}`));
  const globalAt = evil.indexOf(OP.GLOBAL);
  const reduceAt = evil.lastIndexOf(OP.REDUCE);
  assert.ok(globalAt < reduceAt);
  rejects(evil, new RegExp(`at byte ${globalAt}: refusing pickle global 'os\\.system'.*nothing was executed`));
  assert.equal(existsSync(marker), false, 'the command did not run');
  // Even a whitelisted-looking module with another name is refused, and so is a REDUCE-free use.
  for (const [module, name] of [['builtins', 'eval'], ['posix', 'system'], ['subprocess', 'Popen'], ['torch._utils', '_rebuild_device_tensor_from_numpy'], ['torch', 'load'], ['__builtin__', 'getattr']]) {
    rejects(pickle(py.global(module, name)), new RegExp(`refusing pickle global '${module.replace('.', '\\.')}\\.${name}'`));
  }
});

test('a whitelisted callable runs only through REDUCE with tuple arguments', () => {
  let calls = 0;
  const spy: PickleGlobal = { kind: 'callable', name: 'test.spy', call: () => ++calls };
  const globals = new Map([['test.spy', spy]]);
  assert.equal(load(pickle(py.call(py.global('test', 'spy'))), globals), 1);
  rejects(opcodes(OP.PROTO, 2, OP.GLOBAL, 'test\nspy\n', OP.EMPTY_LIST, OP.REDUCE, OP.STOP), /arguments for test\.spy are a list of 0, not a tuple/, globals);
  rejects(opcodes(OP.PROTO, 2, OP.NONE, OP.EMPTY_TUPLE, OP.REDUCE, OP.STOP), /REDUCE applied to None, which is not a whitelisted callable/);
  assert.equal(calls, 1);
});

test('malformed pickles fail with a clear error, never a TypeError', () => {
  const P = [OP.PROTO, 2] as const;
  rejects(opcodes(...P, 0xff), /opcode unknown \(0xff\) is not supported/);
  rejects(opcodes(...P, 0x69, 'os\nsystem\n'), /opcode INST \(0x69\) is not supported/);
  rejects(opcodes(...P, 0x93), /opcode STACK_GLOBAL/);
  rejects(opcodes(...P, OP.STOP), /stack underflow/);
  rejects(opcodes(...P, OP.NONE, OP.APPEND, OP.STOP), /stack underflow/);
  rejects(opcodes(...P, OP.EMPTY_LIST, OP.MARK, OP.APPEND, OP.STOP), /stack underflow/);
  rejects(opcodes(...P, OP.BINGET, 9, OP.STOP), /memo entry 9 was never stored/);
  rejects(opcodes(...P, OP.BINPUT, 0, OP.STOP), /stack underflow/);
  rejects(opcodes(...P, OP.BININT, 1, 2), /truncated data: needs 4 more bytes, 2 left/);
  rejects(opcodes(...P, OP.BINUNICODE, 0xff, 0xff, 0xff, 0x7f, 65), /truncated data/);
  rejects(opcodes(...P, OP.NONE), /ends without STOP/);
  rejects(opcodes(...P, OP.GLOBAL, 'collections'), /GLOBAL name has no end of line/);
  rejects(opcodes(...P, OP.NONE, OP.TUPLE, OP.STOP), /no MARK/);
  rejects(opcodes(...P, OP.EMPTY_TUPLE, OP.NONE, OP.APPEND, OP.STOP), /APPEND to a tuple of 0, not a list/);
  rejects(opcodes(...P, OP.EMPTY_LIST, OP.NONE, OP.NONE, OP.SETITEM, OP.STOP), /SETITEM on a list of 0, not a dict/);
  rejects(opcodes(...P, OP.EMPTY_DICT, OP.MARK, OP.NONE, OP.SETITEMS, OP.STOP), /odd number of items/);
  rejects(opcodes(...P, OP.NONE, OP.NONE, OP.BUILD, OP.STOP), /BUILD on None is not supported/);
  rejects(opcodes(...P, OP.NONE, OP.BINPERSID, OP.STOP), /persistent ids \(BINPERSID\) are not allowed here/);
  rejects(opcodes(...P, OP.BINUNICODE, 2, 0, 0, 0, 0xc3, 0x28, OP.STOP), /not valid UTF-8/);
  rejects(opcodes(OP.PROTO, 9, OP.NONE, OP.STOP), /protocol 9 is not supported/);
  rejects(opcodes(...P, OP.LONG1, 1), /truncated/);
  rejects(opcodes(...P, 0x8b, 0xff, 0xff, 0, 0), /integer of 65535 bytes is too large/);
});

test('torch callables check their arguments', () => {
  const rebuild = py.global('torch._utils', '_rebuild_tensor_v2');
  rejects(pickle(py.call(rebuild, 1, 2)), /_rebuild_tensor_v2 called with 2 arguments/);
  rejects(pickle(py.call(rebuild, 'x', 0, py.tuple(), py.tuple())), /storage is the string 'x', not a tensor storage/);
  rejects(pickle(py.call(py.global('collections', 'OrderedDict'), 5)), /OrderedDict called with/);
  rejects(pickle(py.call(py.global('torch._utils', '_rebuild_parameter'), 1, 2, 3)), /_rebuild_parameter called with/);
  assert.deepEqual(load(pickle(py.call(py.global('collections', 'OrderedDict'), [py.tuple('a', 1)]))), new Map([['a', 1]]));
});
