import { test } from 'node:test';
import assert from 'node:assert/strict';
import { instantiateCore, coreModule } from '../../host/backends/wasm/wasm.js';
import { Arena } from '../../host/backends/wasm/arena.js';

test('core module imports nothing and exposes its heap base', async () => {
  const core = await instantiateCore();
  assert.deepEqual(WebAssembly.Module.imports(await coreModule()), []);
  assert.ok(core.exports.heapBase() > 0);
  assert.equal(core.exports.memoryBytes(), core.memory.buffer.byteLength);
});

test('arena aligns, grows memory and releases', async () => {
  const core = await instantiateCore();
  const arena = new Arena(core);
  const a = arena.alloc(3);
  const b = arena.alloc(8);
  assert.equal(a.ptr % 16, 0);
  assert.equal(b.ptr - a.ptr, 16);
  const before = core.memory.buffer.byteLength;
  const big = arena.alloc(before * 2);
  assert.ok(core.memory.buffer.byteLength >= big.ptr + big.bytes);
  arena.f64(big)[0] = 1.5;
  assert.equal(arena.f64(big)[0], 1.5);
  const m = arena.mark();
  arena.alloc(100);
  arena.release(m);
  assert.equal(arena.mark(), m);
  assert.throws(() => arena.alloc(-1), /bad allocation size/);
});
