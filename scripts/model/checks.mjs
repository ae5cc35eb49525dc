// What the model acceptance scripts (stability.mjs, opt-check.mjs) share: the molecules to check,
// child `campjs` processes run a few at a time, bond graphs, and their JSON + Markdown reports.
// Run them under tsx (`node --import tsx …`): the bond rule takes host/elements.ts's radii.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { covalentRadius } from '../../host/elements.ts';
import { readStructures } from '../../host/io/read-structures.ts';
import { cliPath, repoRoot } from './paths.mjs';

export const BUILTIN_EXAMPLES = ['aspirin', 'ethanol', 'alanine-dipeptide', 'water-16'];

/** The held-out systems of the data set (data/manifest.json: split other than 'train'), as geometry files. */
export function heldOutMolecules(dataDir) {
  const manifest = JSON.parse(readFileSync(join(dataDir, 'manifest.json'), 'utf8'));
  return manifest.systems.filter((s) => s.split !== 'train').map((s) => ({ name: s.name, file: join(dataDir, 'geometries', `${s.name}.xyz`) }));
}

/** The built-in examples and the held-out molecules: [{ name, file, kind }]. */
export function moleculesToCheck(dataDir, { examples = true } = {}) {
  return [
    ...(examples ? BUILTIN_EXAMPLES.map((name) => ({ name, file: join(repoRoot, 'examples', `${name}.xyz`), kind: 'example' })) : []),
    ...heldOutMolecules(dataDir).map((m) => ({ ...m, kind: 'held out' })),
  ];
}

/** --only NAME,…: those molecules (each must be one of `molecules`), or all when absent. */
export function onlyThese(molecules, only) {
  if (only === undefined) return molecules;
  const names = only.split(',');
  const unknown = names.find((n) => !molecules.some((m) => m.name === n));
  if (unknown !== undefined) throw new Error(`--only ${only}: '${unknown}' is not one of ${molecules.map((m) => m.name).join(', ')}`);
  return molecules.filter((m) => names.includes(m.name));
}

/** One child process: resolves to { status, stdout, stderr } (never rejects on a non-zero exit). */
export function runNode(args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** `campjs …args` in a child process. */
export const campjs = (args) => runNode([cliPath, ...args]);

/** Runs `task(item)` for every item, at most `jobs` at a time; results in the items' order. */
export async function pool(items, jobs, task) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const k = next++;
      results[k] = await task(items[k], k);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
  return results;
}

/** Frames of a structure file (campjs's reader). */
export function readFrames(path) {
  return readStructures(readFileSync(path), path);
}

/** Bonds of a frame: pairs closer than 1.25 × the sum of their covalent radii (as data/'s scripts), as "i-j" keys with lengths, Å. */
export function bondGraph(atoms) {
  const { numbers: z, positions: p } = atoms;
  const bonds = new Map();
  for (let j = 0; j < z.length; j++) for (let i = 0; i < j; i++) {
    const d = Math.hypot(p[3 * i] - p[3 * j], p[3 * i + 1] - p[3 * j + 1], p[3 * i + 2] - p[3 * j + 2]);
    if (d < 1.25 * (covalentRadius(z[i]) + covalentRadius(z[j]))) bonds.set(`${i}-${j}`, d);
  }
  return bonds;
}

/** Bonds in `a` and not in `b`. */
export const bondsMissing = (a, b) => [...a.keys()].filter((k) => !b.has(k));

/** Integer option ≥ 1. */
export function positiveInt(name, raw) {
  const x = Number(raw);
  if (!Number.isInteger(x) || x < 1) throw new Error(`--${name} ${raw}: expected an integer ≥ 1`);
  return x;
}

/** Writes <out>.json and <out>.md, refusing to replace existing ones unless `force`. */
export function writeReport(out, json, markdown, force) {
  for (const ext of ['.json', '.md']) if (!force && existsSync(out + ext)) throw new Error(`${out}${ext} exists (pass --force to replace it)`);
  for (const [ext, text] of [['.json', `${JSON.stringify(json, null, 1)}\n`], ['.md', markdown]]) {
    writeFileSync(`${out}${ext}.tmp`, text);
    renameSync(`${out}${ext}.tmp`, out + ext);
  }
  process.stdout.write(`wrote ${out}.json, ${out}.md\n`);
}

/** Ends a script with a one-line error (exit 1) instead of a stack trace. */
export function main(name, body) {
  body().catch((err) => {
    process.stderr.write(`${name}: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
