// The trainer end to end on a model whose loss and gradient are closed forms
// (test/support/linear-objective.ts): it converges, keeps the best EMA model, follows the
// schedule and early stopping, stops on request, and a resumed run (from the state object or
// its file) gives the same bits as an uninterrupted one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fit, FitFailedError, type EpochReport, type FitOptions } from '../../host/train/fit.js';
import { DEFAULT_TRAIN_SETTINGS, type TrainSettings } from '../../host/train/settings.js';
import { readTrainState, writeTrainState } from '../../host/train/state-file.js';
import type { TrainState } from '../../host/train/train-state.js';
import { initialPlateau, plateauStep } from '../../host/train/plateau.js';
import { linearObjective } from '../support/linear-objective.js';
import { loadCampModel } from '../../host/model/load.js';
import { writeCampjs } from '../../host/format/campjs-file.js';
import { labelledFrames, syntheticFresh } from '../support/train-data.js';

const SETTINGS: TrainSettings = {
  ...DEFAULT_TRAIN_SETTINGS, epochs: 6, batchSize: 3, seed: 7,
  adam: { ...DEFAULT_TRAIN_SETTINGS.adam, lr: 0.02 },
  ema: { ...DEFAULT_TRAIN_SETTINGS.ema, updateAfterStep: 4, updateEvery: 2 },
};

async function setup() {
  const truth = await syntheticFresh(99);
  const frames = labelledFrames(truth, 14);
  return { model: await syntheticFresh(1), train: frames.slice(0, 10), valid: frames.slice(10) };
}

async function run(opts: Partial<FitOptions> & Pick<FitOptions, 'train' | 'valid'>) {
  const reports: EpochReport[] = [];
  const r = await fit({ settings: SETTINGS, objective: linearObjective, onEpoch: (e) => void reports.push(e), ...opts }).result;
  return { ...r, reports };
}

const same = (a: TrainState, b: TrainState) => {
  for (const k of ['params', 'ema', 'm', 'v', 'vmax'] as const) assert.deepEqual(a.optimizer[k], b.optimizer[k], `optimizer ${k}`);
  assert.deepEqual(a.optimizer.emaCounter, b.optimizer.emaCounter);
  assert.equal(a.optimizer.step, b.optimizer.step);
  assert.equal(a.lr, b.lr);
  assert.deepEqual(a.best?.ema, b.best?.ema);
};

test('training lowers the validation errors of both weights; the best model is the EMA one of the best epoch', async () => {
  const d = await setup();
  const r = await run({ ...d, settings: { ...SETTINGS, epochs: 25 } });
  const first = r.reports[0].valid, last = r.reports.at(-1)!.valid;
  assert.equal(r.reason, 'epochs');
  assert.equal(r.reports.length, 25);
  assert.ok(last.raw.forces!.mae < 0.5 * first.raw.forces!.mae, `force MAE ${first.raw.forces!.mae} → ${last.raw.forces!.mae} meV/Å`);
  assert.ok(last.ema.energy!.mae < first.ema.energy!.mae);
  assert.equal(r.reports.at(-1)!.steps, 25 * 4, '10 frames in batches of 3: 4 steps per epoch');
  const bestEpoch = r.reports.reduce((b, e) => (e.valid.ema.energy!.rmse < b.valid.ema.energy!.rmse ? e : b));
  assert.equal(r.best!.epoch, bestEpoch.epoch);
  assert.ok(r.reports[r.best!.epoch].best);
  assert.deepEqual([r.best!.ema.source.weights, r.best!.raw.source.weights], ['ema', 'raw']);
  assert.equal(r.best!.ema.source.notes?.trained_by, 'campjs fit');
  assert.equal(loadCampModel(writeCampjs(r.best!.ema), { weights: 'ema' }).source.notes?.best_epoch, String(r.best!.epoch));
  // The best EMA model predicts what validation measured for it.
  const check = linearObjective(r.best!.ema);
  const rmse = Math.sqrt(d.valid.reduce((a, f, k) => a + ((check.predict([f]).energies[0] - f.energy) / f.atoms.numbers.length) ** 2, 0) / d.valid.length) * 1000;
  assert.ok(Math.abs(rmse - bestEpoch.valid.ema.energy!.rmse) < 1e-9 * rmse);
});

test('the same seed gives the same bits; another seed shuffles differently', async () => {
  const d = await setup();
  const [a, b, c] = [await run(d), await run(d), await run({ ...d, settings: { ...SETTINGS, seed: 8 } })];
  same(a.state, b.state);
  assert.notDeepEqual(a.state.optimizer.params, c.state.optimizer.params);
});

test('resuming after 2 epochs gives the bits of 6 uninterrupted epochs (from the state object and from its file)', async () => {
  const d = await setup();
  const whole = await run(d);
  const part = await run({ ...d, settings: { ...SETTINGS, epochs: 2 } });
  assert.equal(part.state.epoch, 2);
  const resumed = await run({ ...d, resume: part.state, epochs: 6 });
  same(resumed.state, whole.state);
  assert.deepEqual(resumed.reports.map((e) => e.valid), whole.reports.slice(2).map((e) => e.valid));
  const file = readTrainState(writeTrainState(part.state), 'state.json');
  const fromFile = await run({ ...d, resume: file, epochs: 6 });
  same(fromFile.state, whole.state);
});

test('a resumed run refuses other training data', async () => {
  const d = await setup();
  const part = await run({ ...d, settings: { ...SETTINGS, epochs: 1 } });
  await assert.rejects(run({ ...d, train: d.train.slice(1), resume: part.state }), /data differ from those of the run being resumed/);
});

test('stop() ends within the epoch and returns the state at its start, which resumes exactly', async () => {
  const d = await setup();
  const whole = await run(d);
  let batches = 0;
  const handle = fit({ ...d, settings: SETTINGS, objective: linearObjective, onBatch: () => {
    if (++batches === 4 * 3 + 2) handle.stop(); // mid-epoch 3
  } });
  const stopped = await handle.result;
  assert.equal(stopped.reason, 'stopped');
  assert.equal(stopped.state.epoch, 3);
  const resumed = await run({ ...d, resume: stopped.state });
  same(resumed.state, whole.state);
});

test('onEpoch returning false stops after that epoch', async () => {
  const d = await setup();
  const r = await fit({ ...d, settings: SETTINGS, objective: linearObjective, onEpoch: (e) => e.epoch < 1 }).result;
  assert.equal(r.reason, 'stopped');
  assert.equal(r.epochs, 2);
});

test('early stopping ends the run when the EMA metric stalls (patience 1, a learning rate too small to move it)', async () => {
  const d = await setup();
  const settings = { ...SETTINGS, epochs: 50, adam: { ...SETTINGS.adam, lr: 1e-300 }, earlyStopping: { ...SETTINGS.earlyStopping, patience: 1 } };
  const r = await run({ ...d, settings });
  assert.equal(r.reason, 'early-stopping');
  assert.ok(r.epochs < 50);
});

test('the learning rate follows ReduceLROnPlateau on val/mse_e (raw weights, per atom, eV²)', async () => {
  const d = await setup();
  // A learning rate large enough to overshoot, so some epochs do not improve and lr drops.
  const plateau = { ...SETTINGS.plateau, patience: 0, factor: 0.5 };
  const settings = { ...SETTINGS, epochs: 12, adam: { ...SETTINGS.adam, lr: 0.5 }, plateau, earlyStopping: { ...SETTINGS.earlyStopping, patience: 100 } };
  const r = await run({ ...d, settings });
  const st = initialPlateau();
  let lr = 0.5;
  const want = r.reports.map((e) => {
    const used = lr;
    lr = plateauStep(st, plateau, (e.valid.raw.energy!.rmse / 1000) ** 2, lr);
    return used;
  });
  assert.deepEqual(r.reports.map((e) => e.lr), want);
  assert.ok(want.at(-1)! < 0.5, `lr never dropped: ${want.join(', ')}`);
  // As torch: a reduction smaller than eps = 1e-8 is not made.
  const tiny = await run({ ...d, settings: { ...settings, epochs: 4, adam: { ...SETTINGS.adam, lr: 1e-300 } } });
  assert.deepEqual(tiny.reports.map((e) => e.lr), [1e-300, 1e-300, 1e-300, 1e-300]);
});

test('empty training or validation sets, and a force monitor without validation forces, are refused before training', async () => {
  const d = await setup();
  await assert.rejects(run({ ...d, train: [] }), /training set is empty/);
  await assert.rejects(run({ ...d, valid: [] }), /validation set is empty/);
  const energyOnly = d.valid.map((f) => ({ atoms: f.atoms, energy: f.energy }));
  const onForces = { ...SETTINGS, earlyStopping: { ...SETTINGS.earlyStopping, monitor: 'val_ema/mae_f' as const } };
  await assert.rejects(run({ ...d, valid: energyOnly, settings: onForces }), /val_ema\/mae_f needs forces, but no validation frame has any/);
});

test('without a model, fit trains a fresh one from modelConfig and the data (seeded: same bits twice)', async () => {
  const d = await setup();
  const modelConfig = { maxU: 1, maxV: 1, numLayers: 1, maxChebyshevDegree: 2, radialMlpHidden: [2], outputMlpHidden: [2], rCut: 3, defaultDtype: 'float64' as const };
  const go = () => run({ train: d.train, valid: d.valid, modelConfig, settings: { ...SETTINGS, epochs: 1 } });
  const [a, b] = [await go(), await go()];
  assert.equal(a.state.model.hparams.nU, 2);
  assert.deepEqual(a.state.model.hparams.atomicNumbers, [1, 8]);
  same(a.state, b.state);
});

test('a diverging run fails naming the epoch and batch, and hands back the best model so far and the state before that epoch', async () => {
  const d = await setup();
  let calls = 0;
  const poisoned: typeof linearObjective = (model, opts) => {
    const o = linearObjective(model, opts);
    // Epochs of 4 batches: the loss turns NaN in the second batch of epoch 3.
    return { ...o, lossAndGradient: (b, l) => (++calls === 10 ? { ...o.lossAndGradient(b, l), loss: NaN } : o.lossAndGradient(b, l)) };
  };
  const err = await run({ ...d, objective: poisoned }).then(() => null, (e: unknown) => e as FitFailedError);
  assert.ok(err instanceof FitFailedError);
  assert.match(err.message, /^epoch 3: batch 2: the loss is NaN; lower the learning rate/);
  assert.equal(err.partial.state.epoch, 2);
  assert.equal(err.partial.reason, 'failed');
  assert.ok(err.partial.best && err.partial.best.epoch <= 1);
  const whole = await run({ ...d, settings: { ...SETTINGS, epochs: 2 } });
  same(err.partial.state, whole.state);
});
