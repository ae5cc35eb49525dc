// How a receipt is checked where it is replayed (host/receipt/replay.ts replayComparison, used by
// `campjs verify` and the worker's verify): bits on the backend and adapter it was recorded on,
// energies within a tolerance elsewhere, and f32 on the GPU.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CROSS_BACKEND_ENERGY_TOLERANCE, replayComparison } from '../../host/receipt/replay.js';
import type { Receipt } from '../../host/receipt/receipt.js';

const receipt = (backend: string | undefined, adapter?: string): Receipt =>
  ({ model: { backend, adapter }, settings: { precision: 'f64', dt: 0.5 } }) as unknown as Receipt;

test('same backend and adapter: bits, no note, settings as recorded', () => {
  for (const [r, backend, adapter] of [[receipt('wasm'), 'wasm', undefined], [receipt(undefined), 'wasm', undefined], [receipt('webgpu', 'SwiftShader'), 'webgpu', 'SwiftShader']] as const) {
    const c = replayComparison(r, backend, adapter);
    assert.equal(c.compare, 'bits');
    assert.equal(c.note, null);
  }
  assert.equal(replayComparison(receipt('wasm'), 'wasm').settings.precision, 'f64');
});

test('another backend or adapter: energies within the tolerance, and a note naming both', () => {
  for (const [r, backend, adapter] of [[receipt('webgpu', 'SwiftShader'), 'wasm', undefined], [receipt('wasm'), 'webgpu', 'GPU A'], [receipt('webgpu', 'GPU A'), 'webgpu', 'GPU B']] as const) {
    const c = replayComparison(r, backend, adapter);
    assert.deepEqual(c.compare, { energyPerAtom: CROSS_BACKEND_ENERGY_TOLERANCE });
    assert.match(c.note!, /recorded on .* and this replay runs on .*: bits can only match on the same backend and adapter/);
  }
  // The GPU has no f64: an f64 run replayed there runs in f32.
  assert.equal(replayComparison(receipt('wasm'), 'webgpu', 'GPU A').settings.precision, 'f32');
});
