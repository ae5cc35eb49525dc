// MD.adopt: a state made elsewhere (the GPU MD engine) becomes the run's — step, positions,
// velocities, forces, energies, so outputs and states are written from it — and one that fails
// the run's checks (a non-finite or too large force) is refused with the state before kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PairCalculator } from '../../host/calculators/pair-calculator.js';
import { MD } from '../../host/md/md.js';
import { MdError } from '../../host/md/md-error.js';
import { fccCrystal } from '../support/lattices.js';

const ARGON = 'lj:epsilon=0.0104,sigma=3.4,cutoff=8.5,shift=force';

async function pair(): Promise<[MD, MD]> {
  const calc = await PairCalculator.create(ARGON);
  const a = await MD.create({ atoms: fccCrystal(18, 5.4, 2), calculator: calc, settings: { temperature: 120, seed: 3, dt: 4 } });
  const b = await MD.create({ atoms: fccCrystal(18, 5.4, 2), calculator: calc, settings: { temperature: 120, seed: 3, dt: 4 } });
  return [a, b];
}

test('MD.adopt takes another run\'s state: the same snapshot as the run that made it', async () => {
  const [a, b] = await pair();
  a.run(7);
  const s = a.snapshot();
  b.adopt({ step: s.step, positions: s.positions, velocities: s.velocities, forces: s.forces, energies: s.energies, energy: s.energy, stress: s.stress });
  assert.equal(b.step, 7);
  assert.deepEqual(b.thermo(), a.thermo());
  assert.deepEqual(b.serialize(), a.serialize());
});

test('MD.adopt refuses a state with a non-finite force or one over --max-force, keeping the state before', async () => {
  const [a, b] = await pair();
  a.run(3);
  const s = a.snapshot();
  const before = b.serialize();
  for (const bad of [NaN, 1e4]) {
    const forces = s.forces.slice();
    forces[4] = bad;
    const [, fresh] = await pair();
    const start = fresh.serialize();
    assert.throws(() => fresh.adopt({ ...s, forces }), (e: Error) => e instanceof MdError && /atom 1|Ar1/.test(e.message) && /step 3/.test(e.message), String(bad));
    assert.equal(fresh.step, 0);
    assert.deepEqual(fresh.serialize(), start);
  }
  assert.deepEqual(b.serialize(), before);
});
