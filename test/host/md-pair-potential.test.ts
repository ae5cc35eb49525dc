// The Wasm pair potentials (used by MD/optimiser tests and `--model lj:...`): forces and stress
// are derivatives of the energy, periodic images are complete for cutoffs beyond half the cell,
// and known values come out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Atoms } from '../../host/atoms.js';
import { PairCalculator } from '../../host/calculators/pair-calculator.js';
import { fccCrystal } from '../support/lattices.js';
import { parsePairSpec } from '../../host/calculators/pair-spec.js';

function jiggle(atoms: Atoms, amplitude: number, seed: number): Atoms {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 2 * amplitude;
  return { ...atoms, positions: atoms.positions.map((x) => x + rnd()) };
}

/** Triclinic 3-atom cell (liquid-argon density) whose widths are below the 8.5 Å cutoff. */
const skewed: Atoms = {
  numbers: [18, 18, 18],
  positions: Float64Array.of(0.1, 0.2, 0.3, 3.6, 1.4, 0.5, 1.7, 3.9, 3.3),
  cell: Float64Array.of(5.2, 0, 0, 1.6, 5.0, 0, -0.9, 1.1, 5.4),
  pbc: [true, true, true],
};

test('LJ dimer at the minimum 2^(1/6)σ has energy −ε and zero force', async () => {
  const calc = await PairCalculator.create('lj:epsilon=0.5,sigma=2,cutoff=10,shift=none');
  const r = 2 * 2 ** (1 / 6);
  const res = calc.compute({ numbers: [18, 18], positions: Float64Array.of(0, 0, 0, r, 0, 0) });
  assert.ok(Math.abs(res.energy + 0.5) < 1e-14, `E = ${res.energy}`);
  assert.ok(Math.abs(res.forces![0]) < 1e-13);
  assert.equal(res.edges, 2);
  assert.equal(res.stress, null);
});

test('forces are −dE/dx by central differences (LJ and Morse, triclinic pbc, relative tolerance 1e-7)', async () => {
  for (const spec of ['lj:epsilon=0.0104,sigma=3.4,cutoff=8.5,shift=force', 'morse:D=0.3,a=1.2,r0=3.1,cutoff=9']) {
    const calc = await PairCalculator.create(spec);
    const atoms = skewed;
    const res = calc.compute(atoms);
    const h = 1e-5;
    for (let k = 0; k < 9; k++) {
      const plus = atoms.positions.slice(); plus[k] += h;
      const minus = atoms.positions.slice(); minus[k] -= h;
      const fd = -(calc.compute({ ...atoms, positions: plus }).energy - calc.compute({ ...atoms, positions: minus }).energy) / (2 * h);
      assert.ok(Math.abs(fd - res.forces![k]) < 1e-7 * Math.max(1, Math.abs(fd)), `${spec} component ${k}: FD ${fd} vs ${res.forces![k]}`);
    }
    const sum = [0, 1, 2].map((c) => res.forces![c] + res.forces![3 + c] + res.forces![6 + c]);
    assert.ok(sum.every((x) => Math.abs(x) < 1e-12), `net force ${sum}`);
  }
});

test('stress is (1/V) dE/dε by central differences of a homogeneous strain (relative tolerance 1e-9)', async () => {
  const calc = await PairCalculator.create('lj:epsilon=0.0104,sigma=3.4,cutoff=8.5,shift=force');
  const atoms = skewed;
  const res = calc.compute(atoms);
  const cell = atoms.cell!;
  const volume = Math.abs(cell[0] * (cell[4] * cell[8] - cell[5] * cell[7]) - cell[1] * (cell[3] * cell[8] - cell[5] * cell[6]) + cell[2] * (cell[3] * cell[7] - cell[4] * cell[6]));
  const voigt: [number, number][] = [[0, 0], [1, 1], [2, 2], [1, 2], [0, 2], [0, 1]];
  const h = 1e-6;
  const strained = (a: number, b: number, e: number): Atoms => {
    // x' = (I + ε) x with symmetric ε (ε_ab = ε_ba = e, or e on the diagonal)
    const m = [1, 0, 0, 0, 1, 0, 0, 0, 1];
    m[3 * a + b] += e; if (a !== b) m[3 * b + a] += e;
    const apply = (v: Float64Array) => v.map((_, k) => {
      const row = Math.floor(k / 3), c = k % 3;
      return m[3 * c] * v[3 * row] + m[3 * c + 1] * v[3 * row + 1] + m[3 * c + 2] * v[3 * row + 2];
    });
    return { ...atoms, positions: apply(atoms.positions), cell: apply(cell) };
  };
  voigt.forEach(([a, b], i) => {
    const scale = a === b ? 1 : 2; // an off-diagonal e strains both ab and ba
    const fd = (calc.compute(strained(a, b, h)).energy - calc.compute(strained(a, b, -h)).energy) / (2 * h * scale * volume);
    assert.ok(Math.abs(fd - res.stress![i]) < 1e-9 * Math.max(1, Math.abs(fd)), `stress[${i}]: FD ${fd} vs ${res.stress![i]}`);
  });
});

test('periodic images are complete: a 2×1×1 supercell has exactly twice the energy (cutoff 8.5 Å ≫ cell)', async () => {
  const calc = await PairCalculator.create('lj:epsilon=0.0104,sigma=3.4,cutoff=8.5');
  const e1 = calc.compute(skewed).energy;
  const c = skewed.cell!;
  const p = skewed.positions;
  const doubled: Atoms = {
    numbers: [18, 18, 18, 18, 18, 18],
    positions: Float64Array.from([...p, ...Array.from(p, (x, k) => x + c[k % 3])]),
    cell: Float64Array.of(2 * c[0], 2 * c[1], 2 * c[2], c[3], c[4], c[5], c[6], c[7], c[8]),
    pbc: [true, true, true],
  };
  const e2 = calc.compute(doubled).energy;
  assert.ok(Math.abs(e2 - 2 * e1) < 1e-12 * Math.abs(e1), `E(2x) = ${e2}, 2E = ${2 * e1}`);
  // and unwrapped positions (a whole cell vector away) change nothing
  const shifted = { ...skewed, positions: p.map((x, k) => (k < 3 ? x + c[3 + k] * 3 : x)) };
  assert.ok(Math.abs(calc.compute(shifted).energy - e1) < 1e-13);
});

test('fcc argon: lattice-sum cohesive energy (relative 2e-5), 12 nearest neighbours per atom', async () => {
  const rc = 30;
  const calc = await PairCalculator.create(`lj:epsilon=0.0104,sigma=3.4,cutoff=${rc},shift=none`);
  const a = 5.26;
  const res = calc.compute(fccCrystal(18, a, 2));
  // LJ fcc lattice sums A12 = 12.13188, A6 = 14.45392: E/atom = 2ε(A12 (σ/d)^12 − A6 (σ/d)^6),
  // minus the r^-6 tail beyond the cutoff for a uniform density ρ: −(8π/3) ρ ε σ⁶ / rc³.
  const eps = 0.0104, sigma = 3.4, d = a / Math.SQRT2, s6 = (sigma / d) ** 6, rho = 4 / a ** 3;
  const expected = 2 * eps * (12.13188 * s6 * s6 - 14.45392 * s6) + ((8 * Math.PI) / 3) * rho * eps * sigma ** 6 / rc ** 3;
  assert.ok(Math.abs(res.energy / 32 - expected) < 2e-5 * Math.abs(expected), `E/atom ${res.energy / 32} vs ${expected}`);
  const near = await PairCalculator.create(`lj:epsilon=0.0104,sigma=3.4,cutoff=${1.1 * d}`);
  assert.equal(near.compute(fccCrystal(18, a, 2)).edges, 32 * 12);
  assert.equal(near.compute(jiggle(fccCrystal(18, a, 2), 0.01, 3)).edges, 32 * 12);
});

test('pair specs: defaults, canonical errors', () => {
  assert.deepEqual(parsePairSpec('lj:sigma=2'), { kind: 'lj', p0: 1, p1: 2, p2: 0, cutoff: 6, shift: 'energy' });
  assert.throws(() => parsePairSpec('lj:epsilon=-1'), /epsilon=-1 must be a positive number/);
  assert.throws(() => parsePairSpec('lj:eps=1'), /bad parameter 'eps=1'/);
  assert.throws(() => parsePairSpec('morse:D=1'), /missing a=/);
  assert.throws(() => parsePairSpec('lj:shift=smooth'), /shift=smooth must be energy, force or none/);
});

test('structures are checked: periodic without a cell, wrong lengths', async () => {
  const calc = await PairCalculator.create('lj:');
  assert.throws(() => calc.compute({ numbers: [1], positions: Float64Array.of(0, 0, 0), pbc: [true, false, false] }), /periodic structure without a cell/);
  assert.throws(() => calc.compute({ numbers: [1, 1], positions: Float64Array.of(0, 0, 0) }), /positions has 3 values, expected 6/);
  assert.throws(() => calc.compute({ numbers: [1], positions: Float64Array.of(0, NaN, 0) }), /position of atom 0 is not finite/);
});
