// `campjs fit` end to end through the CLI on a tiny CAMP architecture: the outputs load back
// (.campjs = the .ckpt's EMA weights), the metrics CSV has a row per epoch, and a run resumed
// from its --state-out ends with the bits of an uninterrupted one; --precision f32 is reproducible.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath, needsBuild, runCli, type CliResult } from '../support/cli.js';
import { loadCampModel } from '../../host/model/load.js';
import { readTrainState } from '../../host/train/state-file.js';
import type { CampModel } from '../../host/model/camp-model.js';

const dir = mkdtempSync(join(tmpdir(), 'campjs-cli-fit-run-'));
const at = (name: string) => join(dir, name);

function water(k: number): string {
  const s = 0.05 * k;
  const rows = [['O', 0, 0, 0], ['H', 0.96 + s, 0, 0], ['H', -0.24, 0.93 - s, 0.1 * s]].map(([e, x, y, z]) => `${e} ${x} ${y} ${z} ${0.3 - s} ${-0.2 + s} ${0.1 * k}`);
  return `3\nProperties=species:S:1:pos:R:3:forces:R:3 energy=${-14.2 + 0.1 * k} pbc="F F F"\n${rows.join('\n')}\n`;
}
writeFileSync(at('train.extxyz'), Array.from({ length: 6 }, (_, k) => water(k)).join(''));
writeFileSync(at('tiny.yaml'), [
  'model:', '  max_u: 1', '  max_v: 1', '  num_layers: 2', '  max_chebyshev_degree: 2', '  radial_mlp_hidden_layers: [3]', '  output_mlp_hidden_layers: [3]',
  'data:', '  r_cut: 3.0', '  train_batch_size: 2', 'seed_everything: 3', 'ema:', '  update_after_step: 2', '  update_every: 1', '',
].join('\n'));
const common = ['--train', at('train.extxyz'), '--valid-fraction', '0.34', '-q'];

function fit(...args: string[]): CliResult {
  const r = runCli(['fit', ...common, ...args]);
  assert.equal(r.status, 0, r.stderr);
  return r;
}

const sameTensors = (a: CampModel, b: CampModel) => {
  for (const [name, x] of a.tensors) assert.deepEqual(b.tensors.get(name)!.data, x.data, name);
};

test('fit writes a .campjs, a .ckpt whose EMA weights it holds, a state and a CSV row per epoch', needsBuild, () => {
  const r = fit('--config', at('tiny.yaml'), '--epochs', '3', '-o', at('a.campjs'), '--ckpt-out', at('a.ckpt'), '--state-out', at('a.json'), '--metrics', at('a.csv'));
  assert.match(r.stdout, /^fit: 3 epochs; best epoch \d/m);
  const model = loadCampModel(readFileSync(at('a.campjs')));
  const ckpt = readFileSync(at('a.ckpt'));
  sameTensors(model, loadCampModel(ckpt, { weights: 'ema' }));
  loadCampModel(ckpt, { weights: 'raw' });
  assert.equal(model.hparams.nU, 2);
  const csv = readFileSync(at('a.csv'), 'utf8').trim().split('\n');
  assert.equal(csv.length, 4);
  assert.match(csv[0], /^epoch,steps,lr,loss,/);
  assert.equal(readTrainState(readFileSync(at('a.json'), 'utf8'), 'a.json').epoch, 3);
});

test('a run resumed from its --state-out ends with the bits of an uninterrupted one', needsBuild, () => {
  const whole = fit('--config', at('tiny.yaml'), '--epochs', '3', '-o', at('w.campjs'), '--state-out', at('w.json'));
  fit('--config', at('tiny.yaml'), '--epochs', '1', '-o', at('p.campjs'), '--state-out', at('p.json'));
  fit('--resume', at('p.json'), '--epochs', '3', '-o', at('r.campjs'), '--state-out', at('r.json'));
  const [w, r] = [readTrainState(readFileSync(at('w.json'), 'utf8'), 'w'), readTrainState(readFileSync(at('r.json'), 'utf8'), 'r')];
  for (const k of ['params', 'ema', 'm', 'v', 'vmax'] as const) assert.deepEqual(r.optimizer[k], w.optimizer[k], k);
  sameTensors(loadCampModel(readFileSync(at('w.campjs'))), loadCampModel(readFileSync(at('r.campjs'))));
});

test('Ctrl-C ends the run after the batch in progress: exit 130, the state and best model written, the command that continues', { ...needsBuild, timeout: 120_000 }, async () => {
  const csv = at('int.csv');
  const child = spawn(process.execPath, [cliPath, 'fit', ...common, '--config', at('tiny.yaml'), '--epochs', '100000000', '--patience', '100000000',
    '-o', at('int.campjs'), '--state-out', at('int.json'), '--metrics', csv], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d; });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const rows = () => (existsSync(csv) ? readFileSync(csv, 'utf8').trim().split('\n').length - 1 : 0);
  while (rows() < 3 && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
  child.kill('SIGINT');
  const code = await exited;
  assert.equal(code, 130, stderr);
  assert.match(stderr, /campjs fit: SIGINT: stopped; to continue: campjs fit --train \S+train\.extxyz --resume \S+int\.json -o \S+int\.campjs/);
  const state = readTrainState(readFileSync(at('int.json'), 'utf8'), 'int.json');
  assert.ok(state.epoch >= 3 && state.epoch <= rows() + 1, `state after epoch ${state.epoch}, ${rows()} rows`);
  loadCampModel(readFileSync(at('int.campjs')));
});

test('fit --precision f32 (f32 predictions and gradient core): same bits twice, not the f64 bits, within f32 rounding of them', needsBuild, () => {
  const models = ['f32', 'f32', 'f64'].map((p, k) => {
    fit('--config', at('tiny.yaml'), '--epochs', '2', '--precision', p, '-o', at(`prec${k}.campjs`));
    return loadCampModel(readFileSync(at(`prec${k}.campjs`)));
  });
  sameTensors(models[0], models[1]);
  let diff = 0, norm = 0;
  for (const [name, t] of models[2].tensors) {
    const x = models[0].tensors.get(name)!.data;
    t.data.forEach((v, k) => {
      diff += (Number(x[k]) - Number(v)) ** 2;
      norm += Number(v) ** 2;
    });
  }
  assert.ok(diff > 0, 'f32 and f64 training gave the same weights');
  assert.ok(Math.sqrt(diff / norm) < 1e-3, `f32 weights differ from f64 ones by ${Math.sqrt(diff / norm)} relative`);
  const bad = runCli(['fit', ...common, '--config', at('tiny.yaml'), '--precision', 'f16', '-o', at('bad.campjs')]);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /--precision: 'f16' must be f64 or f32/);
});
