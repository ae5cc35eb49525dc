// The layout table (scripts/layouts/table.mjs) against the built core: the generated export
// signatures, constants, status codes and the FIRE record must be what the Wasm binary uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { instantiateCore, coreModule } from '../../host/backends/wasm/wasm.js';
import { Arena } from '../../host/backends/wasm/arena.js';
import { EXPORT_ARITY } from '../../host/generated/core-exports.js';
import { C, FIRE, MVV2E, PLAN, PLAN_MESSAGES, NL_PLAN, NL_PLAN_MESSAGES } from '../../host/generated/layouts.js';
import { statusText } from '../../host/backends/wasm/status.js';
import { initialFireState } from '../../host/opt/fire-state.js';

test('every function the core exports is in the table with its parameter count, and nothing else is', async () => {
  const core = await instantiateCore();
  const fns = WebAssembly.Module.exports(await coreModule()).filter((e) => e.kind === 'function').map((e) => e.name);
  const table = Object.keys(EXPORT_ARITY);
  assert.deepEqual([...fns].sort(), [...table].sort());
  const exports = core.exports as unknown as Record<string, (...args: number[]) => unknown>;
  for (const name of fns) assert.equal(exports[name]!.length, EXPORT_ARITY[name], `${name}: parameters`);
});

test('the host constants are the core\'s bits (MVV2E through mdAccelFactors)', async () => {
  const core = await instantiateCore();
  const arena = new Arena(core);
  const m = arena.alloc(8), out = arena.alloc(8);
  arena.f64(m)[0] = 1;
  core.exports.mdAccelFactors(1, m.ptr, out.ptr);
  assert.ok(Object.is(arena.f64(out)[0], 1 / MVV2E));
  assert.ok(core.exports.modelContextWords() > C.HOST_WORDS);
});

test('philox4x32_10 returns its block through caller memory (Random123 KAT), no globals', async () => {
  const core = await instantiateCore();
  const arena = new Arena(core);
  const out = arena.alloc(16);
  core.exports.philox4x32_10(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, out.ptr);
  assert.deepEqual([...new Uint32Array(core.memory.buffer, out.ptr, 4)], [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]);
});

test('status codes come back named, with the table\'s message', async () => {
  const core = await instantiateCore();
  const arena = new Arena(core);
  const plan = arena.alloc(4 * 32);
  new Int32Array(core.memory.buffer, plan.ptr, 32).fill(0);
  const code = core.exports.modelCheckPlan(plan.ptr, 32);
  assert.equal(code, PLAN.BAD_MAGIC);
  assert.match(statusText(PLAN_MESSAGES, code), /bad magic word .*\(BAD_MAGIC, code 1\)/);
  assert.equal(statusText(NL_PLAN_MESSAGES, NL_PLAN.SINGULAR), `${NL_PLAN_MESSAGES.get(-1)!.message} (SINGULAR, code -1)`);
  assert.equal(statusText(PLAN_MESSAGES, 99), 'unknown status code 99');
});

test('fireStep reads and writes the FIRE record the host fills by name', async () => {
  const core = await instantiateCore();
  const arena = new Arena(core);
  const [x, v, f, s] = [arena.alloc(24), arena.alloc(24), arena.alloc(24), arena.alloc(8 * FIRE.SIZE)];
  const state = arena.f64(s);
  state.set(initialFireState(0.05, 1.0, 10));
  arena.f64(x).fill(0);
  arena.f64(v).fill(7); // the first step zeroes v
  arena.f64(f).set([1, 0, 0]);
  core.exports.fireStep(3, x.ptr, v.ptr, f.ptr, s.ptr);
  // First step: v = dt·f, x += dt·v (no cap at maxstep 10 Å); dt, α unchanged; started.
  assert.deepEqual([...arena.f64(x)], [0.05 * (0.05 * 1), 0, 0]);
  assert.equal(state[FIRE.STARTED], 1);
  assert.equal(state[FIRE.DT], 0.05);
  assert.equal(state[FIRE.ALPHA], 0.1);
  // A tiny maxstep caps the whole displacement to it.
  state.set(initialFireState(0.05, 1.0, 1e-4));
  arena.f64(x).fill(0);
  core.exports.fireStep(3, x.ptr, v.ptr, f.ptr, s.ptr);
  assert.ok(Math.abs(arena.f64(x)[0]! - 1e-4) < 1e-18);
});
