// The trainer's optimiser arithmetic in the Wasm core against torch's formulas written out
// independently here (torch.optim.Adam single-tensor path, clip_grad_norm_, ema_pytorch 0.4,
// ReduceLROnPlateau, Lightning's EarlyStopping).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Optimizer } from '../../host/train/optimizer.js';
import { DEFAULT_TRAIN_SETTINGS, type TrainSettings } from '../../host/train/settings.js';
import { initialPlateau, plateauStep } from '../../host/train/plateau.js';
import { earlyStoppingStep, initialEarlyStopping, shouldStop } from '../../host/train/early-stopping.js';
import type { ParameterSlot } from '../../host/train/objective-types.js';

const SLOTS: ParameterSlot[] = [{ name: 'a', shape: [2], offset: 0, size: 2 }, { name: 'b', shape: [3], offset: 2, size: 3 }];
const noClipNoEma = (over: Partial<TrainSettings> = {}): TrainSettings => ({
  ...DEFAULT_TRAIN_SETTINGS, gradientClip: 0, ema: { ...DEFAULT_TRAIN_SETTINGS.ema, updateEvery: 1e9 }, ...over,
});

/** torch.optim.Adam's single-tensor update, written from its documentation (algorithm box). */
function referenceAdam(p: number[], grads: number[][], lr: number, b1: number, b2: number, eps: number, wd: number, amsgrad: boolean): number[] {
  const m = p.map(() => 0), v = p.map(() => 0), vmax = p.map(() => 0);
  const q = [...p];
  grads.forEach((g0, t0) => {
    const t = t0 + 1;
    for (let k = 0; k < q.length; k++) {
      const g = g0[k] + wd * q[k];
      m[k] = b1 * m[k] + (1 - b1) * g;
      v[k] = b2 * v[k] + (1 - b2) * g * g;
      vmax[k] = Math.max(vmax[k], v[k]);
      const mhat = m[k] / (1 - b1 ** t);
      const vhat = (amsgrad ? vmax[k] : v[k]) / (1 - b2 ** t);
      q[k] -= (lr * mhat) / (Math.sqrt(vhat) + eps);
    }
  });
  return q;
}

const GRADS = [[0.5, -2, 1e-3, 3, -0.25], [0.1, -0.1, 4, -3, 0.5], [0.05, 0.05, 0.05, 0.05, 0.05], [-1, 2, -3, 4, -5]];

for (const [amsgrad, wd] of [[true, 0], [false, 0], [true, 0.01]] as const) {
  test(`Adam (amsgrad ${amsgrad}, weight decay ${wd}) follows torch's update to 1e-14 over four steps`, async () => {
    const p0 = Float64Array.from([0.3, -0.7, 1.2, 0, 2.5]);
    const s = noClipNoEma({ adam: { ...DEFAULT_TRAIN_SETTINGS.adam, amsgrad, weightDecay: wd, lr: 0.01 } });
    const opt = await Optimizer.create(SLOTS, p0, s);
    for (const g of GRADS) opt.step(Float64Array.from(g), 0.01);
    const want = referenceAdam([...p0], GRADS, 0.01, 0.9, 0.999, 1e-8, wd, amsgrad);
    opt.params().forEach((x, k) => assert.ok(Math.abs(x - want[k]) <= 1e-14 * Math.max(1, Math.abs(want[k])), `param ${k}: ${x} vs ${want[k]}`));
  });
}

test('Adam\'s first step moves every parameter by lr·g/(|g| + ε) (bias corrections undo the moments\' start at 0)', async () => {
  const p0 = Float64Array.from([1, 1, 1, 1, 1]);
  const opt = await Optimizer.create(SLOTS, p0, noClipNoEma());
  const g = [2, -3, 1e-9, 0.5, -1e-6];
  opt.step(Float64Array.from(g), 0.01);
  opt.params().forEach((x, k) => {
    const want = 1 - (0.01 * g[k]) / (Math.abs(g[k]) + 1e-8);
    assert.ok(Math.abs(x - want) < 1e-15, `param ${k}: ${x} vs ${want}`);
  });
});

test('AMSGrad keeps the largest second moment seen (v̂ = max over steps), plain Adam none', async () => {
  const opt = await Optimizer.create(SLOTS, new Float64Array(5), noClipNoEma());
  opt.step(Float64Array.from([100, 1, 1, 1, 1]), 0.01);
  const peak = opt.state().v[0];
  for (let k = 0; k < 5; k++) opt.step(Float64Array.from([0.01, 1, 1, 1, 1]), 0.01);
  const { v, vmax } = opt.state();
  assert.ok(v[0] < peak, 'v decays after the large gradient');
  assert.equal(vmax[0], peak);
  assert.equal(vmax[1], v[1], 'a growing v is its own maximum');
  const plain = await Optimizer.create(SLOTS, new Float64Array(5), noClipNoEma({ adam: { ...DEFAULT_TRAIN_SETTINGS.adam, amsgrad: false } }));
  plain.step(Float64Array.from([100, 1, 1, 1, 1]), 0.01);
  assert.deepEqual([...plain.state().vmax], [0, 0, 0, 0, 0]);
});

test('clipping scales the gradient by max_norm/(‖g‖ + 1e-6) when the global norm exceeds it, and not otherwise', async () => {
  // Norms of the slots 5 and 12: global 13. With clip 1 the first Adam step is still ±lr·sign,
  // so the clip shows through the moments: m = 0.1·g·coef.
  const s = noClipNoEma({ gradientClip: 1 });
  const opt = await Optimizer.create(SLOTS, new Float64Array(5), s);
  const info = opt.step(Float64Array.from([3, 4, 12, 0, 0]), 0.01);
  assert.equal(info.gradNorm, 13);
  const m = opt.state().m;
  const coef = 1 / (13 + 1e-6);
  [3, 4, 12, 0, 0].forEach((g, k) => assert.ok(Math.abs(m[k] - 0.1 * g * coef) < 1e-15, `m[${k}] = ${m[k]}`));
  const small = await Optimizer.create(SLOTS, new Float64Array(5), noClipNoEma({ gradientClip: 100 }));
  small.step(Float64Array.from([3, 4, 12, 0, 0]), 0.01);
  assert.deepEqual([...small.state().m], [3, 4, 12, 0, 0].map((g) => (1 - 0.9) * g)); // torch's lerp with weight 1 − β1
});

/** ema_pytorch 0.4's update() and get_current_decay(), step by step, in float arithmetic like PyTorch's. */
function referenceEma(models: number[][], beta: number, power: number, after: number, every: number): number[] {
  let ema = [...models[0]];
  let step = 0;
  let initted = false;
  const lerp = (a: number, b: number, w: number) => (Math.abs(w) < 0.5 ? a + w * (b - a) : b - (b - a) * (1 - w));
  for (const model of models.slice(1)) {
    const s = step++;
    if (s % every !== 0) continue;
    if (s <= after) {
      ema = [...model];
      continue;
    }
    if (!initted) {
      ema = [...model];
      initted = true;
    }
    const epoch = Math.max(step - after - 1, 0);
    const f = Math.fround;
    const decay = epoch <= 0 ? 0 : Math.min(Math.max(f(1 - f(f(1 + f(epoch)) ** -f(power))), 0), f(beta));
    ema = ema.map((e, k) => lerp(e, model[k], 1 - decay));
  }
  return ema;
}

test('EMA: copies up to update_after_step, every update_every calls, then lerps with ema_pytorch\'s decay', async () => {
  const s = { ...noClipNoEma(), ema: { beta: 0.9, power: 2 / 3, updateAfterStep: 3, updateEvery: 2, invGamma: 1, minValue: 0 } };
  const opt = await Optimizer.create(SLOTS, Float64Array.from([1, 2, 3, 4, 5]), s);
  const models: number[][] = [[...opt.params()]];
  let sawLag = false;
  for (let t = 0; t < 14; t++) {
    opt.step(Float64Array.from([1, -1, 0.5, 2, -0.3].map((g) => g * (1 + t))), 0.05);
    models.push([...opt.params()]);
    const want = referenceEma(models, 0.9, 2 / 3, 3, 2);
    // The decay is float32 in PyTorch; Mathf.pow and the JS pow of a float may differ in the last f32 bit.
    opt.emaParams().forEach((x, k) => assert.ok(Math.abs(x - want[k]) < 1e-6, `call ${t}, value ${k}: ${x} vs ${want[k]}`));
    if (opt.emaParams().some((x, k) => x !== opt.params()[k])) sawLag = true;
  }
  assert.ok(sawLag, 'after update_after_step the EMA lags the model');
  assert.deepEqual(opt.state().emaCounter, { step: 14, initted: true });
});

test('EMA decay in the core: 0 before update_after_step + 1, then 1 − (1 + epoch)^(−power) in float32, capped at beta', async () => {
  const opt = await Optimizer.create(SLOTS, new Float64Array(5), noClipNoEma());
  const d = (step: number) => opt.core.trainEmaDecay(step, 1000, 1, 2 / 3, 0, 0.999);
  assert.equal(d(1001), 0);
  assert.equal(d(1002), Math.fround(1 - Math.fround(2 ** -Math.fround(2 / 3))));
  assert.equal(d(10 ** 9), Math.fround(0.999));
});

test('ReduceLROnPlateau: lr × factor after more than `patience` epochs not better than best·(1 − 1e-4)', () => {
  const s = { ...DEFAULT_TRAIN_SETTINGS.plateau, factor: 0.5, patience: 2 };
  const st = initialPlateau();
  const lrs: number[] = [];
  let lr = 1;
  for (const metric of [1, 0.99995, 1, 1, 0.5, 0.6, 0.7, 0.8]) lrs.push((lr = plateauStep(st, s, metric, lr)));
  // 0.99995 is within the 1e-4 relative threshold: not an improvement.
  assert.deepEqual(lrs, [1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25]);
  const floor = initialPlateau();
  assert.equal(plateauStep(floor, { ...s, patience: 0, minLr: 0.8 }, 1, 1), 1);
  assert.equal(plateauStep(floor, { ...s, patience: 0, minLr: 0.8 }, 2, 1), 0.8);
});

test('early stopping: stops after `patience` epochs without a new best', () => {
  const st = initialEarlyStopping();
  const bests = [3, 2, 2, 2.5, 1, 1, 1].map((m) => earlyStoppingStep(st, m));
  assert.deepEqual(bests, [true, true, false, false, true, false, false]);
  assert.equal(shouldStop(st, 3), false);
  earlyStoppingStep(st, 1);
  assert.equal(shouldStop(st, 3), true);
});
