// The worker's requests beyond MD, in Node over a MessageChannel (no browser, no ../shared):
// single points, FIRE with progress, fit with per-epoch progress and stop, receipts of runs in
// the worker (checked and replayed as `campjs verify` does), the load options and named errors.
// Every result is compared with the same work done in this process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { channelWorker } from '../support/channel-worker.js';
import { loadModel } from '../../host/api.js';
import { writeCampjs } from '../../host/format/campjs-file.js';
import { formatExtxyz } from '../../host/io/extxyz.js';
import { Fire } from '../../host/backends/wasm/fire.js';
import { fit } from '../../host/train/fit.js';
import { MD } from '../../host/md/md.js';
import { checkReceipt, stateHash } from '../../host/receipt/receipt.js';
import { replayReceipt } from '../../host/receipt/replay.js';
import { splitValidation } from '../../host/train/split.js';
import { instantiateCore } from '../../host/backends/wasm/wasm.js';
import { sha256Hex } from '../../host/util/sha256.js';
import { HashLog } from '../../host/worker/hash-log.js';
import { trainSettings } from '../../host/worker/fit-job.js';
import { seededRandom, syntheticAtoms, syntheticModel } from '../support/synthetic-model.js';
import type { LabelledFrame } from '../../host/train/objective-types.js';

const model = syntheticModel({ seed: 21, atomicNumbers: [1, 8], maxV: 2, numLayers: 2, nU: 4 });
const modelBytes = writeCampjs(model);
const atoms = syntheticAtoms(seededRandom(5), { elements: [1, 8], count: 8, box: 4, minDistance: 1.1 });
const SETTINGS = { ensemble: 'langevin', temperature: 200, friction: 0.05, dt: 0.25, seed: 9 } as const;

test('worker compute: energy, forces, stress off the main thread, the same bits as in-process', async () => {
  const calc = await loadModel(modelBytes);
  const periodic = { ...atoms, cell: Float64Array.from([6, 0, 0, 0, 6, 0, 0, 0, 6]), pbc: [true, true, true] as const };
  const client = channelWorker();
  try {
    const info = await client.loadModel(modelBytes.slice(), { precision: 'f32', skin: 0.5 });
    assert.equal(info.backend, 'wasm');
    assert.equal(info.card.sha256, sha256Hex(modelBytes));
    assert.equal(info.card.builtin, null);
    assert.deepEqual([info.card.nU, info.card.maxV, info.card.numLayers], [4, 2, 2]);
    for (const precision of ['f64', 'f32'] as const) {
      const want = calc.compute(periodic, { precision });
      const got = await client.compute(periodic, { precision });
      assert.equal(got.energy, want.energy, precision);
      assert.deepEqual(got.forces, want.forces, precision);
      assert.deepEqual(got.stress, want.stress, precision);
      assert.deepEqual(got.energies, want.energies, precision);
    }
    // The load's precision is the default of compute.
    assert.equal((await client.compute(atoms)).energy, calc.compute(atoms, { precision: 'f32' }).energy);
    assert.equal((await client.compute(atoms, { forces: false })).forces, null);
    await assert.rejects(client.compute({ numbers: [6, 1], positions: new Float64Array([0, 0, 0, 1, 0, 0]) }), /atomic number 6|C \(Z=6\)/);
    await assert.rejects(client.loadModel(modelBytes.slice(), { skin: -1 }), /skin/);
  } finally {
    client.terminate();
  }
});

test('worker optimize: FIRE with progress every N steps; the result equals Fire in-process', async () => {
  const calc = await loadModel(modelBytes);
  // The synthetic model pulls two H atoms together at step 17: 15 steps stay clear of that.
  const options = { fmax: 0.05, maxSteps: 15 };
  const seen: number[] = [];
  const want = (await Fire.create(atoms, calc, options)).run((s) => {
    seen.push(s.step);
  });
  const client = channelWorker();
  try {
    await client.loadModel(modelBytes.slice());
    const progress: { step: number; fmax: number }[] = [];
    const got = await client.optimize(atoms, options, { every: 5, onProgress: (p) => progress.push(p) });
    assert.equal(got.step, want.step);
    assert.equal(got.converged, want.converged);
    assert.deepEqual(got.atoms.positions, want.atoms.positions);
    assert.deepEqual(got.forces, want.forces);
    const expected = seen.filter((s) => s % 5 === 0);
    if (want.step % 5 !== 0) expected.push(want.step);
    assert.deepEqual(progress.map((p) => p.step), expected);
    assert.ok(progress.every((p) => Number.isFinite(p.fmax)));
    assert.equal(progress.at(-1)!.fmax, want.fmax);
    // A model-failure stop is an error naming the step and the atoms.
    await assert.rejects(client.optimize(atoms, { fmax: 0.05, maxSteps: 60 }), /opt: at step 17 the model has driven H4 and H5 to 0\.329 Å .* a region it was not trained on/);
    await assert.rejects(client.optimize(atoms, { fmax: -1 }), /fmax = -1 must be a positive number/);
    await assert.rejects(client.optimize(atoms, {}, { every: 0 }), /every = 0/);
  } finally {
    client.terminate();
  }
});

/** Frames labelled by the model itself, displaced, as an extended XYZ file. */
async function labelledFile(count: number): Promise<{ text: string; frames: LabelledFrame[] }> {
  const calc = await loadModel(modelBytes);
  const rng = seededRandom(3);
  const frames: LabelledFrame[] = [];
  for (let k = 0; k < count; k++) {
    const a = { ...atoms, positions: atoms.positions.map((x) => x + 0.1 * (rng() - 0.5)) };
    const r = calc.compute(a, { precision: 'f64' });
    frames.push({ atoms: a, energy: r.energy + 0.01 * k, forces: r.forces! });
  }
  const text = formatExtxyz(frames.map((f) => ({ atoms: f.atoms, info: {}, arrays: {}, energy: f.energy, forces: f.forces })));
  return { text, frames };
}

test('worker fit: fine-tunes the loaded model with per-epoch progress; the models equal fit() in-process', async () => {
  const { text } = await labelledFile(6);
  const settings = { epochs: 2, batchSize: 2, seed: 4, lr: 0.001 };
  const client = channelWorker();
  try {
    await client.loadModel(modelBytes.slice());
    const epochs: number[] = [];
    const r = await client.fit({ train: { bytes: new TextEncoder().encode(text), name: 'train.extxyz' }, validFraction: 0.34, settings,
      onProgress: (p) => epochs.push(p.epoch) });
    assert.deepEqual(epochs, [0, 1]);
    assert.equal(r.reason, 'epochs');
    assert.deepEqual([r.trainFrames, r.validFrames], [4, 2]);

    // The same run here: read back from the same text, split by the same seed.
    const { readStructures } = await import('../../host/io/read-structures.js');
    const { labelledFrames } = await import('../../host/train/labelled-frames.js');
    const all = labelledFrames(readStructures(new TextEncoder().encode(text), 'train.extxyz'), 'train.extxyz');
    const split = splitValidation((await instantiateCore()).exports, all, 0.34, 4);
    const here = await fit({ model: (await loadModel(modelBytes)).model, train: split.train, valid: split.valid, settings: trainSettings(settings) }).result;
    const want = writeCampjs(here.best!.ema);
    assert.ok(sameCampjs(r.campjs!, want), 'best EMA model as .campjs, worker vs in-process (the header\'s creation time aside)');
    assert.ok(r.ckpt && r.ckpt.length > 1000);
    // The result loads as a model (e.g. to run MD with it).
    assert.deepEqual((await client.loadModel(r.campjs!, {})).atomicNumbers, [1, 8]);

    // stop() during a long fit ends it after the batch in progress.
    let stopped = false;
    const long = client.fit({ train: { bytes: new TextEncoder().encode(text), name: 'train.extxyz' }, settings: { ...settings, epochs: 1000, batchSize: 1 },
      onProgress: () => {
        if (!stopped) {
          stopped = true;
          void client.stop();
        }
      } });
    const ended = await long;
    assert.equal(ended.reason, 'stopped');
    assert.ok(ended.epochs < 1000);
  } finally {
    client.terminate();
  }
});

/** Two .campjs files with the same header (but its `created` time) and the same data bytes. */
function sameCampjs(a: Uint8Array, b: Uint8Array): boolean {
  const split = (x: Uint8Array) => {
    const len = new DataView(x.buffer, x.byteOffset).getUint32(8, true);
    return { header: new TextDecoder().decode(x.subarray(16, 16 + len)).replace(/"created":"[^"]*"/, ''), data: x.subarray(16 + len) };
  };
  const [p, q] = [split(a), split(b)];
  return p.header === q.header && p.data.length === q.data.length && p.data.every((v, i) => v === q.data[i]);
}

test('worker fit: bad training data are named errors', async () => {
  const client = channelWorker();
  try {
    await client.loadModel(modelBytes.slice());
    const carbon = 'Lattice="5 0 0 0 5 0 0 0 5" Properties=species:S:1:pos:R:3:forces:R:3 energy=-1.0 pbc="F F F"\n';
    const file = (s: string) => ({ bytes: new TextEncoder().encode(s), name: 'bad.extxyz' });
    await assert.rejects(client.fit({ train: file(`2\n${carbon}C 0 0 0 0 0 0\nH 1 0 0 0 0 0\n2\n${carbon}H 0 0 0 0 0 0\nH 1 0 0 0 0 0\n`) }),
      /bad\.extxyz, frame 0: atom 0 is C \(Z=6\), which the model being fine-tuned/);
    await assert.rejects(client.fit({ train: file('2\nProperties=species:S:1:pos:R:3\nH 0 0 0\nH 1 0 0\n') }), /frame 0 has no energy/);
    await assert.rejects(client.fit({ train: file('not a structure\n') }), /bad\.extxyz/);
    await assert.rejects(client.fit({ train: file('') }), /bad\.extxyz/);
  } finally {
    client.terminate();
  }
});

test('worker receipt: a run started with a receipt input replays identically; a changed hash or input is found', async () => {
  const inputText = formatExtxyz([{ atoms, info: {}, arrays: {} }]);
  const inputBytes = new TextEncoder().encode(inputText);
  const input = { path: 'input.extxyz', sha256: sha256Hex(inputBytes), frame: 0 };
  const client = channelWorker();
  try {
    await client.loadModel(modelBytes.slice());
    await assert.rejects(client.receipt(), /no structure|no receipt/);
    await client.start(atoms, SETTINGS, { receipt: input });
    const early: { step: number; energies?: Float64Array }[] = [];
    await client.run(7, { every: 3, first: true, forces: true, onFrame: (f) => early.push(f) });
    assert.deepEqual(early.map((f) => f.step), [0, 3, 6, 7], 'first: the state before the first step, then every 3 steps and the last');
    const frames: Float64Array[] = [];
    await client.run(5, { forces: true, onFrame: (f) => frames.push(f.forces!) });
    const receipt = await client.receipt();
    checkReceipt(JSON.parse(JSON.stringify(receipt)), 'receipt.json');
    assert.deepEqual([receipt.steps, receipt.hashEvery, receipt.hashes.length, receipt.outcome.steps], [12, 1, 13, 12]);
    assert.deepEqual(receipt.input, input);
    assert.equal(receipt.model.sha256, sha256Hex(modelBytes));
    assert.equal(receipt.model.backend, 'wasm');

    // The same run in this process gives the same hashes (an MD observer on every step).
    const calc = await loadModel(modelBytes);
    const md = await MD.create({ atoms, calculator: calc, settings: SETTINGS });
    assert.deepEqual(early[0].energies, md.energies, 'per-atom energies at step 0 (eV)');
    const hashes = [stateHash(md)];
    md.run(12, (m) => {
      hashes.push(stateHash(m));
    });
    assert.deepEqual(receipt.hashes.map((h) => h.sha256), hashes);
    assert.deepEqual(frames, [md.forces], 'forces of the frame at step 12 (eV/Å)');
    assert.equal((await replayReceipt(receipt, calc, atoms)).identical, true);

    // verify in the worker, as `campjs verify`.
    const text = JSON.stringify(receipt);
    const steps: number[] = [];
    const ok = await client.verify(text, { bytes: inputBytes, name: 'input.extxyz' }, { onProgress: (p) => steps.push(p.step) });
    assert.deepEqual([ok.identical, ok.steps], [true, 12]);
    const tampered = JSON.stringify({ ...receipt, hashes: receipt.hashes.map((h, i) => (i === 5 ? { ...h, sha256: '0'.repeat(64) } : h)) });
    const bad = await client.verify(tampered, { bytes: inputBytes, name: 'input.extxyz' });
    assert.equal(bad.identical, false);
    assert.equal(bad.firstDifference?.step, 5);
    await assert.rejects(client.verify(text, { bytes: new TextEncoder().encode(`${inputText} `), name: 'input.extxyz' }), /input input\.extxyz: sha256 .* differs from the receipt's/);
    await assert.rejects(client.verify('{"format":1}', { bytes: inputBytes, name: 'input.extxyz' }, { receiptName: 'r.json' }), /r\.json: format/);
    await assert.rejects(client.verify('nope', { bytes: inputBytes, name: 'input.extxyz' }, { receiptName: 'r.json' }), /r\.json: not a receipt/);
    const other = writeCampjs(syntheticModel({ seed: 22, atomicNumbers: [1, 8], maxV: 2, numLayers: 2, nU: 4 }));
    await client.loadModel(other);
    await assert.rejects(client.verify(text, { bytes: inputBytes, name: 'input.extxyz' }), /not the loaded one/);
  } finally {
    client.terminate();
  }
});

test('worker receipt: an MD model failure is an MdError with details, and the receipt records it so a replay meets it again', async () => {
  // Two H atoms pushed together: the distance floor stops the run.
  const pair = { numbers: [1, 1], positions: new Float64Array([0, 0, 0, 0.5, 0, 0]), velocities: new Float64Array([0, 0, 0, -0.2, 0, 0]) };
  const inputBytes = new TextEncoder().encode('pair');
  const client = channelWorker();
  try {
    await client.loadModel(modelBytes.slice());
    await client.start(pair, { ensemble: 'nve', dt: 0.5, velocities: 'input', distanceFloor: 0.6 }, { receipt: { path: 'pair.xyz', sha256: sha256Hex(inputBytes), frame: 0 } });
    const err = await client.run(100).then(() => null, (e: Error & { details?: { failure: string; step: number } }) => e);
    assert.ok(err, 'the run must fail');
    assert.equal(err.name, 'MdError');
    assert.equal(err.details?.failure, 'overlap');
    const receipt = await client.receipt();
    checkReceipt(JSON.parse(JSON.stringify(receipt)), 'receipt.json');
    assert.equal(receipt.outcome.error, err.message);
    const replay = await replayReceipt(receipt, await loadModel(modelBytes), pair);
    assert.equal(replay.identical, true, JSON.stringify(replay));
  } finally {
    client.terminate();
  }
});

test('hash log: past its limit the interval doubles and the hashes stay on it (a receipt of a long run checks)', async () => {
  const calc = await loadModel(modelBytes);
  const md = await MD.create({ atoms, calculator: calc, settings: SETTINGS });
  const log = new HashLog({ path: 'x.xyz', sha256: '0'.repeat(64), frame: 0 }, { path: null, sha256: sha256Hex(modelBytes), weights: 'ema', backend: 'wasm' }, 8);
  log.observe(md);
  md.run(37, (m) => {
    log.observe(m);
  });
  const r = log.receipt(md);
  assert.equal(r.hashEvery, 8);
  assert.deepEqual(r.hashes.map((h) => h.step), [0, 8, 16, 24, 32]);
  checkReceipt(JSON.parse(JSON.stringify(r)), 'receipt.json');
  assert.equal((await replayReceipt(r, calc, atoms)).identical, true);
});
