#!/usr/bin/env node
// `npm run train:default [-- --epochs N] [-- --resume]`: trains the built-in model with campjs fit
// on data/ (train and valid files, models/campjs-hcno/train.yaml), writing the model, metrics CSV
// and the training state into --out (default train-out/). A long training goes in segments:
// `--epochs 200`, then `--resume --epochs 400`, … (each continues from <out>/state.json, bit for
// bit as one run). Copy the result into models/campjs-hcno/ and run scripts/model/card.mjs.
import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cliPath, repoRoot } from './paths.mjs';

const { values: v } = parseArgs({ options: {
  out: { type: 'string', default: join(repoRoot, 'train-out') },
  epochs: { type: 'string' },
  resume: { type: 'boolean', default: false },
} });
const out = (name) => join(v.out, name);
const data = (name) => join(repoRoot, 'data', name);
const state = out('state.json');
if (v.resume && !existsSync(state)) {
  process.stderr.write(`train: --resume: ${state} does not exist (start without --resume first)\n`);
  process.exit(2);
}
mkdirSync(v.out, { recursive: true });
// fit refuses to write its state over the --resume file and writes only this segment's epochs
// to --metrics: a segment resumes from a copy of the state and its rows are appended to
// metrics.csv afterwards (also after Ctrl-C), so no segment's history is lost.
const resumeFrom = out('state.previous.json');
if (v.resume) copyFileSync(state, resumeFrom);
const segmentMetrics = v.resume ? out('metrics.segment.csv') : out('metrics.csv');
const args = [cliPath, 'fit', '--train', data('train.extxyz.gz'), '--valid', data('valid.extxyz.gz'),
  ...(v.resume ? ['--resume', resumeFrom] : ['--config', join(repoRoot, 'models/campjs-hcno/train.yaml')]),
  ...(v.epochs !== undefined ? ['--epochs', v.epochs] : []),
  '-o', out('campjs-hcno.campjs'), '--metrics', segmentMetrics, '--state-out', state];
process.stderr.write(`train: node ${args.map((a) => a.replace(`${repoRoot}/`, '')).join(' ')}\n`);
const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
if (v.resume && existsSync(segmentMetrics)) {
  const rows = readFileSync(segmentMetrics, 'utf8').split('\n').slice(1).filter((l) => l !== '');
  if (rows.length > 0) appendFileSync(out('metrics.csv'), rows.join('\n') + '\n');
  unlinkSync(segmentMetrics);
}
process.exit(r.status ?? 1);
