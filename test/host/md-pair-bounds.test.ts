// Pair-potential cutoffs and periodic image counts are bounded (as the CAMP neighbour list's
// search is): `lj:cutoff=1e6` used to hang in the all-pairs loop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePairSpec } from '../../host/calculators/pair-spec.js';
import { PairCalculator } from '../../host/calculators/pair-calculator.js';
import { fccCrystal } from '../support/lattices.js';
import { needsBuild, runCli } from '../support/cli.js';

test('spec cutoffs above 100 Å are refused with the bound, explicit or defaulted', () => {
  assert.throws(() => parsePairSpec('lj:cutoff=1e6'), /cutoff 1000000 Å exceeds the bound of 100 Å for pair potentials/);
  assert.throws(() => parsePairSpec('lj:sigma=40'), /cutoff 120 Å exceeds the bound of 100 Å/);
  assert.throws(() => parsePairSpec('morse:D=1,a=0.01,r0=3'), /cutoff 703 Å exceeds the bound/);
  assert.equal(parsePairSpec('lj:cutoff=100').cutoff, 100);
});

test('a tiny periodic cell for the cutoff is refused, naming the image count and bound', async () => {
  const atoms = fccCrystal(18, 5.26, 4); // 256 atoms, 21 Å cell
  const calc = await PairCalculator.create({ kind: 'lj', p0: 0.01, p1: 3.4, p2: 0, cutoff: 99, shift: 'energy' });
  const scaled = (f: number) => ({ ...atoms, positions: atoms.positions.map((x) => x * f), cell: atoms.cell!.map((x) => x * f) });
  assert.throws(() => calc.compute(scaled(1 / 50)), /cell is far too small for a 99 Å cutoff \(\d+ periodic images per pair, over the bound 2\^24\)/);
  assert.throws(() => calc.compute(scaled(1 / 3)), /65536 atom pairs × 24389 periodic images = \d+ visits per step, over the bound 2\^28/);
  assert.ok(Number.isFinite(calc.compute(atoms).energy));
});

test('built CLI: md with lj:cutoff=1e6 is refused at once', needsBuild, () => {
  const r = runCli(['md', '--model', 'lj:cutoff=1e6', 'examples/water-64.xyz', '--steps', '2', '-q']);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /cutoff 1000000 Å exceeds the bound of 100 Å/);
});
