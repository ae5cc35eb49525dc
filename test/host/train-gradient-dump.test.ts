// The gradient dump (host/train/gradient-dump.ts, what `campjs fit --gradient-only` runs): files
// in, JSON out — every trainable tensor by its state_dict name, flat row-major, the loss terms
// of all frames as one batch; the loss settings and --weights reach the computation; inputs
// are never overwritten and bad training files are refused naming file and frame.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGradientDump, type GradientDump } from '../../host/train/gradient-dump.js';
import { createObjective } from '../../host/train/objective.js';
import { labelledFrames } from '../../host/train/labelled-frames.js';
import { writeCampjs } from '../../host/format/campjs-file.js';
import { formatExtxyz } from '../../host/io/extxyz-write.js';
import { readStructures } from '../../host/io/read-structures.js';
import { loadCampModel } from '../../host/model/load.js';
import type { StructureFrame } from '../../host/io/frame.js';
import { syntheticModel, PROPERTY_SHAPES, propertyStructures } from '../support/synthetic-model.js';
import { needsShared, sharedPath, readSharedJson } from '../support/shared.js';
import { needsBuild, runCli } from '../support/cli.js';

const shape = PROPERTY_SHAPES[1];

/** A model file and a 2-frame training file (labels: the model's predictions, shifted). */
async function files(dir: string, withEnergy = true): Promise<{ model: string; train: string }> {
  const model = syntheticModel({ ...shape, dtype: 'float64' });
  const objective = await createObjective(model);
  const { cluster, periodic } = propertyStructures(shape);
  const p = objective.predict([{ atoms: cluster, energy: 0 }, { atoms: periodic, energy: 0 }]);
  const frames: StructureFrame[] = [cluster, periodic].map((atoms, k) => ({
    atoms, info: {}, arrays: {},
    ...(withEnergy || k === 0 ? { energy: p.energies[k] + 0.25 * (k + 1) } : {}),
    forces: p.forces.slice(k === 0 ? 0 : 27, k === 0 ? 27 : undefined).map((f, c) => f + 0.01 * ((c % 7) - 3)),
  }));
  writeFileSync(join(dir, 'model.campjs'), writeCampjs(model));
  writeFileSync(join(dir, 'train.extxyz'), formatExtxyz(frames));
  return { model: join(dir, 'model.campjs'), train: join(dir, 'train.extxyz') };
}

const settings = { weights: 'ema', energyRatio: 2, forcesRatio: 5, normalize: false } as const;

test('gradient dump: every trainable tensor by name, flat, equal to the objective on the file\'s frames as one batch', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'campjs-graddump-'));
  const { model, train } = await files(dir);
  const out = join(dir, 'grad.json');
  await runGradientDump({ model, train, out, ...settings });
  const dump = JSON.parse(readFileSync(out, 'utf8')) as GradientDump;
  const objective = await createObjective(loadCampModel(readFileSync(model)));
  const frames = labelledFrames(readStructures(readFileSync(train), train), train);
  const r = objective.lossAndGradient(frames, settings);
  assert.deepEqual(Object.keys(dump.gradients), objective.slots.map((s) => s.name));
  assert.ok(!('readout.atomic_energy_scale' in dump.gradients) && !('readout.atomic_energy_shift' in dump.gradients), 'buffers are not trained');
  for (const s of objective.slots) assert.deepEqual(dump.gradients[s.name], Array.from(r.gradient.subarray(s.offset, s.offset + s.size)), s.name);
  assert.equal(dump.loss, r.loss);
  assert.equal(dump.loss_energy, r.lossEnergy);
  assert.equal(dump.loss_forces, r.lossForces);
  assert.equal(dump.loss, dump.loss_energy + dump.loss_forces);
  // The settings reach the loss: normalised energies give another energy term.
  const normalized = join(dir, 'grad-normalized.json');
  await runGradientDump({ model, train, out: normalized, ...settings, normalize: true });
  const other = JSON.parse(readFileSync(normalized, 'utf8')) as GradientDump;
  assert.notEqual(other.loss_energy, dump.loss_energy);
  assert.equal(other.loss_forces, dump.loss_forces);
});

test('gradient dump refuses to overwrite an input, bad options by their flags, and names a frame without an energy', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'campjs-graddump-'));
  const { model, train } = await files(dir, false);
  const before = readFileSync(train, 'utf8');
  await assert.rejects(runGradientDump({ model, train, out: train, ...settings }), /--gradient-only .*refusing to overwrite the --train file/);
  assert.equal(readFileSync(train, 'utf8'), before);
  await assert.rejects(runGradientDump({ model, train, out: join(dir, 'g.json'), ...settings }), /train\.extxyz: frame 1 has no energy/);
  await assert.rejects(runGradientDump({ model, train: join(dir, 'missing.xyz'), out: join(dir, 'g.json'), ...settings }), /--train/);
  await assert.rejects(runGradientDump({ model, train, out: join(dir, 'g.json'), ...settings, forcesRatio: NaN }), /--forces-ratio must be a finite number ≥ 0, got NaN/);
  await assert.rejects(runGradientDump({ model, train, out: join(dir, 'g.json'), ...settings, weights: 'best' as 'ema' }), /--weights must be ema or raw, got 'best'/);
  await assert.rejects(runGradientDump({ model, train, out: join(dir, 'g.txt'), ...settings }), /--gradient-only/);
});

test('gradient dump --weights raw differentiates the raw weights of a checkpoint, ema the EMA ones', needsShared, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'campjs-graddump-'));
  const s = readSharedJson<{ structures: { numbers: number[]; positions: number[][] }[] }>('reference', 'md17-aspirin__rdkit.json').structures[0];
  const atoms = { numbers: s.numbers, positions: Float64Array.from(s.positions.flat()), cell: null, pbc: [false, false, false] as const };
  const train = join(dir, 'aspirin.extxyz');
  writeFileSync(train, formatExtxyz([{ atoms, info: {}, arrays: {}, energy: -17630, forces: new Float64Array(3 * s.numbers.length) }]));
  const model = sharedPath('models', 'md17-aspirin.ckpt');
  const dumps: GradientDump[] = [];
  for (const weights of ['ema', 'raw'] as const) {
    const out = join(dir, `${weights}.json`);
    await runGradientDump({ model, train, out, ...settings, weights });
    dumps.push(JSON.parse(readFileSync(out, 'utf8')) as GradientDump);
  }
  const raw = await createObjective(loadCampModel(readFileSync(model), { weights: 'raw' }));
  const r = raw.lossAndGradient(labelledFrames(readStructures(readFileSync(train), train), train), settings);
  assert.equal(dumps[1].loss, r.loss);
  assert.notEqual(dumps[0].loss, dumps[1].loss);
});

test('campjs fit --gradient-only writes what runGradientDump writes; training options are refused with it', needsBuild, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'campjs-graddump-cli-'));
  const { model, train } = await files(dir);
  const api = join(dir, 'api.json');
  await runGradientDump({ model, train, out: api, ...settings });
  const out = join(dir, 'cli.json');
  const r = runCli(['fit', '--model', model, '--train', train, '--gradient-only', out, '--energy-ratio', '2', '--forces-ratio', '5', '--normalize', 'false']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(out, 'utf8'), readFileSync(api, 'utf8'));
  const bad = runCli(['fit', '--model', model, '--train', train, '--gradient-only', join(dir, 'x.json'), '--epochs', '3']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--gradient-only trains nothing, so --epochs cannot be given/);
  const norm = runCli(['fit', '--model', model, '--train', train, '--gradient-only', join(dir, 'y.json'), '--normalize', 'yes']);
  assert.match(norm.stderr, /--normalize must be true or false, got 'yes'/);
});
