// readSource: bytes, Responses, paths and URLs in Node directly, then the same module bundled
// platform-neutral (as in dist/campjs.mjs) read a path in Deno and Bun and a URL in Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { readSource } from '../../host/load-source.js';
import { repoRoot } from '../support/shared.js';
import { binaries, pathOf, quietEnv } from './runners/binaries.js';
import { scriptCommand } from './runners/server.js';
import { serveStatic } from './runners/static-server.js';
import { openBrowser } from './runners/chromium.js';

const dir = mkdtempSync(join(tmpdir(), 'campjs-source-'));
const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 37) & 255);
const file = join(dir, 'model file.ckpt');
writeFileSync(file, bytes);
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('bytes pass through; ArrayBuffer and other views are wrapped without copying', async () => {
  assert.equal((await readSource(bytes)).bytes, bytes);
  assert.deepEqual((await readSource(bytes.buffer)).bytes, bytes);
  const view = new DataView(bytes.buffer, 10, 20);
  const got = (await readSource(view)).bytes;
  assert.equal(got.buffer, bytes.buffer);
  assert.deepEqual([got.byteOffset, got.length], [10, 20]);
});

test('a Response or a promise of one is read; HTTP errors name the status', async () => {
  assert.deepEqual((await readSource(new Response(bytes))).bytes, bytes);
  assert.deepEqual((await readSource(Promise.resolve(new Response(bytes)))).bytes, bytes);
  await assert.rejects(readSource(new Response('nope', { status: 404, statusText: 'Not Found' })), /HTTP 404 Not Found/);
});

test('a path or file: URL is read from disk in Node; a missing file is named', async () => {
  const viaPath = await readSource(file);
  assert.deepEqual(viaPath.bytes, bytes);
  assert.equal(viaPath.name, 'model file.ckpt');
  const viaUrl = await readSource(pathToFileURL(file));
  assert.deepEqual(viaUrl.bytes, bytes);
  assert.equal(viaUrl.name, 'model file.ckpt');
  await assert.rejects(readSource(join(dir, 'absent.ckpt')), /cannot read '.*absent\.ckpt': no such file/);
  await assert.rejects(readSource(dir), /it is a directory/);
});

test('an http URL is fetched, its name taken from the URL', async () => {
  const server = await serveStatic({ '/m/water v2.ckpt': bytes });
  try {
    const got = await readSource(`${server.origin}/m/water%20v2.ckpt?x=1`);
    assert.deepEqual(got.bytes, bytes);
    assert.equal(got.name, 'water v2.ckpt');
    await assert.rejects(readSource(`${server.origin}/dist/absent.mjs`), /HTTP 404/);
  } finally {
    await server.close();
  }
});

test('anything else is a TypeError that says what was passed', async () => {
  await assert.rejects(readSource(42 as never), /cannot read a model from a number/);
  await assert.rejects(readSource({} as never), /cannot read a model from an object \(Object\)/);
});

// ---- the same module bundled as dist/campjs.mjs is: platform-neutral, node:* never static ----

const bundled = join(dir, 'load-source.mjs');
const driver = join(dir, 'driver.mjs');

test('bundled platform-neutral it names no node: module statically', async () => {
  await esbuild.build({ entryPoints: [join(repoRoot, 'host/load-source.ts')], outfile: bundled, bundle: true, format: 'esm', platform: 'neutral', logLevel: 'error' });
  const code = readFileSync(bundled, 'utf8');
  assert.doesNotMatch(code, /from\s*["']node:|import\(\s*["']node:/, 'a literal node: import would break browser bundlers');
  writeFileSync(driver, `import { readSource } from ${JSON.stringify(pathToFileURL(bundled).href)};
const args = globalThis.Deno?.args ?? process.argv.slice(2);
const { bytes, name } = await readSource(args[0]);
let missing = '';
try { await readSource(args[0] + '.absent'); } catch (e) { missing = e.message; }
console.log(JSON.stringify({ sum: bytes.reduce((a, b) => a + b, 0), length: bytes.length, name, missing }));
`);
});

for (const rt of ['deno', 'bun'] as const) {
  const found = binaries[rt]();
  test(`bundled: ${rt} reads a path with its own file API`, { skip: found.missing ?? false }, () => {
    const [exe, ...pre] = scriptCommand(rt, pathOf(found));
    const out = JSON.parse(execFileSync(exe, [...pre, driver, file], { env: quietEnv, encoding: 'utf8' }));
    assert.deepEqual(out, { sum: bytes.reduce((a, b) => a + b, 0), length: bytes.length, name: 'model file.ckpt', missing: `campjs: cannot read '${file}.absent': no such file` });
  });
}

test('bundled: Chromium fetches a relative string as a URL', { skip: binaries.chromium().missing ?? false }, async () => {
  const session = await openBrowser({ '/load-source.mjs': readFileSync(bundled), '/models/w.ckpt': bytes });
  try {
    const page = await session.newPage();
    const out = await page.evaluate(async (url) => {
      const { readSource } = await import(url);
      const { bytes, name } = await readSource('models/w.ckpt');
      return { length: bytes.length, first: bytes[1], name, has: typeof (globalThis as { process?: unknown }).process };
    }, '/load-source.mjs');
    assert.deepEqual(out, { length: bytes.length, first: bytes[1], name: 'w.ckpt', has: 'undefined' });
  } finally {
    await session.close();
  }
});
