// gzip-compressed structure files (the built-in data set ships as data/*.extxyz.gz): readers
// take them by their magic bytes, with the same frames as the plain file, and a damaged one is
// an error naming the file — in the API and through the real CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import { readStructures } from '../../host/io/read-structures.js';
import { syntheticCheckpoint } from '../support/ckpt-synthetic.js';
import { needsBuild, runCli } from '../support/cli.js';

const TEXT = [
  '3', 'Properties=species:S:1:pos:R:3:forces:R:3 energy=-137.5 system=water pbc="F F F"',
  'O 0.0 0.0 0.1 0.5 -0.1 0.0', 'H 0.96 0.0 0.0 -0.3 0.2 0.1', 'H -0.24 0.93 0.0 -0.2 -0.1 -0.1',
  '3', 'Properties=species:S:1:pos:R:3:forces:R:3 energy=-137.2 system=water pbc="F F F"',
  'O 0.0 0.1 0.0 0.4 -0.2 0.1', 'H 1.0 0.0 0.0 -0.3 0.3 0.0', 'H -0.2 0.9 0.1 -0.1 -0.1 -0.1', '',
].join('\n');
const gz = gzipSync(new TextEncoder().encode(TEXT), { mtime: 0 });

test('readStructures reads gzip content as the text it holds (frames, labels, info)', () => {
  const plain = readStructures(TEXT, 'w.extxyz');
  const packed = readStructures(gz, 'w.extxyz.gz');
  assert.equal(packed.length, 2);
  assert.deepEqual(packed, plain);
  assert.equal(packed[1].energy, -137.2);
});

test('a damaged or truncated gzip file is an error naming the file', () => {
  assert.throws(() => readStructures(gz.slice(0, gz.length - 12), 'cut.extxyz.gz'), /^StructureFormatError: cut\.extxyz\.gz: damaged gzip data/);
  const bad = gz.slice();
  bad[12] ^= 0xff;
  assert.throws(() => readStructures(bad, 'bad.extxyz.gz'), /bad\.extxyz\.gz: damaged gzip data/);
});

test('campjs eval gives the same output for a .extxyz.gz file as for the plain file', needsBuild, () => {
  const dir = mkdtempSync(join(tmpdir(), 'campjs-gz-'));
  const model = join(dir, 'syn.ckpt');
  writeFileSync(model, syntheticCheckpoint());
  writeFileSync(join(dir, 'w.extxyz'), TEXT);
  writeFileSync(join(dir, 'w.extxyz.gz'), gz);
  const plain = runCli(['eval', '--model', model, join(dir, 'w.extxyz')]);
  const packed = runCli(['eval', '--model', model, join(dir, 'w.extxyz.gz')]);
  assert.equal(plain.status, 0, plain.stderr);
  assert.equal(packed.status, 0, packed.stderr);
  assert.match(packed.stdout, /force/i);
  assert.equal(packed.stdout.replaceAll('w.extxyz.gz', 'w.extxyz'), plain.stdout);

  writeFileSync(join(dir, 'cut.extxyz.gz'), gz.slice(0, 30));
  const cut = runCli(['eval', '--model', model, join(dir, 'cut.extxyz.gz')]);
  assert.equal(cut.status, 1);
  assert.match(cut.stderr, /cut\.extxyz\.gz: damaged gzip data/);
});
