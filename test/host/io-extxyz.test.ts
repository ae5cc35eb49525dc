// Extended XYZ: the shared files, what ASE 3.22 writes, the layout we write, and every error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatExtxyz, parseExtxyz } from '../../host/io/extxyz.js';
import { StructureFormatError } from '../../host/io/format-error.js';
import type { StructureFrame } from '../../host/io/frame.js';
import { needsShared, readShared, readSharedJson } from '../support/shared.js';

const text = (...parts: string[]) => new TextDecoder().decode(readShared(...parts));
interface RefStructure { numbers: number[]; positions: number[][]; cell: number[][] | null; pbc: boolean[]; meta: { dft_energy?: number; dft_forces?: number[][] } }

test('liquid-64.xyz: 192 atoms of water in a periodic cube, as the NVE reference read it', needsShared, () => {
  const frames = parseExtxyz(text('data', 'liquid-64.xyz'), 'liquid-64.xyz');
  assert.equal(frames.length, 1);
  const { atoms, energy, forces, info, arrays } = frames[0];
  const md = readSharedJson<{ numbers: number[]; cell: number[][]; initial: { positions: number[][] } }>('reference/md/md_water64_nve_500x0.5fs.json');
  assert.equal(atoms.numbers.length, 192);
  assert.deepEqual(Array.from(atoms.numbers), md.numbers);
  assert.deepEqual(Array.from(atoms.positions), md.initial.positions.flat());
  assert.deepEqual(Array.from(atoms.cell!), md.cell.flat());
  assert.deepEqual(atoms.pbc, [true, true, true]);
  assert.equal(energy, undefined);
  assert.equal(forces, undefined);
  assert.equal(atoms.velocities, undefined);
  assert.deepEqual(info, {});
  assert.deepEqual(arrays, {});
});

test('lips_config.xyz: 83-atom triclinic LiPS with DFT energy and forces', needsShared, () => {
  const [frame] = parseExtxyz(text('data', 'lips_config.xyz'), 'lips_config.xyz');
  const ref = readSharedJson<{ structures: RefStructure[] }>('reference/lips-10__lips.json').structures[0];
  assert.equal(frame.atoms.numbers.length, 83);
  assert.deepEqual(Array.from(frame.atoms.numbers), ref.numbers);
  assert.deepEqual(Array.from(frame.atoms.positions), ref.positions.flat());
  assert.deepEqual(Array.from(frame.atoms.cell!), ref.cell!.flat()); // Lattice rows are cell vectors
  assert.equal(frame.energy, ref.meta.dft_energy);
  assert.deepEqual(Array.from(frame.forces!), ref.meta.dft_forces!.flat());
  const count = (z: number) => Array.from(frame.atoms.numbers).filter((x) => x === z).length;
  assert.deepEqual([count(3), count(15), count(16)], [27, 12, 44]);
});

// Written by ASE 3.22.1 (ase.io.write, format='extxyz') from H2O with velocities, info of every
// kind and a SinglePointCalculator (energy, free_energy, forces, stress), then a lone Li atom.
const ASE_WRITTEN = `3
Lattice="5.0 0.0 0.0 0.5 6.0 0.0 0.1 0.2 7.0" Properties=species:S:1:pos:R:3:momenta:R:3:forces:R:3 step=7 temperature=301.5 name="water molecule" tag=abc flag=T vec="1.5 2.5 3.5" meta="_JSON {\\"a\\": 1, \\"b\\": \\"x\\"}" energy=-14.25 stress="0.01 0.006 0.005 0.006 0.02 0.004 0.005 0.004 0.03" free_energy=-14.3 pbc="T T F"
H        0.10000000       0.20000000       0.30000000       0.01026195       0.02052390      -0.03078585       0.10000000      -0.20000000       0.30000000
H        0.90000000      -0.10000000       0.25000000       0.10261950       0.00000000      -0.20523899       0.00000000       0.50000000      -0.50000000
O        0.00000000       0.00000000      -0.50000000       0.08143896      -0.01628779       0.03257558      -0.10000000      -0.30000000       0.20000000
1
Properties=species:S:1:pos:R:3 pbc="F F F"
Li       0.00000000       0.00000000       0.00000000
`;

test('reads what ASE writes: cell rows, pbc, info types, results, momenta → Å/fs', () => {
  const [a, b] = parseExtxyz(ASE_WRITTEN, 'ase.xyz');
  assert.deepEqual(Array.from(a.atoms.cell!), [5, 0, 0, 0.5, 6, 0, 0.1, 0.2, 7]);
  assert.deepEqual(a.atoms.pbc, [true, true, false]);
  assert.deepEqual(Array.from(a.atoms.numbers), [1, 1, 8]);
  assert.deepEqual(a.info, { step: 7, temperature: 301.5, name: 'water molecule', tag: 'abc', flag: true, vec: [1.5, 2.5, 3.5], meta: { a: 1, b: 'x' } });
  assert.equal(a.energy, -14.25);
  assert.equal(a.freeEnergy, -14.3);
  assert.deepEqual(Array.from(a.stress!), [0.01, 0.02, 0.03, 0.004, 0.005, 0.006]);
  assert.deepEqual(Array.from(a.forces!), [0.1, -0.2, 0.3, 0, 0.5, -0.5, -0.1, -0.3, 0.2]);
  // ASE printed momenta with 8 decimals, so the velocities it was given come back to ~1e-7
  const v = [1e-3, 2e-3, -3e-3, 0.01, 0, -0.02, 5e-4, -1e-4, 2e-4];
  a.atoms.velocities!.forEach((x, i) => assert.ok(Math.abs(x - v[i]) < 1e-9, `v[${i}] = ${x}, expected ${v[i]} ± 1e-9 Å/fs`));
  assert.equal(a.atoms.masses, undefined);
  assert.equal(b.atoms.cell, null);
  assert.deepEqual(b.atoms.pbc, [false, false, false]);
  assert.deepEqual(Array.from(b.atoms.numbers), [3]);
});

test('plain XYZ, species as numbers or in any case, CRLF, and trailing blank lines', () => {
  const frames = parseExtxyz('2\r\nany comment at all\r\n8 0 0 0\r\nh 0.96 0 0 extra\r\n\r\n\r\n', 'plain.xyz');
  assert.equal(frames.length, 1);
  assert.deepEqual(Array.from(frames[0].atoms.numbers), [8, 1]);
  assert.deepEqual(Array.from(frames[0].atoms.positions), [0, 0, 0, 0.96, 0, 0]);
  assert.deepEqual(frames[0].info, { any: true, comment: true, at: true, all: true });
  assert.equal(frames[0].atoms.cell, null);
  const [f] = parseExtxyz('1\nProperties=species:S:1:pos:R:3:Z:I:1:tag:L:1:label:S:2 key = "spaced value" x=1,2\nCl 1 2 3 17 T a b\n', 'cols.xyz');
  assert.deepEqual(Array.from(f.atoms.numbers), [17]);
  assert.deepEqual(f.arrays, { tag: { type: 'L', width: 1, values: [true] }, label: { type: 'S', width: 2, values: ['a', 'b'] } });
  assert.deepEqual(f.info, { key: 'spaced value', x: [1, 2] });
});

const WATER: StructureFrame = {
  atoms: {
    numbers: [8, 1, 1],
    positions: Float64Array.from([0, 0, 0.1, 0.757, 0.586, 0, -0.757, 0.586, 0]),
    cell: Float64Array.from([10, 0, 0, 0, 10, 0, 0, 0, 10]),
    pbc: [true, true, true],
  },
  info: { step: 3 },
  arrays: {},
  energy: -14.2,
  forces: Float64Array.from([0, 0, 1e-17, 0.25, -0.5, 0, -0.25, -0.5, 0]),
  stress: Float64Array.from([1, 2, 3, 4, 5, 6]),
};

test('writes ASE\'s layout: Lattice, Properties, info, energy, 9-number stress, pbc last', () => {
  assert.equal(
    formatExtxyz([WATER]),
    '3\n' +
      'Lattice="10 0 0 0 10 0 0 0 10" Properties=species:S:1:pos:R:3:forces:R:3 step=3 energy=-14.2 stress="1 6 5 6 2 4 5 4 3" pbc="T T T"\n' +
      'O  0 0 0.1 0 0 1e-17\nH  0.757 0.586 0 0.25 -0.5 0\nH  -0.757 0.586 0 -0.25 -0.5 0\n',
  );
  const { cell: _cell, ...molecule } = WATER.atoms;
  assert.match(formatExtxyz([{ ...WATER, atoms: { ...molecule, pbc: [false, false, false] }, stress: undefined }]), /^3\nProperties=species:S:1:pos:R:3:forces:R:3 step=3 energy=-14.2 pbc="F F F"\n/);
});

test('the writer refuses frames it cannot write faithfully', () => {
  const bad = (frame: Partial<StructureFrame>, re: RegExp) => assert.throws(() => formatExtxyz([WATER, { ...WATER, ...frame }]), re);
  bad({ energy: NaN }, /frame 1: info 'energy': cannot write the non-finite number NaN/);
  bad({ forces: Float64Array.from([0, 0, Infinity, 0, 0, 0, 0, 0, 0]) }, /frame 1: forces\[2\]: cannot write the non-finite number Infinity/);
  bad({ forces: new Float64Array(6) }, /frame 1: forces has 6 values, expected 9/);
  bad({ stress: new Float64Array(9) }, /frame 1: stress has 9 values, expected 6/);
  bad({ info: { energy: 1 } }, /frame 1: info\['energy'\] is written from the frame's own fields/);
  bad({ info: { 'two words': 1 } }, /info key "two words" is empty or contains a space/);
  bad({ info: { f: () => 1 } }, /info 'f': cannot write/);
  bad({ arrays: { forces: { type: 'R', width: 3, values: new Float64Array(9) } } }, /arrays\['forces'\] clashes/);
  bad({ arrays: { q: { type: 'R', width: 1, values: new Float64Array(2) } } }, /column 'q' has 2 values, expected 3/);
  bad({ arrays: { s: { type: 'S', width: 1, values: ['a', 'b c', 'd'] } } }, /column 's'\[1\] = "b c" is empty or contains whitespace/);
  bad({ atoms: { ...WATER.atoms, cell: null } }, /frame 1: periodic structure without a cell/);
  bad({ atoms: { ...WATER.atoms, numbers: [8, 1, 0] } }, /frame 1: atomic number 0 is outside 1..118/);
});

const ok = (body: string) => parseExtxyz(body, 'bad.xyz');
const H2 = 'H 0 0 0\nH 0 0 0.74\n';

/** Every malformed input gives a StructureFormatError naming the file, the line and the field. */
const BAD_INPUTS: [string, string, RegExp, number | undefined, string | undefined][] = [
  ['atom count not a number', 'two\n\nH 0 0 0\n', /^bad\.xyz:1: expected the number of atoms, found 'two'$/, 1, undefined],
  ['a 0-atom frame', '2\n\n' + H2 + '0\n\n', /^bad\.xyz:5: frame declares 0 atoms; a structure needs at least one atom$/, 5, undefined],
  ['atom count larger than the file', '5\n\n' + H2, /^bad\.xyz:1: frame declares 5 atoms but only 2 lines follow$/, 1, undefined],
  ['no comment line', '1', /^bad\.xyz:1: file ends before the comment line/, 1, undefined],
  ['short atom line', '2\n\nH 0 0 0\nH 0 0\n', /^bad\.xyz:4: expected 4 columns \(species×1 pos×3\), found 3$/, 4, undefined],
  ['extra column with Properties', '1\nProperties=species:S:1:pos:R:3\nH 0 0 0 9\n', /^bad\.xyz:3: expected 4 columns/, 3, undefined],
  ['bad number', '1\n\nH 0 x 0\n', /^bad\.xyz:3: pos\[1\] \(column 3\): 'x' is not a number$/, 3, 'pos[1] (column 3)'],
  ['NaN position', '1\n\nH 0 nan 0\n', /^bad\.xyz:3: pos\[1\] \(column 3\): 'nan' is not a finite number$/, 3, 'pos[1] (column 3)'],
  ['overflowing position', '1\n\nH 0 0 1e999\n', /^bad\.xyz:3: pos\[2\] \(column 4\): '1e999' is out of range$/, 3, 'pos[2] (column 4)'],
  ['unknown species', '1\n\nXx 0 0 0\n', /^bad\.xyz:3: species \(column 1\): unknown chemical symbol 'Xx'$/, 3, 'species (column 1)'],
  ['atomic number out of range', '1\n\n119 0 0 0\n', /^bad\.xyz:3: species \(column 1\): atomic number 119 is outside 1..118$/, 3, 'species (column 1)'],
  ['Lattice with 8 numbers', '2\nLattice="1 0 0 0 1 0 0 0"\n' + H2, /^bad\.xyz:2: Lattice: expected 9 numbers \(three cell vectors\), found \[1,0,0,0,1,0,0,0\]$/, 2, 'Lattice'],
  ['Lattice not numbers', '2\nLattice="a b c d e f g h i"\n' + H2, /^bad\.xyz:2: Lattice: expected 9 numbers/, 2, 'Lattice'],
  ['Lattice with NaN', '2\nLattice="nan 0 0 0 1 0 0 0 1"\n' + H2, /^bad\.xyz:2: Lattice: 'nan' is not a finite number$/, 2, 'Lattice'],
  ['singular Lattice', '2\nLattice="1 0 0 2 0 0 0 0 1"\n' + H2, /^bad\.xyz:2: Lattice: cell vectors are linearly dependent/, 2, 'Lattice'],
  ['zero Lattice, default pbc', '2\nLattice="0 0 0 0 0 0 0 0 0"\n' + H2, /^bad\.xyz:2: pbc: periodic directions need a Lattice="\.\.\." \(the one given is zero\)$/, 2, 'pbc'],
  ['momenta over a tiny mass', '1\nProperties=species:S:1:pos:R:3:masses:R:1:momenta:R:3\nH 0 0 0 1e-320 1e300 0 0\n', /^bad\.xyz:3: momenta: momentum 1e\+300 over mass 1e-320 amu overflows$/, 3, 'momenta'],
  ['pbc without Lattice', '2\npbc="T T T"\n' + H2, /^bad\.xyz:2: pbc: periodic directions need a Lattice/, 2, 'pbc'],
  ['pbc of two', '2\nLattice="9 0 0 0 9 0 0 0 9" pbc="T T"\n' + H2, /^bad\.xyz:2: pbc: expected three logicals like "T T T", found \[true,true\]$/, 2, 'pbc'],
  ['energy not a number', '2\nenergy=low\n' + H2, /^bad\.xyz:2: energy: expected a number, found "low"$/, 2, 'energy'],
  ['energy NaN', '2\nenergy=NaN\n' + H2, /^bad\.xyz:2: energy: 'NaN' is not a finite number$/, 2, 'energy'],
  ['free_energy inf', '2\nfree_energy=-inf\n' + H2, /^bad\.xyz:2: free_energy: '-inf' is not a finite number$/, 2, 'free_energy'],
  ['stress of 4', '2\nstress="1 2 3 4"\n' + H2, /^bad\.xyz:2: stress: expected 9 numbers \(3×3\) or 6 \(Voigt xx yy zz yz xz xy\)/, 2, 'stress'],
  ['Properties not triplets', '2\nProperties=species:S:1:pos:R\n' + H2, /^bad\.xyz:2: Properties: 'species:S:1:pos:R' is not a list of name:type:width triplets$/, 2, 'Properties'],
  ['Properties unknown type', '2\nProperties=species:S:1:pos:X:3\n' + H2, /Properties: column 'pos' has type 'X', expected S, R, I or L$/, 2, 'Properties'],
  ['Properties width 0', '2\nProperties=species:S:1:pos:R:0\n' + H2, /Properties: column 'pos' has width '0'/, 2, 'Properties'],
  ['Properties duplicate', '2\nProperties=species:S:1:pos:R:3:pos:R:3\n' + H2, /Properties: column 'pos' is listed twice$/, 2, 'Properties'],
  ['pos of width 2', '2\nProperties=species:S:1:pos:R:2\n' + H2, /Properties: column 'pos' must be pos:R:3, found pos:R:2$/, 2, 'Properties'],
  ['no positions', '2\nProperties=species:S:1:x:R:3\n' + H2, /Properties: no positions column \(pos:R:3\)$/, 2, 'Properties'],
  ['no species', '2\nProperties=pos:R:3:q:R:1\n' + H2, /Properties: no species:S:1 or Z:I:1 column$/, 2, 'Properties'],
  ['species twice', '1\nProperties=species:S:1:symbols:S:1:pos:R:3\nH H 0 0 0\n', /Properties: columns 'species' and 'symbols' both give symbols$/, 2, 'Properties'],
  ['momenta and velocities', '1\nProperties=species:S:1:pos:R:3:momenta:R:3:velocities:R:3\nH 0 0 0 0 0 0 0 0 0\n', /Properties: both momenta and velocities columns given$/, 2, 'Properties'],
  ['integer column with a fraction', '1\nProperties=species:S:1:pos:R:3:n:I:1\nH 0 0 0 1.5\n', /^bad\.xyz:3: n \(column 5\): '1\.5' is not an integer$/, 3, 'n (column 5)'],
  ['logical column with X', '1\nProperties=species:S:1:pos:R:3:m:L:1\nH 0 0 0 X\n', /^bad\.xyz:3: m \(column 5\): 'X' is not a logical \(T or F\)$/, 3, 'm (column 5)'],
  ['Z disagrees with species', '1\nProperties=species:S:1:pos:R:3:Z:I:1\nH 0 0 0 8\n', /^bad\.xyz:3: Z \(column 5\): atomic number 8 disagrees with species 'H'$/, 3, 'Z (column 5)'],
  ['zero mass', '2\nProperties=species:S:1:pos:R:3:masses:R:1\nH 0 0 0 1\nH 0 0 1 0\n', /^bad\.xyz:4: masses: mass 0 amu is not positive$/, 4, 'masses'],
  ['unterminated quote', '2\nname="abc\n' + H2, /^bad\.xyz:2: unterminated quote or bracket \(missing "\)$/, 2, undefined],
  ['key given twice', '2\na=1 a=2\n' + H2, /^bad\.xyz:2: a: key given twice$/, 2, 'a'],
  ['value without key', '2\n=5\n' + H2, /^bad\.xyz:2: '=' without a key before it$/, 2, undefined],
  ['broken _JSON', '2\nmeta="_JSON {oops"\n' + H2, /^bad\.xyz:2: meta: invalid _JSON value/, 2, 'meta'],
  ['infinite _JSON', '2\nmeta="_JSON [1e999]"\n' + H2, /^bad\.xyz:2: meta: _JSON value contains the non-finite number Infinity$/, 2, 'meta'],
  ['blank line between frames', '1\n\nH 0 0 0\n\n1\n\nH 0 0 0\n', /^bad\.xyz:4: blank line where the atom count of the next frame was expected$/, 4, undefined],
  ['empty file', '\n  \n', /^bad\.xyz: no structures found \(empty file\)$/, undefined, undefined],
];

for (const [what, body, message, line, field] of BAD_INPUTS) {
  test(`bad extxyz: ${what}`, () => {
    assert.throws(() => ok(body), (e: unknown) => {
      assert.ok(e instanceof StructureFormatError, `not a StructureFormatError: ${e}`);
      assert.match(e.message, message);
      assert.equal(e.file, 'bad.xyz');
      assert.equal(e.line, line);
      assert.equal(e.field, field);
      return true;
    });
  });
}
