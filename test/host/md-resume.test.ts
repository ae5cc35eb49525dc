// Bit-identical continuation: a run stopped, serialised (JSON or binary) and resumed gives the
// same positions and velocities, bit for bit, as a straight run — for every ensemble, including
// the stochastic ones (counter-based random numbers) and the thermostat chain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fccCrystal } from '../support/lattices.js';
import { PairCalculator } from '../../host/calculators/pair-calculator.js';
import { MD } from '../../host/md/md.js';
import { ENSEMBLES, type MdSettings } from '../../host/md/settings.js';
import { HashRecorder, stateHash } from '../../host/receipt/receipt.js';
import { icosahedron13 } from '../support/lattices.js';

const SPEC = 'lj:epsilon=0.0104,sigma=3.4,cutoff=8.5,shift=force';

async function straightAndResumed(settings: Partial<MdSettings>, encode: (md: MD) => unknown) {
  const calc = await PairCalculator.create(SPEC);
  const atoms = fccCrystal(18, 5.4, 2);
  const straight = await MD.create({ atoms, calculator: calc, settings });
  const a = new HashRecorder(1);
  a.observe(straight);
  straight.run(40, (m) => a.observe(m));

  const first = await MD.create({ atoms, calculator: calc, settings });
  const b = new HashRecorder(1);
  b.observe(first);
  first.run(17, (m) => b.observe(m));
  const saved = encode(first);
  const resumed = await MD.resume(saved as Parameters<typeof MD.resume>[0], await PairCalculator.create(SPEC));
  assert.equal(resumed.step, 17);
  assert.equal(stateHash(resumed), b.hashes.at(-1)!.sha256);
  resumed.run(23, (m) => b.observe(m));
  return { straight: a.hashes, resumed: b.hashes, a: straight, b: resumed };
}

for (const ensemble of ENSEMBLES) {
  test(`${ensemble}: resume from JSON and from binary continues bit for bit`, async () => {
    const settings: Partial<MdSettings> = { ensemble, dt: 5, temperature: 80, seed: 11, tau: 50, friction: 0.02, tauP: 200 };
    const viaJson = await straightAndResumed(settings, (md) => JSON.parse(JSON.stringify(md.toJSON())));
    assert.equal(viaJson.straight.length, 41);
    assert.deepEqual(viaJson.resumed, viaJson.straight);
    const t1 = viaJson.a.thermo(), t2 = viaJson.b.thermo();
    assert.deepEqual(t2, t1);
    const viaBinary = await straightAndResumed(settings, (md) => md.serialize());
    assert.deepEqual(viaBinary.resumed, viaBinary.straight);
  });
}

test('the seed decides everything: same seed same hashes, another seed other hashes', async () => {
  const calc = await PairCalculator.create(SPEC);
  const hashes = async (seed: number) => {
    const md = await MD.create({ atoms: fccCrystal(18, 5.4, 2), calculator: calc, settings: { ensemble: 'langevin', temperature: 80, seed, dt: 5 } });
    const r = new HashRecorder(5);
    r.observe(md);
    md.run(20, (m) => r.observe(m));
    return r.hashes;
  };
  assert.deepEqual(await hashes(5), await hashes(5));
  const other = await hashes(6);
  assert.notEqual(other[0].sha256, (await hashes(5))[0].sha256);
});

test('Maxwell–Boltzmann start: exact temperature, zero momentum, no rotation for a molecule', async () => {
  const calc = await PairCalculator.create(SPEC);
  const md = await MD.create({ atoms: icosahedron13(18, 3.8), calculator: calc, settings: { ensemble: 'nve', temperature: 50, seed: 2 } });
  assert.equal(md.ndof, 3 * 13 - 6);
  assert.ok(Math.abs(md.thermo().temperature - 50) < 1e-12, `T = ${md.thermo().temperature}`);
  const { positions: r, velocities: v, masses: m } = md.atoms;
  const p = [0, 0, 0], l = [0, 0, 0];
  for (let i = 0; i < 13; i++) {
    for (let k = 0; k < 3; k++) p[k] += m![i] * v![3 * i + k];
    const [x, y, z] = [r[3 * i], r[3 * i + 1], r[3 * i + 2]]; // centred cluster: r is r − r_com
    const [vx, vy, vz] = [v![3 * i], v![3 * i + 1], v![3 * i + 2]];
    l[0] += m![i] * (y * vz - z * vy); l[1] += m![i] * (z * vx - x * vz); l[2] += m![i] * (x * vy - y * vx);
  }
  assert.ok(p.every((x) => Math.abs(x) < 1e-12), `momentum ${p}`);
  assert.ok(l.every((x) => Math.abs(x) < 1e-11), `angular momentum ${l}`);
});
