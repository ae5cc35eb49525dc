// --radial table|exact on the command line (eval, md, opt) through the real CLI process: the
// mode changes the numbers only at the spline's accuracy; an MD receipt records it and verify
// replays in that mode (a receipt stripped of it no longer verifies); bad values are refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCampjs } from '../../host/format/campjs-file.js';
import { formatExtxyz } from '../../host/io/extxyz.js';
import { DEFAULT_RADIAL_KNOTS } from '../../host/model/radial-table.js';
import { needsBuild, runCli } from '../support/cli.js';
import { propertyStructures, syntheticModel, type SyntheticModelOptions } from '../support/synthetic-model.js';

const SHAPE: SyntheticModelOptions = { seed: 51, atomicNumbers: [1, 8], maxV: 2, numLayers: 2, nU: 4 };

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'campjs-radial-'));
  const model = join(dir, 'm.campjs'), input = join(dir, 'in.extxyz');
  writeFileSync(model, writeCampjs(syntheticModel(SHAPE)));
  writeFileSync(input, formatExtxyz([{ atoms: propertyStructures(SHAPE).cluster, info: {}, arrays: {} }]));
  return { dir, model, input };
}

interface Frames { frames: { energy: number; forces: number[] }[] }

test('eval --radial table: the energy and forces of exact mode to the spline accuracy, not the same bits', needsBuild, () => {
  const { dir, model, input } = setup();
  const results: Frames[] = [];
  for (const radial of ['exact', 'table']) {
    const out = join(dir, `${radial}.json`);
    const r = runCli(['eval', '--model', model, input, '--radial', radial, '-o', out, '-q']);
    assert.equal(r.status, 0, r.stderr);
    results.push(JSON.parse(readFileSync(out, 'utf8')) as Frames);
  }
  const [x, t] = results.map((r) => r.frames[0]);
  // Exact bits everywhere would mean the tables were not used (the total energy alone may agree to the last bit).
  assert.notDeepEqual(t.forces, x.forces, 'table mode gave the forces of exact mode bit for bit');
  assert.ok(Math.abs(t.energy - x.energy) < 1e-9, `E ${t.energy} vs ${x.energy}`);
  const df = Math.max(...t.forces.flat().map((f, k) => Math.abs(f - (x.forces.flat()[k]))));
  assert.ok(df < 1e-8, `forces differ by ${df}`);
});

test('md --radial table: the receipt records the mode; verify replays in it, and a receipt without it fails', needsBuild, () => {
  const { dir, model, input } = setup();
  const receipt = join(dir, 'r.json');
  const md = runCli(['md', '--model', model, input, '--radial', 'table', '--steps', '20', '--dt', '0.5', '--ensemble', 'nve',
    '--temperature', '300', '--seed', '7', '--receipt', receipt, '--hash-every', '5', '-q']);
  assert.equal(md.status, 0, md.stderr);
  const rec = JSON.parse(readFileSync(receipt, 'utf8')) as { model: Record<string, unknown> };
  assert.equal(rec.model.radial, 'table');
  assert.equal(rec.model.radialKnots, DEFAULT_RADIAL_KNOTS);
  const ok = runCli(['verify', receipt]);
  assert.equal(ok.status, 0, `${ok.stdout}${ok.stderr}`);
  assert.match(ok.stdout, /identical/);
  // Replayed in exact mode, the run differs within a few steps.
  const stripped = join(dir, 'exact.json');
  const { radial: _r, radialKnots: _k, ...exactModel } = rec.model;
  writeFileSync(stripped, JSON.stringify({ ...rec, model: exactModel }));
  const bad = runCli(['verify', stripped]);
  assert.equal(bad.status, 1, `${bad.stdout}${bad.stderr}`);
  assert.match(`${bad.stdout}${bad.stderr}`, /differ/);
  // A receipt with an unknown mode is refused naming the field.
  const odd = join(dir, 'odd.json');
  writeFileSync(odd, JSON.stringify({ ...rec, model: { ...rec.model, radial: 'fast' } }));
  const refused = runCli(['verify', odd]);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /model\.radial "fast" is not 'table'/);
});

test('an exact run records no radial mode (receipts of exact runs are unchanged)', needsBuild, () => {
  const { dir, model, input } = setup();
  const receipt = join(dir, 'r.json');
  const md = runCli(['md', '--model', model, input, '--steps', '4', '--dt', '0.5', '--receipt', receipt, '-q']);
  assert.equal(md.status, 0, md.stderr);
  const rec = JSON.parse(readFileSync(receipt, 'utf8')) as { model: Record<string, unknown> };
  assert.equal('radial' in rec.model, false);
  assert.equal('radialKnots' in rec.model, false);
});

test('opt --radial table relaxes; bad --radial values and pair potentials are refused naming the option', needsBuild, () => {
  const { dir, model, input } = setup();
  const opt = runCli(['opt', '--model', model, input, '--radial', 'table', '--fmax', '0.5', '--steps', '300', '-o', join(dir, 'o.extxyz'), '-q']);
  assert.ok(opt.status === 0 || opt.status === 1, opt.stderr);
  assert.doesNotMatch(opt.stderr, /radial/);
  for (const cmd of ['eval', 'md', 'opt']) {
    const extra = cmd === 'md' ? ['--steps', '1'] : [];
    const r = runCli([cmd, '--model', model, input, '--radial', 'fast', ...extra]);
    assert.equal(r.status, 1, `${cmd}: ${r.stderr}`);
    assert.match(r.stderr, /--radial: 'fast' must be exact or table/, cmd);
  }
  const pair = runCli(['md', '--model', 'lj:epsilon=0.01,sigma=1,cutoff=3', input, '--radial', 'table', '--steps', '1']);
  assert.equal(pair.status, 1);
  assert.match(pair.stderr, /--radial table: .* is a pair potential/);
});
