// One artifact, every runtime: the payload runs on the built dist/campjs.mjs in Node, Deno, Bun,
// headless Chromium (page and module Worker) and workerd, and every runtime must return the same
// SHA-256 hashes of the raw bytes of its results (f64 and f32 energies, forces, stress; MD state
// and receipt) and the same numbers. `npm test` builds first; this test never rebuilds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { repoRoot } from '../support/shared.js';
import { buildInput } from './runners/inputs.js';
import { binaries, type Found } from './runners/binaries.js';
import { runServer, SERVER_RUNTIMES, type RunnerOutput } from './runners/server.js';
import { openBrowser, runChromium, INPUT_ROUTE } from './runners/chromium.js';
import { runWorkerd } from './runners/workerd.js';
import { comparable, countHashes, sectionErrors, timingTable, type Row } from './runners/compare.js';
import { staleBuildWarning } from './runners/freshness.js';

const bundle = join(repoRoot, 'dist/campjs.mjs');

test('dist/campjs.mjs: identical bits in Node, Deno, Bun, Chromium (page + Worker) and workerd', { timeout: 120_000 }, async (t) => {
  assert.ok(existsSync(bundle), 'dist/campjs.mjs missing: run `npm run build` first');
  const stale = staleBuildWarning();
  if (stale) t.diagnostic(stale);
  const input = buildInput();
  for (const reason of input.skip) t.diagnostic(`skipped: ${reason}`);

  const outputs = new Map<string, RunnerOutput>();
  const attempt = async (runner: string, found: Found, run: () => Promise<void>) => {
    await t.test(runner, { skip: found.missing ?? false }, run);
  };
  for (const rt of SERVER_RUNTIMES) {
    await attempt(rt, binaries[rt](), async () => { outputs.set(rt, await runServer(rt, input.bytes)); });
  }
  await attempt('chromium', binaries.chromium(), async () => {
    const session = await openBrowser({ [INPUT_ROUTE]: input.bytes });
    try {
      const { page, worker } = await runChromium(session);
      outputs.set('chromium page', page);
      outputs.set('chromium worker', worker);
      assert.deepEqual(session.errors, [], 'errors in the Chromium console');
    } finally {
      await session.close();
    }
  });
  await attempt('workerd', binaries.workerd(), async () => { outputs.set('workerd', await runWorkerd(input.bytes)); });

  const rows: Row[] = [...outputs].map(([runner, o]) => ({ runner, runtime: o.result.runtime, ms: o.result.ms, wallMs: o.wallMs }));
  for (const line of timingTable(rows)) t.diagnostic(line);
  const raw = readFileSync(bundle);
  t.diagnostic(`dist/campjs.mjs: ${raw.length} bytes, ${gzipSync(raw, { level: 9 }).length} gzipped; built ${statSync(bundle).mtime.toISOString()}`);

  const [first, ...rest] = [...outputs];
  assert.ok(first, 'no runtime could run');
  for (const [runner, o] of outputs) assert.deepEqual(sectionErrors(o.result), [], `${runner} (${o.result.runtime}) threw`);
  for (const [runner, o] of rest) {
    assert.deepEqual(comparable(o.result), comparable(first[1].result), `${runner} differs from ${first[0]}`);
  }
  const io = first[1].result.sections.io?.values;
  if (io) assert.equal(io.sameAsPayloadParser, true, "the bundle's parseExtxyz and the payload's reader disagree on positions");
  const sections = Object.keys(first[1].result.sections);
  t.diagnostic(`${outputs.size} runners agree bit-for-bit: ${countHashes(comparable(first[1].result))} SHA-256 hashes over structure, ${sections.join(', ')}`);
});
