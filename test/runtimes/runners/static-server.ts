// A tiny HTTP server on 127.0.0.1 (ephemeral port) for the browser tests: repository files
// under a few public folders plus in-memory routes. No COOP/COEP: campjs must not need them.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { repoRoot } from '../../support/shared.js';

const PUBLIC = ['dist/', 'examples/', 'test/runtimes/'];
const TYPES: Record<string, string> = {
  '.mjs': 'text/javascript', '.js': 'text/javascript', '.html': 'text/html; charset=utf-8',
  '.json': 'application/json', '.wasm': 'application/wasm', '.xyz': 'text/plain', '.css': 'text/css',
};

export interface StaticServer {
  readonly origin: string;
  close(): Promise<void>;
}

export async function serveStatic(routes: Record<string, Uint8Array | string> = {}): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const send = (status: number, body: Uint8Array | string, type = 'text/plain') => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    const inline = routes[path];
    if (inline !== undefined) return send(200, inline, path.endsWith('/') ? TYPES['.html'] : TYPES[extname(path)] ?? 'application/octet-stream');
    const rel = normalize(path).replace(/^\/+/, '');
    if (!PUBLIC.some((p) => rel.startsWith(p))) return send(404, `not served: ${path}`);
    readFile(join(repoRoot, rel)).then(
      (body) => send(200, body, TYPES[extname(rel)] ?? 'application/octet-stream'),
      () => send(404, `no such file: ${path}`),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('static server: no port');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
