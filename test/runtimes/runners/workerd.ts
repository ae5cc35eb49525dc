// Cloudflare workerd (through miniflare) for the matrix: the bundle, the payload and the core
// .wasm are given as modules of one Worker, exactly as a deployment would upload them.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Miniflare } from 'miniflare';
import { repoRoot } from '../../support/shared.js';
import type { PayloadResult } from '../payload.mjs';
import { binaries, pathOf } from './binaries.js';
import type { RunnerOutput } from './server.js';

export const COMPATIBILITY_DATE = '2025-09-01';

export interface WorkerModule {
  readonly type: 'ESModule' | 'CompiledWasm' | 'Data' | 'Text';
  /** Module name as imported (relative to the entry). */
  readonly path: string;
  /** File to read: absolute, or relative to the repository root. */
  readonly file: string;
}

/** Starts workerd with the given modules (the first is the entry); no network, no persistence. */
export function startWorker(modules: readonly WorkerModule[], bindings: Record<string, string> = {}): Miniflare {
  pathOf(binaries.workerd()); // miniflare finds it itself; this only names what is missing
  return new Miniflare({
    modules: modules.map((m) => ({ type: m.type, path: m.path, contents: readFileSync(resolve(repoRoot, m.file)) })),
    modulesRoot: '/',
    compatibilityDate: COMPATIBILITY_DATE,
    bindings,
    cf: false,
    host: '127.0.0.1',
    port: 0,
  });
}

/** The bundle and its core as a Worker imports them. */
export const BUNDLE_MODULES: readonly WorkerModule[] = [
  { type: 'ESModule', path: '/campjs.mjs', file: 'dist/campjs.mjs' },
  { type: 'CompiledWasm', path: '/campjs.wasm', file: 'dist/campjs.wasm' },
];

export async function runWorkerd(input: Uint8Array): Promise<RunnerOutput> {
  const mf = startWorker([
    { type: 'ESModule', path: '/entry.mjs', file: 'test/runtimes/runners/workerd-entry.mjs' },
    { type: 'ESModule', path: '/payload.mjs', file: 'test/runtimes/payload.mjs' },
    ...BUNDLE_MODULES,
  ]);
  try {
    await mf.ready;
    const t0 = performance.now();
    const res = await mf.dispatchFetch('http://campjs.test/', { method: 'POST', body: input });
    const text = await res.text();
    if (!res.ok) throw new Error(`workerd: HTTP ${res.status}: ${text}`);
    return { result: JSON.parse(text) as PayloadResult, wallMs: performance.now() - t0 };
  } finally {
    await mf.dispose();
  }
}
