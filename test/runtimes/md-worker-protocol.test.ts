// The MD worker's protocol in Node, without a browser or ../shared: installMdWorker on one end
// of a MessageChannel, MdWorkerClient on the other, a seeded synthetic CAMP model. Frames,
// ordering, stop, save/resume and errors; states bit-identical to MD run in-process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { channelWorker } from '../support/channel-worker.js';
import { MessageChannel } from 'node:worker_threads';
import { loadModel } from '../../host/api.js';
import { writeCampjs } from '../../host/format/campjs-file.js';
import { MD } from '../../host/md/md.js';
import { seededRandom, syntheticAtoms, syntheticModel } from '../support/synthetic-model.js';

const modelBytes = writeCampjs(syntheticModel({ seed: 21, atomicNumbers: [1, 8], maxV: 2, numLayers: 2, nU: 4 }));
const atoms = syntheticAtoms(seededRandom(5), { elements: [1, 8], count: 8, box: 4, minDistance: 1.1 });
const SETTINGS = { ensemble: 'langevin', temperature: 200, friction: 0.05, dt: 0.25, seed: 9 } as const;

const connect = channelWorker;

test('worker protocol: frames, save, resume and stop; states equal in-process MD', async () => {
  const calculator = await loadModel(modelBytes);
  const ref = await MD.create({ atoms, calculator, settings: SETTINGS });
  ref.run(12);
  const ref12 = ref.serialize();
  ref.run(6);

  const client = connect();
  try {
    const info = await client.loadModel(modelBytes.slice(), { weights: 'ema' });
    assert.deepEqual(info.atomicNumbers, [1, 8]);
    assert.equal((await client.start(atoms, SETTINGS)).step, 0);
    const frames: number[] = [];
    const run = await client.run(12, { every: 5, onFrame: (f) => frames.push(f.step) });
    assert.deepEqual(frames, [5, 10, 12]);
    assert.deepEqual([run.steps, run.stopped, run.thermo.step], [12, false, 12]);
    const saved = await client.save();
    assert.deepEqual(saved.state, ref12, 'state after 12 steps vs in-process MD');

    // Resume on a second worker and continue: equals the uninterrupted in-process run.
    const other = connect();
    await other.loadModel(modelBytes);
    assert.equal((await other.resume(saved.state)).step, 12);
    await other.run(6);
    assert.deepEqual((await other.save()).state, ref.serialize(), 'resumed + 6 steps vs 18 steps in-process');
    other.terminate();

    // Stop: posted after the first frame, honoured before the next chunk.
    let seen = 0;
    const stopped = await client.run(10_000, { every: 1, onFrame: () => { if (seen++ === 0) void client.stop(); } });
    assert.equal(stopped.stopped, true);
    assert.ok(stopped.steps < 10, `stopped after ${stopped.steps} steps`);
  } finally {
    client.terminate();
  }
});

test('worker protocol: stop answers the state where the run stopped; it resumes (also with other settings)', async () => {
  const client = connect();
  try {
    await client.loadModel(modelBytes);
    await client.start(atoms, SETTINGS);
    // every = 10⁶: one frame at the end, yet the run is cut into short chunks, so the stop
    // (posted right after the run) is seen within one.
    const long = client.run(1_000_000, { every: 1_000_000 });
    const [ran, saved] = await Promise.all([long, client.stop()]);
    assert.ok(saved);
    assert.equal(ran.stopped, true);
    assert.ok(ran.steps >= 1 && ran.steps < 1_000_000);
    assert.equal(saved.thermo.step, ran.steps);
    const calculator = await loadModel(modelBytes);
    const here = await MD.resume(saved.state, calculator);
    assert.equal(here.step, saved.thermo.step);
    assert.deepEqual(here.serialize(), saved.state, 'the state of a stop resumes bit for bit');
    const nve = await client.resume(saved.state, { ensemble: 'nve' });
    assert.equal(nve.step, saved.thermo.step);
    await assert.rejects(client.resume(saved.state, { ensemble: 'npt' }), /npt ensemble needs a cell/);
    assert.equal(await connectIdleStop(), null, 'stop before start answers null');
  } finally {
    client.terminate();
  }
});

async function connectIdleStop(): Promise<unknown> {
  const idle = connect();
  try {
    return await idle.stop();
  } finally {
    idle.terminate();
  }
}

test('worker protocol: errors name the problem and leave the worker usable; requests stay ordered', async () => {
  const client = connect();
  try {
    // Posted back to back: the worker answers them in order, so 'start' sees the loaded model.
    const [noMd, , started] = await Promise.allSettled([client.run(1), client.loadModel(modelBytes), client.start(atoms, SETTINGS)]);
    assert.match((noMd as PromiseRejectedResult).reason.message, /no structure/);
    assert.equal(started.status, 'fulfilled');
    await assert.rejects(client.loadModel(new Response('gone', { status: 404 })), /HTTP 404/);
    await assert.rejects(client.loadModel(modelBytes, { backend: 'cuda' as 'wasm' }), /backend 'cuda' is not one of auto, wasm, webgpu/);
    await assert.rejects(client.start({ numbers: [6], positions: new Float64Array(3) }, SETTINGS), /atomic number 6/);
    await assert.rejects(client.run(1.5), /steps = 1.5 must be an integer/);
    await assert.rejects(client.start(atoms, { ...SETTINGS, dt: -1 }), /dt = -1/);
    assert.equal((await client.run(2)).steps, 2, 'still usable after errors');
  } finally {
    client.terminate();
  }
  await assert.rejects(client.save(), /terminated/);
});

test('worker protocol: loadModel passes activationBudget on (a bad one is refused by the evaluator)', async () => {
  const client = connect();
  try {
    await assert.rejects(client.loadModel(modelBytes.slice(), { activationBudget: -1 }), /activationBudget must be a non-negative number of bytes, got -1/);
    const info = await client.loadModel(modelBytes.slice(), { activationBudget: 0 });
    assert.deepEqual(info.atomicNumbers, [1, 8]);
  } finally {
    client.terminate();
  }
});
