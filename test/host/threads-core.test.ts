// The threaded core (build/campjs-threads.wasm) against the layout table: its functions are the
// default core's plus ThreadExports (scripts/layouts/table.mjs), with their parameter counts; it
// runs on shared memory; the default core still imports nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXPORT_ARITY, THREAD_EXPORT_ARITY } from '../../host/generated/core-exports.js';
import { instantiateThreadedCore } from '../../host/backends/wasm-threads/thread-pool.js';
import { coreModule } from '../../host/backends/wasm/wasm.js';

test('the threaded core exports the default core\'s functions and the thread kernels, nothing else', async () => {
  const core = await instantiateThreadedCore();
  const exports = core.exports as unknown as Record<string, unknown>;
  const fns = Object.keys(exports).filter((k) => typeof exports[k] === 'function').sort();
  const table = { ...EXPORT_ARITY, ...THREAD_EXPORT_ARITY };
  assert.deepEqual(fns, Object.keys(table).sort());
  for (const name of fns) assert.equal((exports[name] as (...a: number[]) => unknown).length, table[name], `${name}: parameters`);
  assert.ok(core.memory.buffer instanceof SharedArrayBuffer, 'the threaded core\'s memory is not shared');
});

test('the default core imports nothing (no shared memory needed) and has no thread kernels', async () => {
  assert.deepEqual(WebAssembly.Module.imports(await coreModule()), []);
  assert.ok(!WebAssembly.Module.exports(await coreModule()).some((e) => e.name.startsWith('threads')));
});
