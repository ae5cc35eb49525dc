// The GPU neighbour list and GPU MD give the same bits in Node (npm webgpu: Dawn), Deno
// (navigator.gpu: wgpu) and Bun (npm webgpu) on the same adapter (SwiftShader here): one bundle
// of runners/webgpu-md-driver.ts run in each prints hashes of the edges and of the state after
// 30 Langevin steps. A runtime that is missing or finds no adapter is skipped with the reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as esbuild from 'esbuild';
import { repoRoot } from '../support/shared.js';
import { binaries, quietEnv, type Found } from './runners/binaries.js';
import { testGpu } from '../support/webgpu.js';

const run = promisify(execFile);
const gpu = await testGpu();
const skip = typeof gpu === 'string' ? gpu : false;
if (typeof gpu !== 'string') gpu.device.destroy();

// Inside the repository, so the Node and Bun runs resolve npm `webgpu` from node_modules.
const outDir = join(repoRoot, 'tmp');
const bundle = join(outDir, 'webgpu-md-driver.mjs');

const runtimes: [string, Found, (path: string) => string[]][] = [
  ['node', binaries.node(), () => [bundle]],
  ['deno', binaries.deno(), () => ['run', '-A', bundle]],
  ['bun', binaries.bun(), () => [bundle]],
];

test('GPU neighbour list and MD: identical bits in Node, Deno and Bun on the same adapter', { skip, timeout: 300_000 }, async (t) => {
  mkdirSync(outDir, { recursive: true });
  await esbuild.build({
    entryPoints: [join(repoRoot, 'test/runtimes/runners/webgpu-md-driver.ts')], outfile: bundle, bundle: true, format: 'esm',
    platform: 'neutral', mainFields: ['module', 'main'], logLevel: 'warning',
  });
  const results = new Map<string, Record<string, unknown>>();
  for (const [name, found, args] of runtimes) {
    if (found.path === undefined) { t.diagnostic(`${name} skipped: ${found.missing}`); continue; }
    const { stdout } = await run(found.path, args(found.path), { env: { ...quietEnv, VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES }, timeout: 120_000 });
    const { adapter, ...bits } = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;
    t.diagnostic(`${name}: ${adapter}: ${JSON.stringify(bits)}`);
    results.set(name, bits);
  }
  const node = results.get('node');
  assert.ok(node && (node.edges as number) > 10_000, 'the Node run found the edges');
  for (const [name, bits] of results) assert.deepEqual(bits, node, `${name} vs node`);
  assert.ok(results.size >= 2, `compared ${[...results.keys()].join(', ')}: need at least two runtimes`);
});
