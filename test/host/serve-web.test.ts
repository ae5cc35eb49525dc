// scripts/serve-web.mjs (`npm run web`): serves dist/web on 127.0.0.1 with the right types, no
// COOP/COEP headers, 404 outside it; a bad --port is refused with the reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/shared.js';

const script = join(repoRoot, 'scripts/serve-web.mjs');
const built = existsSync(join(repoRoot, 'dist/web/index.html')) ? false : 'dist/web is missing: run npm run build';

test('serve-web: a bad --port is refused, naming it', () => {
  const r = spawnSync(process.execPath, [script, '--port', 'eighty'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--port eighty: not a port number/);
});

test('serve-web: the app, its worker and styles, with their types; 404 outside dist/web', { skip: built }, async () => {
  const proc = spawn(process.execPath, [script, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const origin = await new Promise<string>((resolve, reject) => {
      proc.stdout!.on('data', (d) => {
        const m = /http:\/\/127\.0\.0\.1:\d+/.exec(String(d));
        if (m) resolve(m[0]);
      });
      proc.on('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    const page = await fetch(`${origin}/`);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(page.headers.get('cross-origin-opener-policy'), null);
    assert.match(await page.text(), /<script type="module" src="app.js">/);
    for (const [path, type] of [['/app.js', 'text/javascript'], ['/campjs-worker.mjs', 'text/javascript'], ['/app.css', 'text/css']]) {
      const r = await fetch(origin + path);
      assert.equal(r.status, 200, path);
      assert.equal(r.headers.get('content-type'), type, path);
      await r.arrayBuffer();
    }
    assert.equal((await fetch(`${origin}/nope.js`)).status, 404);
    // Files that exist beside dist/web (dist/campjs.mjs, package.json) stay unreachable.
    assert.equal((await fetch(`${origin}/..%2fcampjs.mjs`)).status, 404);
    assert.equal((await fetch(`${origin}/..%2f..%2fpackage.json`)).status, 404);
  } finally {
    proc.kill();
  }
});
