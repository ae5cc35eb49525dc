#!/usr/bin/env node
// Rewrites the measured parts of models/campjs-hcno/MODEL.md (the blocks between
// `<!-- card:NAME -->` and `<!-- /card:NAME -->`, and the summary `campjs info default` prints)
// from the model file, the training metrics CSV and the data set: run it after replacing the
// model (`node scripts/model/card.mjs`, after `npm run build`). Errors come from `campjs eval`.
//   --model FILE    (default models/campjs-hcno/campjs-hcno.campjs)
//   --metrics FILE  fit's --metrics CSV (default models/campjs-hcno/metrics.csv)
//   --data DIR      data/ of the repository (train/valid/test files, manifest.json; default data)
//   --check         write nothing; exit 1 when MODEL.md differs from what would be written
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { cliPath, repoRoot } from './paths.mjs';

const { values: v } = parseArgs({ options: {
  model: { type: 'string', default: join(repoRoot, 'models/campjs-hcno/campjs-hcno.campjs') },
  metrics: { type: 'string', default: join(repoRoot, 'models/campjs-hcno/metrics.csv') },
  data: { type: 'string', default: join(repoRoot, 'data') },
  card: { type: 'string', default: join(repoRoot, 'models/campjs-hcno/MODEL.md') },
  check: { type: 'boolean', default: false },
} });

const campjs = (...args) => execFileSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
const modelBytes = readFileSync(v.model);
const sha256 = createHash('sha256').update(modelBytes).digest('hex');
const info = JSON.parse(campjs('info', v.model, '--json'));
const manifest = JSON.parse(readFileSync(join(v.data, 'manifest.json'), 'utf8'));

/** `campjs eval -q` on one labelled file (gzip unpacked to a temporary file): its MAE/RMSE. */
function evaluate(file) {
  const path = join(v.data, file);
  const tmp = mkdtempSync(join(tmpdir(), 'campjs-card-'));
  try {
    const plain = file.endsWith('.gz') ? join(tmp, file.slice(0, -3)) : path;
    if (plain !== path) writeFileSync(plain, gunzipSync(readFileSync(path)));
    const out = campjs('eval', '--model', v.model, plain, '-q');
    const stat = (what, unit) => {
      const m = out.match(new RegExp(`${what} MAE ([\\d.]+) ${unit}, RMSE ([\\d.]+) ${unit}`));
      if (!m) throw new Error(`card: campjs eval of ${file} printed no ${what} errors:\n${out}`);
      return { mae: Number(m[1]), rmse: Number(m[2]) };
    };
    return { file, frames: Number(out.match(/^(\d+) frames/m)[1]), energy: stat('energy', 'meV/atom'), forces: stat('forces', 'meV/Å') };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const SETS = [
  ['train.extxyz.gz', 'training frames'],
  ['valid.extxyz.gz', 'validation frames (training molecules, frames not trained on)'],
  ['test-molecules.extxyz.gz', 'held-out molecules (never in training)'],
  ['test-small.extxyz', 'held-out molecules, small file (the test suite checks this row)'],
];
process.stderr.write('card: evaluating the data set with campjs eval …\n');
const errors = SETS.map(([file, what]) => ({ ...evaluate(file), what }));
const heldOut = errors[2];

const systems = manifest.systems;
const held = systems.filter((s) => s.split !== 'train');
const frames = (name) => manifest.files[name]?.frames ?? '?';
const f1 = (x) => x.toFixed(1);

const rows = readFileSync(v.metrics, 'utf8').trim().split('\n').map((l) => l.split(','));
const head = rows.shift();
const col = (name) => {
  const i = head.indexOf(name);
  if (i < 0) throw new Error(`card: ${v.metrics} has no column ${name}`);
  return i;
};
const [ep, lr, eMae, fMae, secs] = ['epoch', 'lr', 'val_ema_e_mae_meV/atom', 'val_ema_f_mae_meV/A', 'seconds'].map(col);
const seconds = rows.reduce((s, r) => s + Number(r[secs]), 0);
// About ten rows of the curve: first, last and evenly spaced epochs between.
const picks = [...new Set(Array.from({ length: Math.min(10, rows.length) }, (_, k) => Math.round((k * (rows.length - 1)) / Math.max(1, Math.min(10, rows.length) - 1))))];

const blocks = {
  summary: [
    `**${info.elements.join(', ')}** · GFN2-xTB labels · r_cut ${info.cutoff} Å · ${info.channels} channels, max_v ${info.maxV}, ${info.layers} layers · ${info.parameters} parameters (${modelBytes.length} bytes)`,
    `Held-out molecules (${heldOut.frames} frames): energy MAE ${f1(heldOut.energy.mae)} meV/atom, force MAE ${f1(heldOut.forces.mae)} meV/Å (RMSE ${f1(heldOut.forces.rmse)}).`,
    `SHA-256 \`${sha256}\``,
    '',
  ].join('\n'),
  sizes: [
    '| | |', '|---|---|',
    `| elements | ${info.elements.join(', ')} |`,
    `| cutoff r_cut | ${info.cutoff} Å |`,
    `| channels (max_u) | ${info.channels} |`,
    `| tensor rank max_v | ${info.maxV} |`,
    `| message-passing layers | ${info.layers} |`,
    `| Chebyshev degree | ${info.chebyshevDegree} |`,
    `| radial MLP | ${info.radialMlp.join(' → ')} |`,
    `| output MLP | ${info.outputMlp.join(' → ')} |`,
    `| parameters | ${info.parameters} (${info.dtype}) |`,
    `| file | \`campjs-hcno.campjs\`, ${modelBytes.length} bytes |`,
    `| SHA-256 | \`${sha256}\` |`,
    '',
  ].join('\n'),
  data: [
    '| file | frames |', '|---|---|',
    ...Object.keys(manifest.files).map((f) => `| \`data/${f}\` | ${frames(f)} |`),
    '',
    `${systems.length} systems (${systems.length - held.length} in training); held out whole: ${held.map((s) => s.name).join(', ')}.`,
    `Labels: ${manifest.labels.method}, xtb ${manifest.labels.xtb}; ${manifest.labels.units}. Seed ${manifest.seed}.`,
    '',
  ].join('\n'),
  curve: [
    `${rows.length} epochs, ${(seconds / 3600).toFixed(2)} h of training (sum of the CSV's seconds); validation errors of the EMA weights:`,
    '',
    '| epoch | lr | E MAE (meV/atom) | F MAE (meV/Å) |', '|---|---|---|---|',
    ...picks.map((i) => rows[i]).map((r) => `| ${r[ep]} | ${Number(r[lr]).toPrecision(3)} | ${f1(Number(r[eMae]))} | ${f1(Number(r[fMae]))} |`),
    '',
  ].join('\n'),
  errors: [
    '| file | frames | E MAE (meV/atom) | E RMSE (meV/atom) | F MAE (meV/Å) | F RMSE (meV/Å) | what |', '|---|---|---|---|---|---|---|',
    ...errors.map((e) => `| \`${e.file}\` | ${e.frames} | ${e.energy.mae.toFixed(3)} | ${e.energy.rmse.toFixed(3)} | ${e.forces.mae.toFixed(3)} | ${e.forces.rmse.toFixed(3)} | ${e.what} |`),
    '',
  ].join('\n'),
};

let card = readFileSync(v.card, 'utf8');
for (const [name, text] of Object.entries(blocks)) {
  const [open, close] = name === 'summary' ? ['<!-- summary -->', '<!-- /summary -->'] : [`<!-- card:${name} -->`, `<!-- /card:${name} -->`];
  const re = new RegExp(`${open}\\n[\\s\\S]*?${close}`);
  if (!re.test(card)) throw new Error(`card: ${v.card} has no ${open} … ${close} block`);
  card = card.replace(re, () => `${open}\n${text}${close}`);
}
if (v.check) {
  const same = card === readFileSync(v.card, 'utf8');
  process.stdout.write(same ? 'MODEL.md is up to date\n' : 'MODEL.md differs from the model and data: run node scripts/model/card.mjs\n');
  process.exit(same ? 0 : 1);
}
const tmp = `${v.card}.tmp`;
writeFileSync(tmp, card);
renameSync(tmp, v.card);
process.stdout.write(`wrote ${v.card} (model ${sha256.slice(0, 12)}…, held-out F MAE ${f1(heldOut.forces.mae)} meV/Å); run npm run build so that \`campjs info default\` shows it\n`);
