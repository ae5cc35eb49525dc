// Fine-tuning water.ckpt on part of water_test.json and measuring the held-out part
// (bench/finetune-water.md has the numbers). Splits the 81 frames in file order — 0–39 to
// train on, 40–80 held out (never seen by fit, not even as its validation set) — then runs
// `campjs eval` on the held-out frames with the start model, `campjs fit`, and `campjs eval`
// with the fine-tuned model. Needs `npm run build`; takes about an hour on 2 busy cores.
// `alternate` splits by parity instead (even frames to train on, odd ones held out), so both
// parts come from the whole file: the file-order halves differ in kind (see finetune-water.md).
//   node bench/finetune-water.mjs [workdir = /tmp/campjs-finetune-water] [lr = 1e-5] [epochs = 6] [ordered | alternate]
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatExtxyz, readStructures } from '../dist/campjs.mjs';

const root = resolve(import.meta.dirname, '..');
const shared = process.env.CAMPJS_SHARED ?? resolve(root, '../shared');
const [dir = '/tmp/campjs-finetune-water', lr = '1e-5', epochs = '6', split = 'ordered'] = process.argv.slice(2);
if (split !== 'ordered' && split !== 'alternate') throw new Error(`split '${split}': ordered or alternate`);
mkdirSync(dir, { recursive: true });
const at = (name) => join(dir, name);

const frames = readStructures(readFileSync(join(shared, 'data/water_test.json')), 'water_test.json');
const [train, heldout] = split === 'ordered' ? [frames.slice(0, 40), frames.slice(40)]
  : [frames.filter((_, k) => k % 2 === 0), frames.filter((_, k) => k % 2 === 1)];
writeFileSync(at('train.extxyz'), formatExtxyz(train));
writeFileSync(at('heldout.extxyz'), formatExtxyz(heldout));
// CAMP's water config with a small learning rate and EMA from the first step.
writeFileSync(at('finetune.yaml'), [
  'data:', '  train_batch_size: 4', 'loss:', '  energy_ratio: 1.0', '  forces_ratio: 1.0', '  normalize: true',
  'optimizer:', '  class_path: torch.optim.Adam', '  init_args:', '    amsgrad: true', `    lr: ${lr}`, '    weight_decay: 0.0',
  'ema:', '  beta: 0.999', '  power: 0.6667', '  update_after_step: 0', '  update_every: 1',
  'trainer:', '  gradient_clip_val: 1.0', `  max_epochs: ${epochs}`, 'seed_everything: 35', '',
].join('\n'));

const cli = (...args) => {
  console.log(`$ campjs ${args.join(' ')}`);
  return execFileSync(process.execPath, [join(root, 'dist/cli.mjs'), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
};
const summary = (out) => out.split('\n').filter((l) => /MAE/.test(l)).join('\n');
const model = join(shared, 'models/water.ckpt');
console.log(`before:\n${summary(cli('eval', '--model', model, '-q', at('heldout.extxyz')))}`);
cli('fit', '--init', model, '--train', at('train.extxyz'), '--valid-fraction', '0.2', '--config', at('finetune.yaml'), '-q',
  '-o', at('finetuned.campjs'), '--metrics', at('metrics.csv'), '--state-out', at('state.json'));
console.log(`after:\n${summary(cli('eval', '--model', at('finetuned.campjs'), '-q', at('heldout.extxyz')))}`);
