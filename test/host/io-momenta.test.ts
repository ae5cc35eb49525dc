// ASE momenta ↔ campjs velocities (Å/fs) with ASE's default masses, against the NVE reference,
// which stores the same initial state as velocities (Å/fs), momenta (ASE units) and masses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { velocitiesFromMomenta } from '../../host/io/ase-units.js';
import { formatExtxyz, parseExtxyz } from '../../host/io/extxyz.js';
import { symbolOf } from '../../host/elements.js';
import { needsShared, readSharedJson } from '../support/shared.js';

interface MdReference {
  numbers: number[];
  cell: number[][];
  initial: { positions: number[][]; velocities_A_per_fs: number[][]; momenta_ase: number[][]; masses_amu: number[] };
}

function maxRelativeError(actual: ArrayLike<number>, expected: number[]): number {
  let worst = 0;
  expected.forEach((x, i) => (worst = Math.max(worst, Math.abs(actual[i] - x) / Math.abs(x))));
  return worst;
}

test('a momenta column as ASE writes it reads back as the reference velocities (≤ 1e-12 relative)', needsShared, () => {
  const md = readSharedJson<MdReference>('reference/md/md_water64_nve_500x0.5fs.json');
  const { initial } = md;
  const rows = md.numbers.map((z, i) => [symbolOf(z), ...initial.positions[i], ...initial.momenta_ase[i]].join(' '));
  const text = `${md.numbers.length}\nLattice="${md.cell.flat().join(' ')}" Properties=species:S:1:pos:R:3:momenta:R:3 pbc="T T T"\n${rows.join('\n')}\n`;
  const [frame] = parseExtxyz(text, 'md.xyz');
  const expected = initial.velocities_A_per_fs.flat();
  const error = maxRelativeError(frame.atoms.velocities!, expected);
  assert.ok(error <= 1e-12, `velocities differ from the reference by ${error} (relative)`);
  // ASE's order of operations (p / m · fs) gives them to the last bit
  assert.deepEqual(Array.from(frame.atoms.velocities!), expected);
  assert.equal(frame.atoms.masses, undefined, 'default masses are not stored');
});

test('velocities written as momenta match the reference momenta (≤ 1e-12 relative)', needsShared, () => {
  const md = readSharedJson<MdReference>('reference/md/md_water64_nve_500x0.5fs.json');
  const { initial } = md;
  const text = formatExtxyz([{
    atoms: { numbers: md.numbers, positions: Float64Array.from(initial.positions.flat()), cell: Float64Array.from(md.cell.flat()), pbc: [true, true, true], velocities: Float64Array.from(initial.velocities_A_per_fs.flat()) },
    info: {},
    arrays: {},
  }]);
  const header = text.split('\n')[1];
  assert.match(header, /Properties=species:S:1:pos:R:3:momenta:R:3 /);
  const momenta = text.split('\n').slice(2, 2 + md.numbers.length).flatMap((line) => line.trim().split(/\s+/).slice(4).map(Number));
  const error = maxRelativeError(momenta, initial.momenta_ase.flat());
  assert.ok(error <= 1e-12, `momenta differ from the reference by ${error} (relative)`);
});

test('a masses column is used for the conversion instead of the defaults', () => {
  const v = velocitiesFromMomenta(Float64Array.from([2, 4, 6]), [2]);
  const [frame] = parseExtxyz('1\nProperties=species:S:1:pos:R:3:masses:R:1:momenta:R:3\nH 0 0 0 2 2 4 6\n', 'm.xyz');
  assert.deepEqual(Array.from(frame.atoms.masses!), [2]);
  assert.deepEqual(Array.from(frame.atoms.velocities!), Array.from(v));
  assert.ok(Math.abs(v[0] - 1 / 10.180505671156725) < 1e-16, `1 amu·Å/t_ASE / 1 amu = ${v[0]} Å/fs`);
});
