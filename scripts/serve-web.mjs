#!/usr/bin/env node
// `npm run web`: serves the built web app (dist/web/) on http://127.0.0.1:8080 (or --port N;
// 0 picks a free port). Static files only, no COOP/COEP headers: the app must not need them.
// `--isolated` adds them (cross-origin isolation), so the app evaluates on several threads.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, normalize, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'web');
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.wasm': 'application/wasm', '.png': 'image/png', '.svg': 'image/svg+xml',
};

const args = process.argv.slice(2);
const at = args.indexOf('--port');
const port = at >= 0 ? Number(args[at + 1]) : 8080;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`serve-web: --port ${args[at + 1]}: not a port number (0 … 65535)\n`);
  process.exit(2);
}
if (!existsSync(join(dir, 'index.html'))) {
  process.stderr.write('serve-web: dist/web/index.html is missing: run `npm run build` first\n');
  process.exit(1);
}

const ISOLATION = args.includes('--isolated')
  ? { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' } : {};

const server = createServer((req, res) => {
  let path;
  try {
    path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    res.writeHead(400).end('bad request');
    return;
  }
  const rel = normalize(path.endsWith('/') ? `${path}index.html` : path).replace(/^[/\\]+/, '');
  if (rel.startsWith('..')) {
    res.writeHead(404).end('not found');
    return;
  }
  readFile(join(dir, rel)).then(
    (body) => res.writeHead(200, { 'content-type': TYPES[extname(rel)] ?? 'application/octet-stream', 'cache-control': 'no-cache', ...ISOLATION }).end(body),
    () => res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}`),
  );
});
server.on('error', (err) => {
  process.stderr.write(`serve-web: ${err.message}\n`);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`campjs web app: http://127.0.0.1:${server.address().port}/\n`);
});
