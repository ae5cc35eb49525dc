// Thermostats and barostat with LJ argon (32 atoms, dt 5 fs, 80 K): the canonical ones hold the
// mean temperature and give the canonical kinetic-energy variance Var(KE) = (N_dof/2)(kT)²;
// Berendsen holds the mean but suppresses fluctuations (it is not canonical); NPT (stochastic
// cell rescaling) holds the mean pressure. The first 1000 steps (5 ps) are equilibration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fccCrystal } from '../support/lattices.js';
import { PairCalculator } from '../../host/calculators/pair-calculator.js';
import { MD } from '../../host/md/md.js';
import type { MdSettings } from '../../host/md/settings.js';
import { KB_EV_PER_K } from '../../host/md/units.js';

const T0 = 80;
const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;

interface Stats {
  /** mean T / T0 */
  readonly t: number;
  /** Var(KE) / ((N_dof/2)(kT0)²) */
  readonly varKe: number;
  /** mean P, GPa */
  readonly p: number;
  /** mean volume, Å³ */
  readonly v: number;
}

async function sample(settings: Partial<MdSettings>, steps: number): Promise<Stats> {
  const calc = await PairCalculator.create('lj:epsilon=0.0104,sigma=3.4,cutoff=8.5,shift=force');
  const md = await MD.create({ atoms: fccCrystal(18, 5.4, 2), calculator: calc, settings: { dt: 5, temperature: T0, seed: 1, ...settings } });
  const ke: number[] = [], t: number[] = [], p: number[] = [], v: number[] = [];
  md.run(steps, (m) => {
    if (m.step <= 1000) return;
    const th = m.thermo();
    ke.push(th.ekin); t.push(th.temperature); p.push(th.pressure as number); v.push(th.volume as number);
  });
  const kT = KB_EV_PER_K * T0;
  const mk = mean(ke);
  return { t: mean(t) / T0, varKe: mean(ke.map((x) => (x - mk) ** 2)) / ((md.ndof / 2) * kT * kT), p: mean(p), v: mean(v) };
}

test('langevin (BAOAB, γ 0.05/fs, 4000 steps): mean T within 2 %, Var(KE) canonical within 10 %', async () => {
  const s = await sample({ ensemble: 'langevin', friction: 0.05 }, 4000);
  assert.ok(Math.abs(s.t - 1) < 0.02, `mean T / T0 = ${s.t}`); // measured 0.993
  assert.ok(Math.abs(s.varKe - 1) < 0.1, `Var(KE) / canonical = ${s.varKe}`); // measured 1.024
});

test('nhc (chain 3, τ 50 fs, 6000 steps): mean T within 2 %, Var(KE) canonical within 15 %', async () => {
  const s = await sample({ ensemble: 'nhc', tau: 50 }, 6000);
  assert.ok(Math.abs(s.t - 1) < 0.02, `mean T / T0 = ${s.t}`); // measured 0.998
  assert.ok(Math.abs(s.varKe - 1) < 0.15, `Var(KE) / canonical = ${s.varKe}`); // measured 0.956
});

test('berendsen (τ 50 fs, 3000 steps): mean T within 2 %, kinetic fluctuations well below canonical', async () => {
  const s = await sample({ ensemble: 'berendsen', tau: 50 }, 3000);
  assert.ok(Math.abs(s.t - 1) < 0.02, `mean T / T0 = ${s.t}`); // measured 0.999
  assert.ok(s.varKe < 0.5, `Var(KE) / canonical = ${s.varKe}`); // measured 0.10
});

test('npt (Langevin + stochastic cell rescaling, 4000 steps): mean P at 1 bar and 10 kbar within 0.03 GPa; higher P, smaller V', async () => {
  const low = await sample({ ensemble: 'npt', friction: 0.02, tauP: 500, pressure: 1 }, 4000);
  const high = await sample({ ensemble: 'npt', friction: 0.02, tauP: 500, pressure: 10000 }, 4000);
  assert.ok(Math.abs(low.p - 1e-4) < 0.03, `mean P = ${low.p} GPa at 1 bar`); // measured −0.0096
  assert.ok(Math.abs(high.p - 1) < 0.03, `mean P = ${high.p} GPa at 10 kbar`); // measured 0.993
  assert.ok(Math.abs(low.t - 1) < 0.02, `mean T / T0 = ${low.t}`); // measured 0.991 (V still relaxing early on)
  assert.ok(high.v < 0.97 * low.v, `V(10 kbar) = ${high.v} Å³ vs V(1 bar) = ${low.v} Å³`);
});
