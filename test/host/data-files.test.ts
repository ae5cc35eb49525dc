// The committed training data of the built-in model (data/, made by scripts/data/; issue 13):
// every file reads with campjs's own reader, matches its manifest entry (frames, SHA-256 of
// the text), holds only H/C/N/O frames with finite GFN2-xTB energies and forces, keeps held-out
// molecules out of training and validation, and stays small enough to commit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'fflate';
import { readStructures } from '../../host/io/read-structures.js';
import type { StructureFrame } from '../../host/io/frame.js';
import { repoRoot } from '../support/shared.js';

interface Manifest {
  files: Record<string, { frames: number; sha256: string }>;
  systems: { name: string; split: 'train' | 'test'; atoms: number; frames: number; counts: Record<string, number> }[];
}
const dataDir = join(repoRoot, 'data');
const manifest = JSON.parse(readFileSync(join(dataDir, 'manifest.json'), 'utf8')) as Manifest;
const bytesOf = (file: string) => readFileSync(join(dataDir, file));
const textOf = (file: string) => {
  const b = bytesOf(file);
  return new TextDecoder().decode(file.endsWith('.gz') ? gunzipSync(b) : b);
};
const framesOf = (file: string): StructureFrame[] => readStructures(bytesOf(file), file);
const systemOf = (f: StructureFrame) => String(f.info.system);
const split = new Map(manifest.systems.map((s) => [s.name, s.split]));
const MB = 1 << 20;

test('every data file matches its manifest entry (frame count, SHA-256 of the text)', () => {
  assert.deepEqual(Object.keys(manifest.files).sort(), ['test-molecules.extxyz.gz', 'test-small.extxyz', 'train.extxyz.gz', 'valid.extxyz.gz']);
  for (const [file, entry] of Object.entries(manifest.files)) {
    assert.equal(createHash('sha256').update(textOf(file)).digest('hex'), entry.sha256, file);
    assert.equal(framesOf(file).length, entry.frames, file);
  }
  const total = manifest.systems.reduce((a, s) => a + s.frames, 0);
  assert.equal(manifest.files['train.extxyz.gz'].frames + manifest.files['valid.extxyz.gz'].frames + manifest.files['test-molecules.extxyz.gz'].frames, total);
  assert.ok(total >= 2000, `${total} frames`);
});

test('every frame: H, C, N, O only, no cell, finite energy (eV) and forces (eV/Å), a known system', () => {
  for (const file of Object.keys(manifest.files)) {
    for (const [k, f] of framesOf(file).entries()) {
      const where = `${file} frame ${k}`;
      assert.ok(split.has(systemOf(f)), `${where}: system ${systemOf(f)}`);
      assert.ok(Array.from(f.atoms.numbers).every((z) => z === 1 || z === 6 || z === 7 || z === 8), `${where}: elements`);
      assert.equal(f.atoms.cell, null, where);
      assert.ok(Number.isFinite(f.energy), `${where}: energy`);
      assert.equal(f.forces?.length, 3 * f.atoms.numbers.length, `${where}: forces`);
      assert.ok(f.forces!.every(Number.isFinite), `${where}: forces finite`);
      // Total GFN2-xTB energies are negative and below −2 eV per atom for these elements.
      assert.ok(f.energy! < -2 * f.atoms.numbers.length, `${where}: energy ${f.energy}`);
    }
  }
});

test('held-out molecules are only in the test files, and each is there whole', () => {
  const heldOut = manifest.systems.filter((s) => s.split === 'test');
  assert.ok(heldOut.length >= 5 && heldOut.some((s) => s.name.startsWith('water-')), 'held-out molecules and water clusters');
  for (const file of ['train.extxyz.gz', 'valid.extxyz.gz']) {
    for (const f of framesOf(file)) assert.equal(split.get(systemOf(f)), 'train', `${file}: ${systemOf(f)} is held out`);
  }
  const test = framesOf('test-molecules.extxyz.gz');
  for (const s of heldOut) assert.equal(test.filter((f) => systemOf(f) === s.name).length, s.frames, s.name);
  for (const f of test) assert.equal(split.get(systemOf(f)), 'test', systemOf(f));
  const testText = textOf('test-molecules.extxyz.gz');
  const small = textOf('test-small.extxyz').split(/(?=^\d+\n)/m);
  assert.ok(small.length >= heldOut.length, 'test-small has frames of every held-out system');
  for (const frame of small) assert.ok(testText.includes(frame), 'a test-small frame is a test-molecules frame');
});

test('sampling covers close contacts and several temperatures', () => {
  const train = framesOf('train.extxyz.gz');
  const configs = new Set(train.map((f) => String(f.info.config).replace(/[\d.]+K?$/, '')));
  assert.deepEqual([...configs].sort(), ['compress', 'contact', 'displace', 'md']);
  for (const t of ['md300K', 'md600K', 'md1000K']) assert.ok(train.some((f) => f.info.config === t), t);
  // The shortest pair in the contact frames is well inside a bond (C–H ≈ 1.09 Å, O–H ≈ 0.97 Å).
  let shortest = Infinity;
  for (const f of train.filter((x) => x.info.config === 'contact')) {
    const p = f.atoms.positions, n = f.atoms.numbers.length;
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) {
      shortest = Math.min(shortest, Math.hypot(p[3 * i] - p[3 * j], p[3 * i + 1] - p[3 * j + 1], p[3 * i + 2] - p[3 * j + 2]));
    }
  }
  assert.ok(shortest < 0.6, `shortest contact ${shortest} Å`);
});

test('committed data and example files stay well under 2 MB each', () => {
  const files = [...readdirSync(dataDir).map((f) => join(dataDir, f)), ...readdirSync(join(repoRoot, 'examples')).map((f) => join(repoRoot, 'examples', f))];
  for (const path of files.filter((p) => statSync(p).isFile())) assert.ok(statSync(path).size < 1.5 * MB, `${path}: ${statSync(path).size} bytes`);
});

test('the built-in examples read as molecules of the data set (same atoms as their starting geometry)', () => {
  for (const name of ['aspirin', 'ethanol', 'alanine-dipeptide', 'water-16']) {
    const [example] = readStructures(readFileSync(join(repoRoot, 'examples', `${name}.xyz`)), `${name}.xyz`);
    const [start] = readStructures(readFileSync(join(dataDir, 'geometries', `${name}.xyz`)), `${name}.xyz`);
    assert.equal(example.atoms.cell, null, name);
    assert.deepEqual(example.atoms.numbers, start.atoms.numbers, name);
    assert.deepEqual(example.atoms.positions, start.atoms.positions, name);
    assert.ok(split.get(name) === 'train', `${name} is a training system`);
  }
});
