// The JS API takes structures as users write them (symbols, nested or plain arrays, pbc: true),
// refuses the rest saying what to pass, and readStructures(path) reads a file by itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { normalizeAtoms } from '../../host/atoms-input.js';
import { CampCalculator } from '../../host/calculators/camp-calculator.js';
import { loadCampModel } from '../../host/model/load.js';
import { PairCalculator } from '../../host/calculators/pair-calculator.js';
import { MD } from '../../host/md/md.js';
import { readStructures } from '../../host/io/read-structures.js';
import { syntheticCheckpoint } from '../support/ckpt-synthetic.js';
import { repoRoot } from '../support/shared.js';

const WATER = { symbols: ['O', 'H', 'H'], positions: [[0, 0, 0], [0.96, 0, 0], [-0.24, 0.93, 0]] };
const TYPED = { numbers: [8, 1, 1], positions: Float64Array.of(0, 0, 0, 0.96, 0, 0, -0.24, 0.93, 0), cell: null };

test('symbols and nested or flat arrays become Atoms; typed Atoms pass through as the same object', () => {
  const a = normalizeAtoms(WATER);
  assert.deepEqual(Array.from(a.numbers), [8, 1, 1]);
  assert.ok(a.positions instanceof Float64Array);
  assert.deepEqual(Array.from(a.positions), Array.from(TYPED.positions));
  const b = normalizeAtoms({ numbers: [8, 1, 1], positions: Array.from(TYPED.positions), cell: [[5, 0, 0], [0, 5, 0], [0, 0, 5]], pbc: true });
  assert.deepEqual(Array.from(b.cell!), [5, 0, 0, 0, 5, 0, 0, 0, 5]);
  assert.deepEqual(b.pbc, [true, true, true]);
  assert.equal(normalizeAtoms(TYPED), TYPED);
});

test('bad structures are refused saying what to pass', () => {
  const cases: [unknown, RegExp][] = [
    [{ positions: [[0, 0, 0]] }, /atoms: no numbers or symbols; pass \{ numbers: \[8, 1, 1\] or symbols: \['O', 'H', 'H'\], positions: \[\[x, y, z\], \.\.\.\] \(Å\)/],
    [{ symbols: ['O', 'Xx'], positions: [[0, 0, 0], [1, 0, 0]] }, /atoms\.symbols\[1\]: unknown chemical symbol 'Xx'/],
    [{ numbers: [1], symbols: ['H'], positions: [[0, 0, 0]] }, /give numbers or symbols, not both/],
    [{ numbers: [1, 1], positions: [[0, 0, 0], [1, 0]] }, /atoms\.positions\[1\]: expected a row \[x, y, z\], found \[1,0\]/],
    [{ numbers: [1], positions: ['0', 0, 0] }, /atoms\.positions\[0\]: expected a number, found "0"/],
    [{ numbers: [1], positions: 'x' }, /atoms\.positions: expected an array, found string/],
    [{ numbers: [1], positions: [[0, 0, 0]], pbc: 'yes' }, /atoms\.pbc: expected true\/false or three booleans/],
    [null, /atoms: expected an object/],
  ];
  for (const [input, re] of cases) assert.throws(() => normalizeAtoms(input as never), re, JSON.stringify(input));
});

test('the CAMP calculator and MD.create take the loose forms', async () => {
  const calc = await CampCalculator.create(loadCampModel(syntheticCheckpoint()));
  assert.equal(calc.compute(WATER).energy, calc.compute(TYPED).energy);
  const lj = await PairCalculator.create('lj:epsilon=0.0104,sigma=3.4,cutoff=8.5');
  const md = await MD.create({ atoms: { symbols: ['Ar', 'Ar'], positions: [[0, 0, 0], [3.9, 0, 0]] }, calculator: lj });
  md.run(2);
  assert.deepEqual(Array.from(md.atoms.numbers), [18, 18]);
  await assert.rejects(MD.create({ atoms: { symbols: ['Ar'], positions: [0, 0] }, calculator: lj }), /md: positions has 2 values, expected 3/);
});

test('readStructures(path) reads and parses a file; a missing one names the path', async () => {
  const frames = await readStructures(join(repoRoot, 'examples/water-64.xyz'));
  assert.equal(frames.length, 1);
  assert.equal(frames[0].atoms.numbers.length, 192);
  await assert.rejects(readStructures(join(repoRoot, 'examples/missing.xyz')), /cannot read '.*missing\.xyz'/);
});
