#!/usr/bin/env node
// Steps 2–3 of the data set (npm run data): from the committed starting geometries
// (data/geometries/, make-geometries.mjs), sample configurations (sample.mjs), label them with
// GFN2-xTB (label.mjs) and write the splits (split.mjs):
//   train.extxyz.gz, valid.extxyz.gz, test-molecules.extxyz.gz (gzip: the readers take it),
//   test-small.extxyz, manifest.json (counts and SHA-256 of every system's frames and file;
//   deterministic) and timings.json (measured seconds; differs run to run).
//   node scripts/data/build.mjs [--only a,b] [--geometries data/geometries] [--out data] [--force]
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import { parseOptions, runMain } from './cli-args.mjs';
import { writeOutput } from './files.mjs';
import { labelConfigurations } from './label.mjs';
import { SYSTEMS, systemNamed } from './molecules.mjs';
import { DATA_SEED, PLAN } from './plan.mjs';
import { sampleConfigurations } from './sample.mjs';
import { assignFrames, SPLIT_FILES } from './split.mjs';
import { BOHR_ANG, HARTREE_EV } from './units.mjs';
import { xtbVersion } from './xtb.mjs';
import { parseXyzFrames, rounded } from './xyz.mjs';

const USAGE = 'build.mjs [--only name,name] [--geometries DIR] [--out DIR] [--force]';
const { values } = parseOptions('data', {
  only: { type: 'string' }, geometries: { type: 'string', default: 'data/geometries' },
  out: { type: 'string', default: 'data' }, force: { type: 'boolean', default: false },
}, USAGE);

const sha256 = (text) => createHash('sha256').update(text).digest('hex');
const seconds = (t0) => Number(((performance.now() - t0) / 1000).toFixed(2));

function readGeometry(system) {
  const path = join(values.geometries, `${system.name}.xyz`);
  if (!existsSync(path)) throw new Error(`${path} is missing: run node scripts/data/make-geometries.mjs first`);
  const [frame] = parseXyzFrames(readFileSync(path, 'utf8'), path);
  return rounded(frame);
}

runMain('data', () => {
  const systems = values.only ? values.only.split(',').map(systemNamed) : SYSTEMS;
  const outputs = [...SPLIT_FILES.map((f) => `${f}.extxyz.gz`), 'test-small.extxyz', 'manifest.json', 'timings.json'].map((f) => join(values.out, f));
  const present = outputs.filter((p) => existsSync(p));
  if (present.length && !values.force) throw new Error(`${present.join(', ')} exist; pass --force to replace them`);

  const texts = Object.fromEntries([...SPLIT_FILES, 'test-small'].map((f) => [f, []]));
  const manifestSystems = [], timingSystems = [];
  const t0 = performance.now();
  for (const system of systems) {
    const start = readGeometry(system);
    const ts = performance.now();
    const configurations = sampleConfigurations(system, start, DATA_SEED);
    const sampleS = seconds(ts);
    const tl = performance.now();
    const { frames, skipped } = labelConfigurations(system, configurations);
    const labelS = seconds(tl);
    const counts = {};
    assignFrames(system, frames, DATA_SEED).forEach((files, i) => {
      for (const f of files) {
        texts[f].push(frames[i].text);
        counts[f] = (counts[f] ?? 0) + 1;
      }
    });
    manifestSystems.push({ name: system.name, split: system.split, atoms: start.symbols.length, frames: frames.length, counts, skipped, sha256: sha256(frames.map((f) => f.text).join('')) });
    timingSystems.push({ name: system.name, sampleSeconds: sampleS, labelSeconds: labelS, labels: configurations.length });
    console.log(`${system.name}: ${frames.length} frames (${start.symbols.length} atoms; md ${sampleS} s, labels ${labelS} s)${skipped.length ? `, ${skipped.length} skipped` : ''}`);
  }

  const files = {};
  for (const [name, parts] of Object.entries(texts)) {
    const text = parts.join('');
    const file = name === 'test-small' ? `${name}.extxyz` : `${name}.extxyz.gz`;
    // mtime 0: the gzip header then holds no time, and the bytes depend on the data only.
    const bytes = name === 'test-small' ? text : gzipSync(new TextEncoder().encode(text), { level: 9, mtime: 0 });
    writeOutput(join(values.out, file), bytes, values.force);
    files[file] = { frames: parts.length, sha256: sha256(text) };
  }
  const manifest = {
    about: 'campjs built-in training data (issue 13): GFN2-xTB labels by scripts/data/build.mjs; see data/README.md',
    labels: { method: 'GFN2-xTB single point (xtb --grad), neutral, closed shell', xtb: xtbVersion(), units: 'energy eV, forces eV/Å, positions Å', hartreeEv: HARTREE_EV, bohrAngstrom: BOHR_ANG },
    seed: DATA_SEED, plan: PLAN, files, systems: manifestSystems,
  };
  writeOutput(join(values.out, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`, values.force);
  writeOutput(join(values.out, 'timings.json'), `${JSON.stringify({ totalSeconds: seconds(t0), systems: timingSystems }, null, 1)}\n`, values.force);
  console.log(`wrote ${Object.entries(files).map(([f, v]) => `${f} (${v.frames} frames)`).join(', ')} in ${seconds(t0)} s`);
});
