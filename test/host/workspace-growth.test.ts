// A buffer whose size creeps up (edge counts along an MD run) must not abandon a region each
// time: water-64 MD grew its Wasm memory by ~130 MiB every few steps (1.5 GB peak RSS).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { instantiateCore } from '../../host/backends/wasm/wasm.js';
import { Workspace } from '../../host/backends/wasm/workspace.js';

test('the topmost buffer grows in place; a buried one grows with headroom', async () => {
  const ws = new Workspace(await instantiateCore());
  ws.buffer('edges', 1000);
  const work = ws.buffer('work', 1 << 20);
  for (let k = 1; k <= 20; k++) assert.equal(ws.buffer('work', (1 << 20) + 4096 * k).ptr, work.ptr);
  assert.ok(ws.bytesUsed < (1 << 20) + 100_000, `${ws.bytesUsed} bytes used`);

  const used = ws.bytesUsed;
  let moves = 0;
  let ptr = ws.buffer('edges', 1000).ptr;
  for (let k = 1; k <= 20; k++) {
    const r = ws.buffer('edges', 1000 + 20 * k); // buried under 'work' at first
    if (r.ptr !== ptr) [moves, ptr] = [moves + 1, r.ptr];
  }
  assert.ok(moves <= 2, `edges moved ${moves} times`);
  assert.ok(ws.bytesUsed - used < 4000, `${ws.bytesUsed - used} more bytes`);
});

test('a buffer with slack stays in place while its size wobbles within it, even when buried', async () => {
  const ws = new Workspace(await instantiateCore());
  const work = ws.buffer('work', 1 << 20, 1 / 16);
  assert.ok(work.bytes >= (1 << 20) * (17 / 16), `${work.bytes} bytes`);
  ws.buffer('edges', 1000); // now 'work' is buried
  for (const wobble of [1.01, 0.99, 1.05, 1.0625]) assert.equal(ws.buffer('work', Math.floor((1 << 20) * wobble)).ptr, work.ptr);
  assert.notEqual(ws.buffer('work', (1 << 20) * 1.1).ptr, work.ptr, 'past its slack it moves');
});
