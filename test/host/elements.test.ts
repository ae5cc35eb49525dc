import { test } from 'node:test';
import assert from 'node:assert/strict';
import { atomicNumberOf, defaultMass, defaultMasses, MAX_ATOMIC_NUMBER, symbolOf } from '../../host/elements.js';
import { needsShared, readSharedJson } from '../support/shared.js';

test('symbols and atomic numbers are inverse for Z = 1..118', () => {
  assert.equal(MAX_ATOMIC_NUMBER, 118);
  for (let z = 1; z <= 118; z++) assert.equal(atomicNumberOf(symbolOf(z)), z);
  assert.deepEqual([1, 6, 8, 17, 26, 79, 92, 118].map(symbolOf), ['H', 'C', 'O', 'Cl', 'Fe', 'Au', 'U', 'Og']);
});

test('default masses are ASE 3.22 ase.data.atomic_masses (IUPAC 2016), exactly', () => {
  const expected: Record<string, number> = {
    H: 1.008, Li: 6.94, C: 12.011, N: 14.007, O: 15.999, F: 18.998403163, Na: 22.98976928, P: 30.973761998,
    S: 32.06, Cl: 35.45, Fe: 55.845, Br: 79.904, Tc: 97.90721, I: 126.90447, Au: 196.966569, Pb: 207.2,
    U: 238.02891, Og: 294.214,
  };
  for (const [symbol, mass] of Object.entries(expected)) assert.equal(defaultMass(atomicNumberOf(symbol)), mass, symbol);
  assert.deepEqual(Array.from(defaultMasses([1, 8, 3, 15, 16, 17])), [1.008, 15.999, 6.94, 30.973761998, 32.06, 35.45]);
  // masses grow with Z except at the few known inversions of the periodic table
  const inversions = [];
  for (let z = 2; z <= 118; z++) if (defaultMass(z) < defaultMass(z - 1)) inversions.push(symbolOf(z));
  assert.deepEqual(inversions, ['K', 'Ni', 'I', 'Pa', 'Np', 'Am', 'Bk', 'Bh', 'Hs']);
});

test('masses match those the NVE reference took from ASE', needsShared, () => {
  const md = readSharedJson<{ numbers: number[]; initial: { masses_amu: number[] } }>('reference/md/md_water64_nve_500x0.5fs.json');
  assert.deepEqual(Array.from(defaultMasses(md.numbers)), md.initial.masses_amu);
});

test('unknown symbols and numbers are clear errors', () => {
  assert.throws(() => atomicNumberOf('Xx'), /unknown chemical symbol 'Xx'/);
  assert.throws(() => atomicNumberOf('CL'), /unknown chemical symbol 'CL'/);
  assert.throws(() => symbolOf(0), /atomic number 0 is outside 1..118/);
  assert.throws(() => symbolOf(119), /outside 1..118/);
  assert.throws(() => defaultMasses([1, 2.5]), /atomic number 2.5/);
});
