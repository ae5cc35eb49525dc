// Table mode's memory budget (RADIAL_TABLE_BUDGET, 512 MiB of tables per precision, so a run that
// loads here also loads in a phone's browser) through the real CLI: a model whose f64 tables
// exceed it is refused naming --radial table and what fits instead, before anything is built or
// written (an existing output file survives); its f32 tables, a third the size, load and run;
// a model over the budget in both precisions is told to use --radial exact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCampjs } from '../../host/format/campjs-file.js';
import { formatExtxyz } from '../../host/io/extxyz.js';
import { needsBuild, runCli } from '../support/cli.js';
import { seededRandom, syntheticAtoms, syntheticModel, type SyntheticModelOptions } from '../support/synthetic-model.js';

// 8 elements (64 type pairs), 16 channels: f64 tables 648 MiB, f32 216 MiB.
const OVER_F64: SyntheticModelOptions = { seed: 61, atomicNumbers: [1, 6, 7, 8, 9, 15, 16, 17], maxV: 2, numLayers: 2, nU: 16 };
// 10 elements, max_v 3: f64 1575 MiB, f32 524 MiB.
const OVER_BOTH: SyntheticModelOptions = { seed: 62, atomicNumbers: [1, 6, 7, 8, 9, 15, 16, 17, 35, 53], maxV: 3, numLayers: 2, nU: 16 };

function setup(shape: SyntheticModelOptions) {
  const dir = mkdtempSync(join(tmpdir(), 'campjs-budget-'));
  const model = join(dir, 'm.campjs'), input = join(dir, 'in.extxyz'), out = join(dir, 'out.json');
  writeFileSync(model, writeCampjs(syntheticModel(shape)));
  writeFileSync(input, formatExtxyz([{ atoms: syntheticAtoms(seededRandom(shape.seed), { elements: [1, 6, 8], count: 6, box: 4, minDistance: 1.1 }), info: {}, arrays: {} }]));
  writeFileSync(out, 'earlier results\n');
  return { model, input, out };
}

test('eval/md --radial table: f64 tables over the budget are refused naming the option and --precision f32; f32 runs', needsBuild, () => {
  const { model, input, out } = setup(OVER_F64);
  const r = runCli(['eval', '--model', model, input, '--radial', 'table', '--precision', 'f64', '-o', out]);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /--radial table: this model's f64 radial tables need 648 MiB, more than the 512 MiB table mode allows .*use --precision f32 \(216 MiB of tables\) or --radial exact/);
  assert.equal(readFileSync(out, 'utf8'), 'earlier results\n', 'the refused run overwrote its output file');
  const md = runCli(['md', '--model', model, input, '--radial', 'table', '--precision', 'f64', '--steps', '2']);
  assert.equal(md.status, 1, md.stderr);
  assert.match(md.stderr, /f64 radial tables need 648 MiB, more than the 512 MiB/);
  const f32 = runCli(['eval', '--model', model, input, '--radial', 'table', '--precision', 'f32', '-o', out, '-q']);
  assert.equal(f32.status, 0, f32.stderr);
  const frame = (JSON.parse(readFileSync(out, 'utf8')) as { frames: { energy: number }[] }).frames[0];
  assert.ok(Number.isFinite(frame.energy), `f32 table energy ${frame.energy}`);
});

test('eval --radial table: tables over the budget in both precisions are refused, pointing to --radial exact only', needsBuild, () => {
  const { model, input, out } = setup(OVER_BOTH);
  for (const precision of ['f64', 'f32']) {
    const r = runCli(['eval', '--model', model, input, '--radial', 'table', '--precision', precision, '-o', out]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`this model's ${precision} radial tables need \\d+ MiB, more than the 512 MiB table mode allows .*; use --radial exact$`, 'm'));
    assert.equal(readFileSync(out, 'utf8'), 'earlier results\n');
  }
});
