// The format registry (host/io/formats.ts): every format writes what it reads back, readers are
// picked by extension or, for unknown names, by content, and unknown names list what is known
// (also through `campjs opt -o`, checked before any work).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatExtxyz } from '../../host/io/extxyz.js';
import { FORMATS, formatForReading, formatForWriting, KNOWN_FORMATS } from '../../host/io/formats.js';
import type { StructureFrame } from '../../host/io/frame.js';
import { readStructures } from '../../host/io/read-structures.js';
import { icosahedron13 } from '../support/lattices.js';

const cli = fileURLToPath(new URL('../../dist/cli.mjs', import.meta.url));

/** A periodic frame with labels and info, and a molecule without any. */
const FRAMES: StructureFrame[] = [
  {
    atoms: {
      numbers: Int32Array.from([8, 1, 1]),
      positions: Float64Array.from([0.1, 0.2, 0.3, 1.0 / 3, 0, 0, -0.24, 0.93, 1e-17]),
      cell: Float64Array.from([5, 0, 0, 0.5, 6, 0, 0, 0, 7.25]),
      pbc: [true, true, true],
    },
    info: { config: 'water', temperature: 300 },
    arrays: {},
    energy: -14.25,
    forces: Float64Array.from([0.5, -0.25, 0.125, 1e-9, 2, -3, 0.1, 0.2, 0.3]),
  },
  { atoms: { numbers: Int32Array.from([6, 1]), positions: Float64Array.from([0, 0, 0, 1.09, 0, 0]), cell: null, pbc: [false, false, false] }, info: {}, arrays: {} },
];

for (const format of FORMATS) {
  test(`${format.name}: write → read round-trips atoms, cell, pbc, energy, forces and info`, () => {
    const name = `frames.${format.extensions[0]}`;
    const text = formatForWriting(name).write(FRAMES);
    assert.equal(formatForReading(name, text)?.name, format.name);
    const back = readStructures(text, name);
    assert.equal(back.length, FRAMES.length);
    FRAMES.forEach((f, k) => {
      const b = back[k];
      assert.deepEqual(Array.from(b.atoms.numbers), Array.from(f.atoms.numbers), `frame ${k}`);
      assert.deepEqual(Array.from(b.atoms.positions), Array.from(f.atoms.positions), `frame ${k}`);
      assert.deepEqual(b.atoms.cell ? Array.from(b.atoms.cell) : null, f.atoms.cell ? Array.from(f.atoms.cell) : null, `frame ${k}`);
      assert.deepEqual([...(b.atoms.pbc ?? [])], [...(f.atoms.pbc ?? [])], `frame ${k}`);
      assert.equal(b.energy, f.energy, `frame ${k}`);
      assert.deepEqual(b.forces && Array.from(b.forces), f.forces && Array.from(f.forces), `frame ${k}`);
      for (const [key, value] of Object.entries(f.info)) assert.deepEqual(b.info[key], value, `frame ${k} info ${key}`);
    });
  });

  test(`${format.name}: content with an unknown or missing extension is sniffed to its reader`, () => {
    const text = format.write(FRAMES);
    for (const name of ['frames.txt', 'frames', 'dir.d/data.dat']) {
      assert.equal(formatForReading(name, `\n  ${text}`)?.name, format.name, name);
      assert.equal(readStructures(text, name).length, 2, name);
    }
  });
}

test('an unknown format is refused naming the file and every known format', () => {
  assert.equal(KNOWN_FORMATS, '.xyz/.extxyz (extended XYZ) or .json (CAMP dataset JSON)');
  assert.throws(() => formatForWriting('out.cif'), /^Error: out\.cif: unknown format; use \.xyz\/\.extxyz \(extended XYZ\) or \.json \(CAMP dataset JSON\)$/);
  assert.throws(() => readStructures('data_x\n', 'x.cif'), /x\.cif: unknown structure format: expected \.xyz\/\.extxyz \(extended XYZ\) or \.json/);
});

test('campjs opt -o (CLI process): the writer follows the extension; an unknown one is refused before any work', () => {
  const dir = mkdtempSync(join(tmpdir(), 'campjs-formats-'));
  const input = join(dir, 'ico.xyz');
  writeFileSync(input, formatExtxyz([{ atoms: icosahedron13(18, 3.8), info: {}, arrays: {} }]));
  const opt = (out: string) => spawnSync(process.execPath, [cli, 'opt', '--model', 'lj:epsilon=0.0104,sigma=3.4,cutoff=8.5', input, '-o', out, '-q'], { encoding: 'utf8' });
  const json = join(dir, 'relaxed.json');
  const r = opt(json);
  assert.equal(r.status, 0, r.stderr);
  const [frame] = readStructures(readFileSync(json), json);
  assert.equal(frame.atoms.numbers.length, 13);
  assert.equal(frame.info.opt_converged, true);
  assert.ok(Number.isFinite(frame.energy));
  const cif = join(dir, 'relaxed.cif');
  const bad = opt(cif);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /-o .*relaxed\.cif: campjs writes extended XYZ or CAMP dataset JSON here, which '\.cif' does not say; give it a \.xyz or a \.extxyz or a \.json name/);
  assert.doesNotMatch(bad.stdout, /converged/);
  assert.equal(existsSync(cif), false);
});

test('CAMP JSON writer: non-finite numbers and info keys that clash with its columns are refused, naming them', () => {
  const nan = { ...FRAMES[1], atoms: { ...FRAMES[1].atoms, positions: Float64Array.from([0, 0, 0, NaN, 0, 0]) } };
  assert.throws(() => formatForWriting('a.json').write([FRAMES[0], nan]), /^Error: frame 1: positions: cannot write the non-finite number NaN$/);
  assert.throws(() => formatForWriting('a.json').write([{ ...FRAMES[1], energy: Infinity }]), /frame 0: energy: cannot write the non-finite number Infinity/);
  assert.throws(() => formatForWriting('a.json').write([{ ...FRAMES[1], info: { coords: 1 } }]), /frame info 'coords' clashes with a CAMP JSON column/);
});
