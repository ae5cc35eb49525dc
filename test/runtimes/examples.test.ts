// The README's snippets are these files in examples/, run as they are: server/energy.mjs in
// Node, Deno and Bun; browser/index.html in Chromium; edge-worker/worker.mjs in workerd. Each
// must reproduce, bit for bit, what the same call gives in this Node process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { loadModel } from '../../host/api.js';
import { MD } from '../../host/md/md.js';
import { needsShared, readShared, repoRoot, sharedPath } from '../support/shared.js';
import { binaries, pathOf, quietEnv } from './runners/binaries.js';
import { scriptCommand, SERVER_RUNTIMES } from './runners/server.js';
import { openBrowser } from './runners/chromium.js';
import { BUNDLE_MODULES, startWorker } from './runners/workerd.js';
import { MD_CLUSTER_RADIUS, STRUCTURE_FILE } from './runners/inputs.js';
import { waterCluster } from './runners/water-cluster.js';
import { parseXyz } from './payload.mjs';

const WATER = { numbers: [8, 1, 1], positions: new Float64Array([0, 0, 0, 0.9572, 0, 0, -0.24, 0.9266, 0]) };
const skipUnless = (missing: string | undefined) => ({ skip: needsShared.skip || missing || false });

test('examples/server/energy.mjs prints the same bits in Node, Deno and Bun', skipUnless(undefined), async (t) => {
  const calc = await loadModel(readShared('models/water.ckpt'));
  const { energy, forces = new Float64Array(0) } = calc.compute(WATER, { precision: 'f64' });
  const expected = `${JSON.stringify({ energy, forces: Array.from(forces) })}\n`;
  for (const rt of SERVER_RUNTIMES) {
    const found = binaries[rt]();
    await t.test(rt, { skip: found.missing ?? false }, async () => {
      const [exe, ...pre] = scriptCommand(rt, pathOf(found));
      const { stdout } = await promisify(execFile)(exe, [...pre, 'examples/server/energy.mjs', sharedPath('models/water.ckpt')], { cwd: repoRoot, env: quietEnv });
      assert.equal(stdout, expected);
    });
  }
});

test('examples/browser/index.html computes the energy and runs MD in a worker', skipUnless(binaries.chromium().missing), async () => {
  const calc = await loadModel(readShared('models/water.ckpt'));
  const { energy, forces = new Float64Array(0) } = calc.compute(WATER);
  const session = await openBrowser({ '/examples/browser/water.ckpt': readShared('models/water.ckpt') });
  try {
    const page = await session.newPage('/examples/browser/index.html?model=water.ckpt');
    await page.waitForFunction(() => /done|Error/.test(document.getElementById('out')?.textContent ?? ''), null, { timeout: 30_000 });
    const lines = (await page.textContent('#out'))!.split('\n');
    assert.deepEqual(session.errors, []);
    assert.equal(lines[0], `energy ${energy} eV`);
    assert.equal(lines[1], `force on O ${Array.from(forces.slice(0, 3)).join(' ')} eV/Å`);
    assert.deepEqual(lines.slice(2, 6).map((l) => l.replace(/:.*/, '')), ['step 10', 'step 20', 'step 30', 'step 40']);
    assert.match(lines[6]!, /^done 40 steps, Etot -?\d+\.\d+ eV$/);
  } finally {
    await session.close();
  }
});

/** The example's modules as wrangler would upload them ('campjs' resolved to this build). */
function startEdgeWorker() {
  return startWorker([
    { type: 'ESModule', path: '/worker.mjs', file: 'examples/edge-worker/worker.mjs' },
    { type: 'ESModule', path: '/campjs', file: BUNDLE_MODULES[0]!.file },
    { type: 'CompiledWasm', path: '/campjs/campjs.wasm', file: BUNDLE_MODULES[1]!.file },
    { type: 'Data', path: '/model.ckpt', file: sharedPath('models/water.ckpt') },
  ]);
}

// The example imports MD from 'campjs': until host/index.ts exports it, the Worker cannot link.
const bundle = await import(pathToFileURL(`${repoRoot}/dist/campjs.mjs`).href).catch(() => ({})) as Record<string, unknown>;
const bundleHasMd = typeof bundle.MD === 'function';

test('examples/edge-worker: /energy and /md in workerd, state round-tripping through JSON',
  skipUnless(binaries.workerd().missing ?? (bundleHasMd ? undefined : 'dist/campjs.mjs does not export MD yet')), async () => {
  const calc = await loadModel(readShared('models/water.ckpt'));
  const liquid = parseXyz(readFileSync(sharedPath(STRUCTURE_FILE), 'utf8'));
  const cluster = parseXyz(waterCluster(readFileSync(sharedPath(STRUCTURE_FILE), 'utf8'), MD_CLUSTER_RADIUS));
  const settings = { ensemble: 'langevin', temperature: 300, friction: 0.02, dt: 0.5, seed: 3 } as const;
  const mf = startEdgeWorker();
  const post = async (path: string, body: unknown) => {
    const res = await mf.dispatchFetch(`http://edge.test${path}`, { method: 'POST', body: JSON.stringify(body) });
    return { status: res.status, json: await res.json() as Record<string, any> };
  };
  try {
    const structure = { numbers: [...liquid.numbers], positions: [...liquid.positions], cell: [...liquid.cell!], pbc: liquid.pbc };
    const e = await post('/energy', structure);
    const ref = calc.compute(liquid, { precision: 'f64' });
    assert.equal(e.status, 200, JSON.stringify(e.json));
    assert.equal(e.json.energy, ref.energy);
    assert.deepEqual(e.json.forces, Array.from(ref.forces!));
    assert.deepEqual(e.json.stress, Array.from(ref.stress!));

    // 10 + 10 steps over two requests == 20 steps in one go, in this process.
    const first = await post('/md', { atoms: { numbers: [...cluster.numbers], positions: [...cluster.positions] }, settings, steps: 10 });
    assert.equal(first.status, 200, JSON.stringify(first.json));
    const second = await post('/md', { state: first.json.state, steps: 10 });
    const local = await MD.create({ atoms: cluster, calculator: calc, settings });
    local.run(20);
    assert.equal(second.json.thermo.step, 20);
    assert.deepEqual(second.json.state, JSON.parse(JSON.stringify(local.toJSON())));
    assert.deepEqual(second.json.positions, Array.from(local.atoms.positions));

    const bad = await post('/energy', { numbers: [6], positions: [0, 0, 0] });
    assert.equal(bad.status, 400);
    assert.match(bad.json.error, /atomic number 6/);
    assert.equal((await mf.dispatchFetch('http://edge.test/energy')).status, 405);
  } finally {
    await mf.dispose();
  }
});
