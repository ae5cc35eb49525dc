// CAMP dataset JSON (pandas column dict) and the format dispatch of readStructures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCampJson } from '../../host/io/camp-json.js';
import { StructureFormatError } from '../../host/io/format-error.js';
import { detectFormat, readStructures } from '../../host/io/read-structures.js';
import { needsShared, readShared, readSharedJson } from '../support/shared.js';

interface RefStructure { name: string; numbers: number[]; positions: number[][]; cell: number[][]; pbc: boolean[]; meta: { dft_energy: number } }

test('water_test.json: 81 periodic frames of 192 atoms with total DFT energy and forces', needsShared, () => {
  const frames = readStructures(readShared('data', 'water_test.json'), 'water_test.json');
  const raw = readSharedJson<{ forces: Record<string, number[][]> }>('data', 'water_test.json');
  const ref = readSharedJson<{ structures: RefStructure[] }>('reference/water__water_test.json').structures;
  assert.equal(frames.length, 81);
  frames.forEach((f, i) => {
    assert.equal(f.atoms.numbers.length, 192);
    assert.deepEqual(Array.from(f.atoms.numbers), ref[i].numbers);
    assert.deepEqual(Array.from(f.atoms.positions), ref[i].positions.flat());
    assert.deepEqual(Array.from(f.atoms.cell!), ref[i].cell.flat());
    assert.deepEqual(f.atoms.pbc, [true, true, true]);
    assert.equal(f.energy, ref[i].meta.dft_energy); // the total energy, eV (≈ −156 eV per atom)
    assert.deepEqual(Array.from(f.forces!), raw.forces[String(i)].flat());
    assert.deepEqual(f.info, {});
  });
  assert.ok(frames[0].energy! / 192 < -150);
});

const ONE = { coords: { 0: [[0, 0, 0], [0, 0, 0.74]] }, atomic_number: { 0: [1, 1] } };
const parse = (data: unknown) => parseCampJson(typeof data === 'string' ? data : JSON.stringify(data), 'd.json');

test('optional columns: molecules without cell/pbc/labels, scalar pbc, extra columns kept in info', () => {
  const [m] = parse(ONE);
  assert.equal(m.atoms.cell, null);
  assert.deepEqual(m.atoms.pbc, [false, false, false]);
  assert.equal(m.energy, undefined);
  assert.equal(m.forces, undefined);
  const [p] = parse({ ...ONE, cell: { 0: [[5, 0, 0], [0, 5, 0], [0, 0, 5]] }, pbc: { 0: true }, energy: { 0: null }, config_type: { 0: 'dimer' } });
  assert.deepEqual(p.atoms.pbc, [true, true, true]);
  assert.equal(p.energy, undefined);
  assert.deepEqual(p.info, { config_type: 'dimer' });
});

test('a cell without a pbc column is periodic, as for extxyz; a null or zero cell is not', () => {
  const cell = [[5, 0, 0], [0, 5, 0], [0, 0, 5]];
  const [p] = parse({ ...ONE, cell: { 0: cell } });
  assert.deepEqual(p.atoms.pbc, [true, true, true]);
  const molecules = parse({ coords: { 0: ONE.coords[0], 1: ONE.coords[0] }, atomic_number: { 0: [1, 1], 1: [1, 1] }, cell: { 0: null, 1: [[0, 0, 0], [0, 0, 0], [0, 0, 0]] } });
  assert.deepEqual(molecules.map((m) => m.atoms.pbc), [[false, false, false], [false, false, false]]);
  const [explicit] = parse({ ...ONE, cell: { 0: cell }, pbc: { 0: [true, true, false] } });
  assert.deepEqual(explicit.atoms.pbc, [true, true, false]);
});

const BAD: [string, unknown, RegExp][] = [
  ['not JSON', '{"coords": ', /^d\.json: not valid JSON: /],
  ['a list at the top', [1, 2], /^d\.json: \(top level\): expected an object of columns/],
  ['no coords', { atomic_number: {} }, /^d\.json: coords: expected an object keyed by frame index, found undefined$/],
  ['a column that is a list', { ...ONE, energy: [1] }, /^d\.json: energy: expected an object keyed by frame index, found \[1\]$/],
  ['no frames', { coords: {}, atomic_number: {} }, /^d\.json: coords: no frames$/],
  ['a frame missing from a column', { ...ONE, energy: { 1: 0 } }, /^d\.json: energy: no entry for frame "0" \(which coords has\)$/],
  ['a short coordinate row', { ...ONE, coords: { 0: [[0, 0, 0], [0, 0]] } }, /^d\.json: coords\["0"\]\[1\]: expected \[x, y, z\], found \[0,0\]$/],
  ['a null coordinate', { ...ONE, coords: { 0: [[0, 0, null], [0, 0, 1]] } }, /^d\.json: coords\["0"\]\[0\]\[2\]: expected a finite number, found null$/],
  ['an overflowing coordinate', '{"coords":{"0":[[0,0,1e999]]},"atomic_number":{"0":[1]}}', /^d\.json: coords\["0"\]\[0\]\[2\]: expected a finite number, found Infinity$/],
  ['too few atomic numbers', { ...ONE, atomic_number: { 0: [1] } }, /^d\.json: atomic_number\["0"\]: expected 2 atomic numbers \(one per coords row\), found \[1\]$/],
  ['an atomic number of 0', { ...ONE, atomic_number: { 0: [1, 0] } }, /^d\.json: atomic_number\["0"\]\[1\]: expected an atomic number 1..118, found 0$/],
  ['a 2-row cell', { ...ONE, cell: { 0: [[5, 0, 0], [0, 5, 0]] } }, /^d\.json: cell\["0"\]: expected 3 rows, found 2$/],
  ['a bad pbc', { ...ONE, pbc: { 0: 'yes' } }, /^d\.json: pbc\["0"\]: expected three booleans, found "yes"$/],
  ['periodic without a cell', { ...ONE, pbc: { 0: [true, true, true] } }, /^d\.json: pbc\["0"\]: periodic, but the cell is missing or zero$/],
  ['an energy string', { ...ONE, energy: { 0: '-1.0' } }, /^d\.json: energy\["0"\]: expected a finite number, found "-1.0"$/],
  ['a frame other columns have but coords lacks', { ...ONE, atomic_number: { 0: [1, 1], 1: [1] }, energy: { 0: 0, 1: 0 } }, /^d\.json: coords: no entry for frame "1" \(which atomic_number has\)$/],
  ['a gap in the frame index', { coords: { 0: [[0, 0, 0]], 2: [[0, 0, 0]] }, atomic_number: { 0: [1], 2: [1] } }, /^d\.json: coords: no entry for frame "1" \(frame indices run 0\.\.2 with gaps\)$/],
  ['a 0-atom frame', { coords: { 0: [] }, atomic_number: { 0: [] } }, /^d\.json: coords\["0"\]: frame has 0 atoms; a structure needs at least one atom$/],
  ['forces for too few atoms', { ...ONE, forces: { 0: [[0, 0, 0]] } }, /^d\.json: forces\["0"\]: expected 2 rows, found 1$/],
];

for (const [what, data, message] of BAD) {
  test(`bad CAMP JSON: ${what}`, () => {
    assert.throws(() => parse(data), (e: unknown) => e instanceof StructureFormatError && message.test(e.message));
  });
}

test('readStructures picks the format by extension, else by content, and refuses the rest', () => {
  const xyz = '1\n\nH 0 0 0\n';
  const json = JSON.stringify(ONE);
  assert.equal(detectFormat('a.XYZ', ''), 'extxyz');
  assert.equal(detectFormat('dir.v2/a.extxyz', ''), 'extxyz');
  assert.equal(detectFormat('a.json', ''), 'camp-json');
  assert.equal(detectFormat('frames.txt', xyz), 'extxyz');
  assert.equal(detectFormat('data', `  ${json}`), 'camp-json');
  assert.equal(detectFormat('x.cif', 'data_x\n'), null);
  assert.equal(readStructures(new TextEncoder().encode(xyz), 'frames.txt').length, 1);
  assert.equal(readStructures(json, 'noext').length, 1);
  assert.throws(() => readStructures('data_x\n', 'x.cif'), /^StructureFormatError: x\.cif: unknown structure format: expected \.xyz\/\.extxyz \(extended XYZ\) or \.json \(CAMP dataset JSON\)$/);
  assert.throws(() => readStructures(Uint8Array.from([0x31, 0x0a, 0xff, 0xfe]), 'bin.xyz'), /bin\.xyz: not UTF-8 text/);
  assert.throws(() => readStructures(xyz, 'wrong.json'), /wrong\.json: not valid JSON/);
});
