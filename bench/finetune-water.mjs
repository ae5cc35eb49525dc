// Fine-tuning water.ckpt on part of water_test.json and measuring the held-out part
// (bench/finetune-water.md has the protocol and the numbers). Splits the 81 frames — by parity
// (even frames to train on, odd ones held out; the default) or in file order (0–39 / 40–80) — so
// that fit never sees the held-out frames, not even as its validation set; then runs
// `campjs eval` (f64) on the held-out frames with the start model, `campjs fit`, and
// `campjs eval` with the fine-tuned model, and compares the two frame by frame
// (finetune-paired.mjs). Needs `npm run build`; about 2–4 min per epoch here.
//   node bench/finetune-water.mjs [--dir D] [--lr 1e-4] [--epochs 12] [--batch 2] [--seed 35]
//     [--factor 0.5] [--plateau 2] [--patience 4] [--monitor val_ema/mae_f] [--split parity|ordered]
//     [--init MODEL (default ../shared/models/water.ckpt)] [--energy-ratio 1]
// Ctrl-C stops fit after the batch in progress; it writes the best model so far and the
// held-out evaluation still runs.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatExtxyz, readStructures } from '../dist/campjs.mjs';
import { comparePaired, formatPaired } from './finetune-paired.mjs';

const root = resolve(import.meta.dirname, '..');
const shared = process.env.CAMPJS_SHARED ?? resolve(root, '../shared');
const { values: o } = parseArgs({
  options: Object.fromEntries(Object.entries({
    dir: '/tmp/campjs-finetune-water', lr: '1e-4', epochs: '12', batch: '2', seed: '35',
    factor: '0.5', plateau: '2', patience: '4', monitor: 'val_ema/mae_f', split: 'parity',
    init: join(shared, 'models/water.ckpt'), 'energy-ratio': '1',
  }).map(([k, d]) => [k, { type: 'string', default: d }])),
});
if (o.split !== 'parity' && o.split !== 'ordered') throw new Error(`--split '${o.split}': parity or ordered`);
mkdirSync(o.dir, { recursive: true });
const at = (name) => join(o.dir, name);

const frames = readStructures(readFileSync(join(shared, 'data/water_test.json')), 'water_test.json');
const [train, heldout] = o.split === 'ordered' ? [frames.slice(0, 40), frames.slice(40)]
  : [frames.filter((_, k) => k % 2 === 0), frames.filter((_, k) => k % 2 === 1)];
writeFileSync(at('train.extxyz'), formatExtxyz(train));
writeFileSync(at('heldout.extxyz'), formatExtxyz(heldout));
// CAMP's water config (loss 1/1 normalised, Adam AMSGrad, clip 1) with a fine-tuning lr that
// halves when fit's own validation force MAE stalls, EMA from the first step (CAMP's copies the
// raw weights for 1000 steps, longer than this run), and the best model / early stopping by the
// EMA validation force MAE (the energy MSE of 8 frames is too noisy to choose by).
const callback = (name) => [`  - class_path: lightning.pytorch.callbacks.${name}`, '    init_args:', '      mode: min', `      monitor: ${o.monitor}`];
writeFileSync(at('finetune.yaml'), [
  'data:', `  train_batch_size: ${o.batch}`, 'loss:', `  energy_ratio: ${o['energy-ratio']}`, '  forces_ratio: 1.0', '  normalize: true',
  'optimizer:', '  class_path: torch.optim.Adam', '  init_args:', '    amsgrad: true', `    lr: ${o.lr}`, '    weight_decay: 0.0',
  'lr_scheduler:', '  class_path: torch.optim.lr_scheduler.ReduceLROnPlateau', '  init_args:', '    mode: min', `    factor: ${o.factor}`,
  `    patience: ${o.plateau}`, `  monitor: ${o.monitor}`,
  'ema:', '  beta: 0.999', '  power: 0.6667', '  update_after_step: 0', '  update_every: 1',
  'trainer:', '  gradient_clip_val: 1.0', `  max_epochs: ${o.epochs}`, '  callbacks:', ...callback('ModelCheckpoint'),
  ...callback('EarlyStopping'), `      patience: ${o.patience}`, `seed_everything: ${o.seed}`, '',
].join('\n'));

const cli = (...args) => {
  console.log(`$ campjs ${args.join(' ')}`);
  return execFileSync(process.execPath, [join(root, 'dist/cli.mjs'), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
};
const summary = (out) => out.split('\n').filter((l) => /MAE/.test(l)).join('\n');
const model = o.init;
console.log(`before:\n${summary(cli('eval', '--model', model, '-q', at('heldout.extxyz'), '-o', at('heldout-start.json')))}`);
try {
  cli('fit', '--init', model, '--train', at('train.extxyz'), '--valid-fraction', '0.2', '--config', at('finetune.yaml'),
    '-o', at('finetuned.campjs'), '--metrics', at('metrics.csv'), '--state-out', at('state.json'));
} catch (e) {
  if (e.status !== 130) throw e; // 130: stopped by Ctrl-C, the best model so far is written
}
console.log(`after:\n${summary(cli('eval', '--model', at('finetuned.campjs'), '-q', at('heldout.extxyz'), '-o', at('heldout-finetuned.json')))}`);
console.log(formatPaired(comparePaired(at('heldout.extxyz'), at('heldout-start.json'), at('heldout-finetuned.json'))));
