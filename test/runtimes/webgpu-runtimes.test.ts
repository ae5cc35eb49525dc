// The GPU neighbour list and GPU MD give the same bits in Node (npm webgpu: Dawn), Deno
// (navigator.gpu: wgpu), Bun (npm webgpu) and Chromium (a page) on the same adapter (SwiftShader
// here): one bundle of runners/webgpu-md-driver.ts run in each prints hashes of the edges and of the state after
// 30 Langevin steps. A runtime that is missing or finds no adapter is skipped with the reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as esbuild from 'esbuild';
import { repoRoot } from '../support/shared.js';
import { binaries, quietEnv, type Found } from './runners/binaries.js';
import { freshGpu } from '../support/webgpu-devices.js';
import { chromium } from 'playwright-core';
import { serveStatic } from './runners/static-server.js';

const run = promisify(execFile);
const gpu = await freshGpu();
const skip = typeof gpu === 'string' ? gpu : false;
if (typeof gpu !== 'string') gpu.device.destroy();

/** The driver in a page of headless Chromium (WebGPU needs --enable-unsafe-webgpu): its console line. */
async function inChromium(executablePath: string): Promise<string> {
  const server = await serveStatic({
    '/': '<!doctype html><meta charset="utf-8"><script type="module" src="/driver.mjs"></script>',
    '/driver.mjs': readFileSync(bundle, 'utf8'), '/favicon.ico': '',
  });
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--enable-unsafe-webgpu'] });
  try {
    const page = await browser.newPage();
    const line = new Promise<string>((resolve, reject) => {
      page.on('console', (m) => { if (m.text().startsWith('{')) resolve(m.text()); });
      page.on('pageerror', (e) => reject(e));
    });
    await page.goto(server.origin + '/');
    return await line;
  } finally {
    await browser.close();
    await server.close();
  }
}

// Inside the repository, so the Node and Bun runs resolve npm `webgpu` from node_modules.
const outDir = join(repoRoot, 'tmp');
const bundle = join(outDir, 'webgpu-md-driver.mjs');

const runtimes: [string, Found, (path: string) => string[]][] = [
  ['node', binaries.node(), () => [bundle]],
  ['deno', binaries.deno(), () => ['run', '-A', bundle]],
  ['bun', binaries.bun(), () => [bundle]],
  ['chromium', binaries.chromium(), () => []],
];

test('GPU neighbour list and MD: identical bits in Node, Deno, Bun and Chromium on the same adapter', { skip, timeout: 300_000 }, async (t) => {
  mkdirSync(outDir, { recursive: true });
  await esbuild.build({
    entryPoints: [join(repoRoot, 'test/runtimes/runners/webgpu-md-driver.ts')], outfile: bundle, bundle: true, format: 'esm',
    platform: 'neutral', mainFields: ['module', 'main'], logLevel: 'warning',
  });
  const results = new Map<string, Record<string, unknown>>();
  for (const [name, found, args] of runtimes) {
    if (found.path === undefined) { t.diagnostic(`${name} skipped: ${found.missing}`); continue; }
    const line = name === 'chromium'
      ? await inChromium(found.path)
      : (await run(found.path, args(found.path), { env: { ...quietEnv, VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES }, timeout: 120_000 })).stdout.trim().split('\n').pop()!;
    const { adapter, ...bits } = JSON.parse(line) as Record<string, unknown>;
    t.diagnostic(`${name}: ${adapter}: ${JSON.stringify(bits)}`);
    results.set(name, bits);
  }
  const node = results.get('node');
  assert.ok(node && (node.edges as number) > 10_000, 'the Node run found the edges');
  for (const [name, bits] of results) assert.deepEqual(bits, node, `${name} vs node`);
  assert.ok(results.size >= 2, `compared ${[...results.keys()].join(', ')}: need at least two runtimes`);
});
