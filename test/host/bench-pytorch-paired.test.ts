// The bench's PyTorch reference timed in blocks between campjs's (bench/pytorch-paired.ts),
// against a stand-in process that speaks the reference's serve protocol: requests answered in
// order, a missing source said in one line, and a reference that dies mid-run reported with its
// exit and last stderr line instead of a hang.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PairedTorch } from '../../bench/pytorch-paired.js';
import type { TorchCase } from '../../bench/pytorch-same-run.js';
import { repoRoot } from '../support/shared.js';

const CASES: TorchCase[] = [
  { name: 'a', checkpoint: 'a.ckpt', structure: 'a.xyz', format: 'extxyz', dtype: 'f32' },
  { name: 'b', checkpoint: 'b.ckpt', structure: 'b.xyz', format: 'extxyz', dtype: 'f64' },
];

/** A CAMP source folder as referenceCommand checks it, and the stand-in interpreter. */
function fakeEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const src = mkdtempSync(join(tmpdir(), 'campjs-fake-camp-'));
  mkdirSync(join(src, 'camp/ase'), { recursive: true });
  writeFileSync(join(src, 'camp/ase/calculator.py'), '');
  return { ...process.env, CAMPJS_CAMP_SRC: src, CAMPJS_PYTHON: join(repoRoot, 'test/support/fake-torch-server.mjs'), ...extra };
}

test('without CAMPJS_CAMP_SRC the paired reference says why it cannot run', async () => {
  const r = await PairedTorch.start(CASES, { ...process.env, CAMPJS_CAMP_SRC: '' });
  assert.equal(typeof r, 'string');
  assert.match(r as string, /CAMPJS_CAMP_SRC is not set/);
});

test('blocks of calls are answered in order, per case', async () => {
  const torch = await PairedTorch.start(CASES, fakeEnv());
  assert.ok(torch instanceof PairedTorch, String(torch));
  try {
    assert.equal(torch.torch, 'fake');
    const [x, y] = await Promise.all([torch.time(1, 3), torch.time(0, 2)]);
    assert.deepEqual(x, [2, 2, 2]);
    assert.deepEqual(y, [1, 1]);
  } finally {
    torch.close();
  }
});

test('a reference that dies mid-run fails the next request with its exit and stderr', async () => {
  const torch = await PairedTorch.start(CASES, fakeEnv({ FAKE_TORCH_DIE_AFTER: '1' }));
  assert.ok(torch instanceof PairedTorch, String(torch));
  assert.deepEqual(await torch.time(0, 1), [1]);
  await assert.rejects(torch.time(0, 1), /exited 5: fake reference: out of memory/);
  await assert.rejects(torch.time(0, 1), /exited 5/);
});
