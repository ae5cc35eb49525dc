// FIRE relaxation: a perturbed LJ13 cluster reaches the icosahedral global minimum (−44.326801 ε,
// Wales & Doye 1997) from different perturbations; with --cell the fcc lattice relaxes to zero
// stress at the minimum of E(a).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Atoms } from '../../host/atoms.js';
import { fccCrystal, icosahedron13 } from '../support/lattices.js';
import { PairCalculator } from '../../host/calculators/pair-calculator.js';
import { Fire } from '../../host/backends/wasm/fire.js';

function perturbed(atoms: Atoms, amplitude: number, seed: number): Atoms {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 2 * amplitude;
  return { ...atoms, positions: atoms.positions.map((x) => x + rnd()) };
}

test('LJ13 from three perturbations: fmax ≤ 1e-4, energies agree within 1e-4 eV and equal −44.326801 ε', async () => {
  // all pairs inside the cutoff; reduced units (σ = 1 Å), so no covalent-radii floor for 'Ar'
  const calc = await PairCalculator.create('lj:epsilon=1,sigma=1,cutoff=4,shift=none');
  const energies: number[] = [];
  for (const seed of [1, 2, 3]) {
    const start = perturbed(icosahedron13(18, 1.1), 0.1, seed);
    const before = calc.compute(start);
    const r = (await Fire.create(start, calc, { fmax: 1e-4, maxSteps: 2000, distanceFloor: 0 })).run();
    assert.ok(r.converged && r.fmax <= 1e-4, `seed ${seed}: fmax ${r.fmax} after ${r.step} steps`);
    assert.ok(before.energy > r.energy + 1, `seed ${seed}: started at ${before.energy}`);
    energies.push(r.energy);
  }
  const spread = Math.max(...energies) - Math.min(...energies);
  assert.ok(spread < 1e-4, `energies ${energies}`);
  assert.ok(Math.abs(energies[0] + 44.326801) < 1e-5, `E = ${energies[0]} ε`);
});

test('cell relaxation of fcc argon: |stress| ≤ fmax·N/V and the lattice constant minimises E(a) within 1e-3 Å', async () => {
  const calc = await PairCalculator.create('lj:epsilon=0.0104,sigma=3.4,cutoff=8.5,shift=force');
  const start = perturbed(fccCrystal(18, 5.5, 2), 0.05, 9);
  const r = (await Fire.create(start, calc, { fmax: 1e-4, cell: true, maxSteps: 3000 })).run();
  assert.ok(r.converged, `fmax ${r.fmax}`);
  const c = r.atoms.cell!;
  const volume = c[0] * c[4] * c[8];
  assert.ok(r.stress!.every((s) => Math.abs(s) <= (1e-4 * 32) / volume + 1e-12), `stress ${r.stress}`);
  const a = Math.cbrt(volume) / 2;
  assert.ok([c[1], c[2], c[3], c[5], c[6], c[7]].every((x) => Math.abs(x) < 1e-3), `cell stays cubic: ${c}`);
  // E(a) of the perfect crystal: a quadratic through three points brackets the minimum
  const e = (x: number) => calc.compute(fccCrystal(18, x, 2)).energy;
  const h = 0.01, e0 = e(a), ep = e(a + h), em = e(a - h);
  const aMin = a - (h * (ep - em)) / (2 * (ep - 2 * e0 + em));
  assert.ok(Math.abs(aMin - a) < 1e-3, `relaxed a = ${a} Å, E(a) minimum at ${aMin} Å`);
  assert.ok(Math.abs(r.energy - e0) < 1e-5, `relaxed E ${r.energy} vs perfect crystal ${e0}`);
});

test('options are checked', async () => {
  const calc = await PairCalculator.create('lj:');
  const cluster = icosahedron13(18, 1.1);
  await assert.rejects(Fire.create(cluster, calc, { fmax: 0 }), /fmax = 0 must be a positive number/);
  await assert.rejects(Fire.create(cluster, calc, { cell: true }), /cell relaxation needs a cell periodic in all three directions/);
  const r = (await Fire.create(cluster, calc, { fmax: 1e-8, maxSteps: 3, distanceFloor: 0 })).run();
  assert.equal(r.converged, false);
  assert.equal(r.step, 3);
});
