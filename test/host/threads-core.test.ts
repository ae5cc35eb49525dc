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

test('a worker that stops makes the next evaluation fail with a message, not hang', async () => {
  const { Workspace } = await import('../../host/backends/wasm/workspace.js');
  const { WasmCampEvaluator } = await import('../../host/backends/wasm/evaluator.js');
  const { NeighborList } = await import('../../host/backends/wasm/neighbor-list.js');
  const { ThreadPool } = await import('../../host/backends/wasm-threads/thread-pool.js');
  const { loadCampModel } = await import('../../host/model/load.js');
  const { typeIndices } = await import('../../host/model/camp-model.js');
  const { defaultModelBytes } = await import('../../host/model/default-model.js');
  const model = loadCampModel(await defaultModelBytes(), { file: 'default' });
  const core = await instantiateThreadedCore();
  const ws = new Workspace(core);
  const pool = await ThreadPool.start(ws, core, 3);
  const ev = new WasmCampEvaluator(ws, model, {}, pool);
  const water = { numbers: [1, 1, 8], positions: new Float64Array([0.76, 0.59, 0, -0.76, 0.59, 0, 0, 0, 0]) };
  const edges = new NeighborList(ws, { cutoff: model.hparams.rCut }).build(water);
  const call = () => ev.evaluate(3, typeIndices(model.hparams, water.numbers), edges, { precision: 'f64', forces: true, virial: false });
  assert.ok(Number.isFinite(call().energy));
  assert.equal(await pool.killWorkerForTest(), 1);
  assert.throws(call, /threads: worker 1 of 2 stopped .* load it again, or with threads 1/);
  pool.close();
});
