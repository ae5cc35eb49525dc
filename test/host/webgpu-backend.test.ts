// The webgpu backend through the public API (loadModel(src, { backend: 'webgpu' })): an
// asynchronous calculator computing in f32 (f64 refused naming the options), agreeing with the
// Wasm core's f32; and the built bundle giving the same bits in Node (Dawn), Deno (wgpu) and
// headless Chromium (its own Dawn) on the same SwiftShader.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { join } from 'node:path';
import { loadModel } from '../../host/api.js';
import { testGpu } from '../support/webgpu.js';
import { repoRoot } from '../support/shared.js';
import { binaries, quietEnv } from '../runtimes/runners/binaries.js';
import { serveStatic } from '../runtimes/runners/static-server.js';

const gpu = await testGpu();
const skip = typeof gpu === 'string' ? { skip: gpu } : { skip: false as const };
const ETHANOL = {
  numbers: [6, 6, 8, 1, 1, 1, 1, 1, 1],
  positions: [0, 0, 0, 1.52, 0, 0, 2.0, 1.33, 0, -0.39, 1.02, 0, -0.39, -0.51, 0.89, -0.39, -0.51, -0.89, 1.91, -0.51, 0.89, 1.91, -0.51, -0.89, 2.95, 1.3, 0.1],
};

test('loadModel(…, { backend: webgpu }): asynchronous, f32 by default, the Wasm f32 result to rounding; f64 refused', skip, async () => {
  const calc = await loadModel(undefined, { backend: 'webgpu' });
  assert.equal(calc.backend, 'webgpu');
  assert.equal(calc.asynchronous, true);
  assert.equal(calc.precision, 'f32');
  assert.throws(() => calc.compute(ETHANOL), /the webgpu backend answers asynchronously: use computeAsync/);
  const g = await calc.computeAsync(ETHANOL);
  const w = (await loadModel(undefined, { backend: 'wasm' })).compute(ETHANOL, { precision: 'f32' });
  assert.ok(Math.abs(g.energy - w.energy) <= 1e-5 * Math.abs(w.energy), `energy ${g.energy} vs wasm f32 ${w.energy}`);
  let df = 0;
  for (let k = 0; k < w.forces!.length; k++) df = Math.max(df, Math.abs(g.forces![k] - w.forces![k]));
  assert.ok(df <= 1e-4, `forces differ from wasm f32 by ${df} eV/Å`);
  assert.ok(g.energies.every((e, i) => Math.abs(e - w.energies[i]) <= 1e-4), 'atomic energies differ');
  const sum = Array.from(g.energies).reduce((a, b) => a + b, 0);
  assert.equal(g.energy, sum, 'the energy is the atomic energies summed in f64 in atom order');
  await assert.rejects(calc.computeAsync(ETHANOL, { precision: 'f64' }), /computes in f32 \(WGSL has no f64\).*--precision f32/);
});

const deno = binaries.deno();
const bundle = join(repoRoot, 'dist/campjs.mjs');
const denoSkip = skip.skip ? skip : deno.missing ? { skip: deno.missing } : existsSync(bundle) ? { skip: false as const } : { skip: 'dist/campjs.mjs is missing: run npm run build' };

interface Bits { backend: string; energy: string; forces: string; adapter: string }

/** webgpu-bits.mjs in a headless Chromium page with WebGPU on (SwiftShader). */
async function chromiumBits(executablePath: string): Promise<Bits> {
  const server = await serveStatic({ '/': '<!doctype html><title>webgpu</title>', '/favicon.ico': '', '/webgpu-bits.mjs': readFileSync(join(repoRoot, 'test/support/webgpu-bits.mjs'), 'utf8') });
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--enable-unsafe-webgpu'] });
  try {
    const page = await browser.newPage();
    await page.goto(server.origin + '/');
    return await page.evaluate(async () => {
      const [campjs, bits] = await Promise.all([import('/dist/campjs.mjs' as string), import('/webgpu-bits.mjs' as string)]);
      return bits.webgpuBits(campjs) as Promise<Bits>;
    });
  } finally {
    await browser.close();
    await server.close();
  }
}

test('dist/campjs.mjs on webgpu: Node, Deno and Chromium give the same bits on the same adapter', denoSkip, async (t) => {
  const script = join(repoRoot, 'test/support/webgpu-bits-main.mjs');
  const env = { ...quietEnv, VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES };
  const run = (cmd: string, args: string[]): Bits => {
    // A hang guard, not a timing: at load 11 one SwiftShader run took 39 s of wall for 7 s of CPU.
    const r = spawnSync(cmd, args, { encoding: 'utf8', env, timeout: 300_000, cwd: repoRoot });
    assert.equal(r.status, 0, `${cmd}: ${r.error?.message ?? ''} ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Bits;
  };
  const n = run(process.execPath, [script]);
  const d = run(deno.path!, ['run', '-A', script]);
  assert.equal(n.backend, 'webgpu');
  assert.equal(d.backend, 'webgpu');
  assert.equal(d.energy, n.energy, `energy bits: Deno (${d.adapter}) vs Node (${n.adapter})`);
  assert.equal(d.forces, n.forces, 'force bits differ between Deno and Node');
  const browser = binaries.chromium();
  if (browser.missing) return t.diagnostic(`chromium skipped: ${browser.missing}`);
  const c = await chromiumBits(browser.path!);
  assert.equal(c.backend, 'webgpu');
  assert.equal(c.energy, n.energy, `energy bits: Chromium (${c.adapter}) vs Node (${n.adapter})`);
  assert.equal(c.forces, n.forces, 'force bits differ between Chromium and Node');
  t.diagnostic(`adapters: Node ${n.adapter}; Deno ${d.adapter}; Chromium ${c.adapter}`);
});
