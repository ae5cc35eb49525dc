// The MD Web Worker (dist/campjs-worker.mjs) in headless Chromium: a page loads the model into
// the worker, starts a Langevin run, receives frames, stops a long run, saves and resumes in a
// second worker; the saved states must be bit-identical to the same run made in Node in-process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadModel } from '../../host/api.js';
import { MD } from '../../host/md/md.js';
import { needsShared, readShared, sharedPath } from '../support/shared.js';
import { binaries } from './runners/binaries.js';
import { openBrowser } from './runners/chromium.js';
import { MD_CLUSTER_RADIUS, STRUCTURE_FILE } from './runners/inputs.js';
import { waterCluster } from './runners/water-cluster.js';
import { parseXyz, sha256 } from './payload.mjs';

const SETTINGS = { ensemble: 'langevin', temperature: 300, friction: 0.02, dt: 0.5, seed: 5 } as const;
const chromiumMissing = binaries.chromium().missing;

/** What pages/md-worker-scenario.mjs returns. */
interface Scenario {
  info: unknown;
  startStep: number;
  frames: { step: number; n: number; epot: number; hasV: boolean }[];
  run: { steps: number; stopped: boolean; thermo: { step: number } };
  stopped: { steps: number; stopped: boolean };
  errors: { element: string; noModel: string; badScript: string };
  resumedStep: number;
  stopStep: number;
  savedAtoms: number;
  hash20: string;
  hash30: string;
}

test('MD in a Web Worker: frames, stop, save/resume, bit-identical to Node', { ...needsShared, skip: needsShared.skip || chromiumMissing || false, timeout: 90_000 }, async (t) => {
  const atoms = parseXyz(waterCluster(readFileSync(sharedPath(STRUCTURE_FILE), 'utf8'), MD_CLUSTER_RADIUS));
  const model = readShared('models/water.ckpt');

  // The reference: the same runs in this Node process, from the TypeScript sources.
  const calculator = await loadModel(model);
  const ref = await MD.create({ atoms, calculator, settings: SETTINGS });
  ref.run(20);
  const ref20 = ref.serialize();
  const ref30 = await MD.resume(ref20, calculator);
  ref30.run(10);

  const session = await openBrowser({ '/water.ckpt': model });
  try {
    const page = await session.newPage();
    const out = await page.evaluate((args) => import(args.script).then((m) => m.default(args)), {
      script: '/test/runtimes/pages/md-worker-scenario.mjs', modelUrl: '/water.ckpt', settings: SETTINGS,
      wire: { numbers: [...atoms.numbers], positions: [...atoms.positions] },
    }) as Scenario;

    const { name, cutoff, atomicNumbers, backend } = out.info as { name: string; cutoff: number; atomicNumbers: number[]; backend: string };
    assert.deepEqual({ name, cutoff, atomicNumbers, backend }, { name: 'water.ckpt', cutoff: 5, atomicNumbers: [1, 8], backend: 'wasm' });
    assert.equal(out.startStep, 0);
    assert.deepEqual(out.frames.map((f) => f.step), [5, 10, 15, 20]);
    assert.ok(out.frames.every((f) => f.n === atoms.positions.length && f.hasV && Number.isFinite(f.epot)));
    assert.deepEqual({ steps: out.run.steps, stopped: out.run.stopped, step: out.run.thermo.step }, { steps: 20, stopped: false, step: 20 });
    assert.equal(out.savedAtoms, atoms.positions.length);
    assert.equal(out.stopped.stopped, true);
    assert.ok(out.stopped.steps >= 1 && out.stopped.steps < 100, `stop took effect after ${out.stopped.steps} steps`);
    assert.equal(out.stopStep, 20 + out.stopped.steps);
    assert.equal(out.resumedStep, 20);
    assert.equal(out.hash20, await sha256(ref20), 'state after 20 steps in the worker vs Node');
    assert.equal(out.hash30, await sha256(ref30.serialize()), 'resumed in a second worker + 10 steps vs Node');
    assert.match(out.errors.element, /atomic number 6/);
    assert.match(out.errors.noModel, /no model loaded/);
    assert.match(out.errors.badScript, /md worker failed/);
    assert.deepEqual(session.errors.filter((e) => !/404/.test(e)), []);
    t.diagnostic(`worker: 4 frames, stop after ${out.stopped.steps} step(s), states after 20 and 20+10 steps equal Node's (sha256 ${out.hash20.slice(0, 12)}…, ${out.hash30.slice(0, 12)}…)`);
  } finally {
    await session.close();
  }
});
