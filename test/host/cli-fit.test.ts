// `campjs fit` through the real CLI process: its bad inputs, each refused with the file and the
// field named, before anything is written; the energy-only notice; outputs that would destroy
// an input. (Training itself is tested in train-fit.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { needsBuild, runCli } from '../support/cli.js';
import { syntheticCheckpoint } from '../support/ckpt-synthetic.js';

const dir = mkdtempSync(join(tmpdir(), 'campjs-cli-fit-'));
const file = (name: string, text: string | Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const frame = (symbols: string[], energy: string | null, forces: boolean, nan = false) => {
  const props = `Properties=species:S:1:pos:R:3${forces ? ':forces:R:3' : ''}`;
  const rows = symbols.map((s, i) => `${s} ${0.9 * i} ${0.1 * i} 0${forces ? ` 0.1 ${nan && i === 1 ? 'nan' : '-0.2'} 0.3` : ''}`);
  return `${symbols.length}\n${props}${energy === null ? '' : ` energy=${energy}`} pbc="F F F"\n${rows.join('\n')}\n`;
};
const GOOD = [frame(['O', 'H', 'H'], '-14.2', true), frame(['O', 'H', 'H'], '-14.1', true), frame(['H', 'H'], '-6.5', true)].join('');
// A small architecture keeps the (post-merge) objective cheap; --epochs 0 trains nothing.
const TINY = file('tiny.yaml', 'model:\n  max_u: 1\n  max_v: 1\n  num_layers: 1\n  max_chebyshev_degree: 2\n  radial_mlp_hidden_layers: [2]\n  output_mlp_hidden_layers: [2]\n');
const fit = (...args: string[]) => runCli(['fit', ...args]);

test('fit --help names every option; campjs --help lists fit', needsBuild, () => {
  const r = fit('--help');
  assert.equal(r.status, 0);
  for (const opt of ['--train', '--valid', '--valid-fraction', '--config', '--init', '--resume', '--ckpt-out', '--state-out', '--metrics', '--epochs', '--batch-size', '--lr', '--seed', '--energy-ratio', '--forces-ratio', '--ema-decay']) {
    assert.match(r.stdout, new RegExp(`${opt}\\b`), opt);
  }
  assert.match(runCli(['--help']).stdout, /^ {2}fit /m);
});

test('a missing --train or -o, or --valid with --valid-fraction, is a usage error (exit 2)', needsBuild, () => {
  const train = file('good.extxyz', GOOD);
  const cases: [string[], RegExp][] = [
    [['-o', join(dir, 'm.campjs')], /missing --train/],
    [['--train', train], /missing -o/],
    [['--train', train, '-o', join(dir, 'm.campjs'), '--valid', train, '--valid-fraction', '0.2'], /--valid or --valid-fraction, not both/],
    [['--train', train, '-o', join(dir, 'm.campjs'), '--resume', join(dir, 's.json'), '--lr', '0.1'], /only --epochs may change\), so --lr/],
    [['--train', train, '-o', join(dir, 'm.campjs'), '--weights', 'raw'], /--weights chooses the weights of an --init checkpoint; give --init too/],
  ];
  for (const [args, want] of cases) {
    const r = fit(...args);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, want);
  }
});

test('--valid-fraction outside (0, 1) is refused naming the option', needsBuild, () => {
  const train = file('good.extxyz', GOOD);
  for (const f of ['0', '1', '1.5', '-0.1']) {
    const r = fit('--train', train, '-o', join(dir, 'm.campjs'), '--valid-fraction', f);
    assert.equal(r.status, 1);
    assert.match(r.stderr, new RegExp(`--valid-fraction: ${f.replace('.', '\\.')} must be between 0 and 1`));
  }
});

test('bad training data: each refusal names the file, the frame and the field, and writes nothing', needsBuild, () => {
  const out = join(dir, 'never.campjs');
  const cases: [string, string, RegExp][] = [
    ['no-energy.extxyz', GOOD + frame(['O', 'H'], null, true), /no-energy\.extxyz: frame 3 has no energy/],
    ['nan-energy.extxyz', frame(['O', 'H'], 'nan', true), /nan-energy\.extxyz:2: energy: 'nan' is not a finite number/],
    ['nan-force.extxyz', GOOD + frame(['O', 'H', 'H'], '-14', true, true), /nan-force\.extxyz:1\d: forces\[1\] \(column 6\): 'nan' is not a finite number/],
    ['empty.extxyz', '', /empty\.extxyz: no structures found/],
  ];
  for (const [name, text, want] of cases) {
    const r = fit('--train', file(name, text), '-o', out, '--config', TINY, '--epochs', '0');
    assert.equal(r.status, 1, `${name}: ${r.stderr}`);
    assert.match(r.stderr, want, name);
    assert.equal(existsSync(out), false);
  }
});

test('frames without forces train on energy only, and the run says so', needsBuild, () => {
  const train = file('some-energy-only.extxyz', GOOD + frame(['O', 'H'], '-9.1', false) + frame(['H', 'H'], '-6.4', false));
  const r = fit('--train', train, '-o', join(dir, 'eo.campjs'), '--config', TINY, '--epochs', '0', '--valid-fraction', '0.4');
  assert.match(r.stdout, /some-energy-only\.extxyz: 2 of 5 frames have no forces: they train on energy only/);
  assert.match(r.stdout, /validation: 2 of 5 frames of .* held out/);
});

test('elements the --init model lacks are refused naming the frame, the atom and the model', needsBuild, () => {
  const init = file('ho.ckpt', syntheticCheckpoint());
  const train = file('with-carbon.extxyz', GOOD + frame(['C', 'H', 'H'], '-20', true));
  const r = fit('--train', train, '--init', init, '-o', join(dir, 'ft.campjs'));
  assert.equal(r.status, 1);
  assert.match(r.stderr, /with-carbon\.extxyz, frame 3: atom 0 is C \(Z=6\), which --init ho\.ckpt lacks \(it knows H, O\)/);
});

test('a config with unknown keys is refused naming the file and the key', needsBuild, () => {
  const cfg = file('typo.yaml', 'optimizer:\n  init_args:\n    learning_rate: 0.1\n');
  const r = fit('--train', file('good.extxyz', GOOD), '-o', join(dir, 'm.campjs'), '--config', cfg);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /typo\.yaml: unknown key 'optimizer\.init_args\.learning_rate' \(known under optimizer\.init_args: amsgrad, lr, weight_decay, eps\)/);
});

test('no output may overwrite an input: -o on the --init model is refused before anything is read', needsBuild, () => {
  const init = file('keep.campjs', 'not really a model');
  const before = readFileSync(init);
  const r = fit('--train', file('good.extxyz', GOOD), '--init', init, '-o', init);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /-o .*keep\.campjs: refusing to overwrite the --init file/);
  assert.deepEqual(readFileSync(init), before);
  const csv = fit('--train', file('good.extxyz', GOOD), '-o', join(dir, 'm.campjs'), '--metrics', join(dir, 'm.txt'));
  assert.match(csv.stderr, /--metrics .*m\.txt/);
});
