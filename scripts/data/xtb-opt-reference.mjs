#!/usr/bin/env node
// The reference for issue 13's relaxation check ("relaxations end within 0.03 Å of xtb's own
// --opt"): relaxes each given molecule with `xtb --opt` and prints its bond lengths (Å); with
// --compare, also the bond lengths of another relaxation of the same molecules (same atom
// order, e.g. `campjs opt -o relaxed.extxyz`) and the largest difference, exiting 1 above
// --tolerance. Inputs: XYZ or extended-XYZ files whose columns start with species and positions
// (every frame is a molecule), or names of systems of the data set (data/geometries/<name>.xyz).
//   node scripts/data/xtb-opt-reference.mjs aspirin paracetamol.xyz [--level tight] [--compare relaxed.extxyz]
//        [--tolerance 0.03] [--json out.json] [--force]
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bonds } from './bonds.mjs';
import { parseOptions, runMain } from './cli-args.mjs';
import { writeOutput } from './files.mjs';
import { SYSTEMS } from './molecules.mjs';
import { optimize } from './xtb.mjs';
import { parseXyzFrames, rounded } from './xyz.mjs';

const LEVELS = ['crude', 'sloppy', 'loose', 'lax', 'normal', 'tight', 'vtight', 'extreme'];
const USAGE = 'xtb-opt-reference.mjs FILE|SYSTEM... [--level normal|tight|...] [--compare FILE] [--tolerance Å] [--json FILE] [--force]';
const { values, positionals } = parseOptions('xtb-opt-reference', {
  level: { type: 'string', default: 'tight' }, compare: { type: 'string' }, tolerance: { type: 'string', default: '0.03' },
  json: { type: 'string' }, force: { type: 'boolean', default: false },
}, USAGE);

/** The molecules named on the command line: [{ label, atoms }]. */
function inputs() {
  if (positionals.length === 0) throw new Error(`no molecules given\nusage: ${USAGE}`);
  return positionals.flatMap((arg) => {
    const path = existsSync(arg) ? arg : SYSTEMS.some((s) => s.name === arg) ? join('data/geometries', `${arg}.xyz`) : null;
    if (!path) throw new Error(`${arg}: neither a file nor a system of the data set (${SYSTEMS.map((s) => s.name).join(', ')})`);
    const frames = parseXyzFrames(readFileSync(path, 'utf8'), path);
    return frames.map((f, k) => ({ label: frames.length > 1 ? `${arg} frame ${k}` : arg, atoms: rounded(f) }));
  });
}

runMain('xtb-opt-reference', () => {
  if (!LEVELS.includes(values.level)) throw new Error(`--level ${values.level}: expected one of ${LEVELS.join(', ')}`);
  const tolerance = Number(values.tolerance);
  if (!(tolerance > 0)) throw new Error(`--tolerance ${values.tolerance}: expected a positive number of Å`);
  const molecules = inputs();
  const others = values.compare ? parseXyzFrames(readFileSync(values.compare, 'utf8'), values.compare) : null;
  if (others && others.length !== molecules.length) throw new Error(`--compare ${values.compare}: ${others.length} frames for ${molecules.length} molecules`);
  const report = [];
  let worst = 0;
  molecules.forEach(({ label, atoms }, k) => {
    const relaxed = optimize(atoms, values.level, `${label}: xtb --opt ${values.level}`);
    const ref = bonds(relaxed);
    console.log(`${label}: ${ref.length} bonds after xtb --opt ${values.level} (Å)`);
    let other = null;
    if (others) {
      if (others[k].symbols.join() !== atoms.symbols.join()) throw new Error(`--compare ${values.compare} frame ${k}: atoms differ from ${label}`);
      const p = others[k].positions;
      other = ref.map(({ i, j }) => Math.sqrt((p[i][0] - p[j][0]) ** 2 + (p[i][1] - p[j][1]) ** 2 + (p[i][2] - p[j][2]) ** 2));
    }
    ref.forEach((b, n) => {
      const d = other ? other[n] - b.length : 0;
      worst = Math.max(worst, Math.abs(d));
      console.log(`  ${b.pair.padEnd(10)} ${b.length.toFixed(4)}${other ? `  ${other[n].toFixed(4)}  Δ ${d >= 0 ? '+' : ''}${d.toFixed(4)}` : ''}`);
    });
    report.push({ molecule: label, level: values.level, bonds: ref.map((b, n) => ({ ...b, ...(other && { compared: other[n] }) })) });
  });
  if (values.json) writeOutput(values.json, `${JSON.stringify(report, null, 1)}\n`, values.force);
  if (others) {
    console.log(`largest bond-length difference: ${worst.toFixed(4)} Å (tolerance ${tolerance} Å)`);
    if (worst > tolerance) process.exit(1);
  }
});
