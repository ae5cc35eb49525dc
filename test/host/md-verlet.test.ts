// Velocity Verlet (nve) against an independent implementation of ASE's VelocityVerlet step in
// ASE's own units (momenta amu·Å/t_ASE, time in t_ASE), and NVE energy conservation with LJ.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Atoms } from '../../host/atoms.js';
import type { Calculator } from '../../host/calculator.js';
import { fccCrystal } from '../support/lattices.js';
import { PairCalculator } from '../../host/calculators/pair-calculator.js';
import { MD } from '../../host/md/md.js';

const ARGON = 'lj:epsilon=0.0104,sigma=3.4,cutoff=8.5,shift=force';

/**
 * ASE 3.22 VelocityVerlet.step, transcribed in plain TypeScript (not the Wasm kernels):
 * p += ½dt·F; r += dt·p/m; F = F(r); p += ½dt·F, with dt in ASE time units. ASE's time unit is
 * Å·sqrt(amu/eV); here it is derived from the same CODATA 2018 constants campjs uses, so the
 * comparison tests the integrator, not the constants.
 */
function aseVelocityVerlet(atoms: Atoms, calc: Calculator, dtFs: number, steps: number): { r: Float64Array; v: Float64Array } {
  const fs = 1e-5 * Math.sqrt(1.602176634e-19 / 1.66053906660e-27); // ase.units.fs
  const dt = dtFs * fs;
  const m = atoms.masses!;
  const n = m.length;
  const r = atoms.positions.slice();
  const p = atoms.velocities!.map((v, k) => (v / fs) * m[Math.floor(k / 3)]);
  let f = calc.compute({ ...atoms, positions: r }).forces!;
  for (let s = 0; s < steps; s++) {
    for (let k = 0; k < 3 * n; k++) p[k] += 0.5 * dt * f[k];
    for (let k = 0; k < 3 * n; k++) r[k] += (dt * p[k]) / m[Math.floor(k / 3)];
    f = calc.compute({ ...atoms, positions: r }).forces!;
    for (let k = 0; k < 3 * n; k++) p[k] += 0.5 * dt * f[k];
  }
  return { r, v: p.map((x, k) => (x / m[Math.floor(k / 3)]) * fs) };
}

test('nve follows ASE VelocityVerlet: positions and velocities within 1e-12 after 200 steps', async () => {
  const calc = await PairCalculator.create(ARGON);
  const crystal = fccCrystal(18, 5.4, 2);
  const start = await MD.create({ atoms: crystal, calculator: calc, settings: { temperature: 120, seed: 7 } });
  const atoms = start.atoms; // Maxwell–Boltzmann velocities and masses from campjs
  const md = await MD.create({ atoms, calculator: calc, settings: { ensemble: 'nve', dt: 4 } });
  md.run(200);
  const ref = aseVelocityVerlet(atoms, calc, 4, 200);
  const now = md.atoms;
  let dr = 0, dv = 0, moved = 0;
  for (let k = 0; k < ref.r.length; k++) {
    dr = Math.max(dr, Math.abs(now.positions[k] - ref.r[k]));
    dv = Math.max(dv, Math.abs(now.velocities![k] - ref.v[k]));
    moved = Math.max(moved, Math.abs(now.positions[k] - atoms.positions[k]));
  }
  assert.ok(moved > 0.1, `atoms moved ${moved} Å (the test must exercise dynamics)`);
  assert.ok(dr < 1e-12, `max |Δr| = ${dr} Å`);
  assert.ok(dv < 1e-12, `max |Δv| = ${dv} Å/fs`);
});

/** Largest |Etot − Etot(0)| and the change of the mean Etot from the first to the last fifth. */
async function nveRun(dt: number, femtoseconds: number): Promise<{ worst: number; drift: number; temperature: number }> {
  const calc = await PairCalculator.create(ARGON);
  const md = await MD.create({ atoms: fccCrystal(18, 5.4, 3), calculator: calc, settings: { ensemble: 'nve', dt, temperature: 200, seed: 3 } });
  const e0 = md.thermo().etot;
  const etot: number[] = [];
  md.run(Math.round(femtoseconds / dt), (m) => void etot.push(m.thermo().etot));
  const fifth = Math.floor(etot.length / 5);
  const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
  return {
    worst: Math.max(...etot.map((e) => Math.abs(e - e0))),
    drift: mean(etot.slice(-fifth)) - mean(etot.slice(0, fifth)),
    temperature: md.thermo().temperature,
  };
}

test('nve conserves energy with LJ argon (108 atoms, 2 ps): fluctuation < 1e-3 eV at 4 fs, second order in dt, drift < 3e-5 eV', async () => {
  // Measured: max |ΔEtot| = 7.3e-4 eV at dt 4 fs and 1.8e-4 eV at 2 fs (Ekin ≈ 1.45 eV, T ≈ 105 K);
  // a first-order or broken integrator fails the ratio, a force/energy mismatch the drift.
  const coarse = await nveRun(4, 2000);
  const fine = await nveRun(2, 2000);
  assert.ok(coarse.temperature > 80, `T = ${coarse.temperature} K: the crystal must be moving`);
  assert.ok(coarse.worst < 1e-3, `dt 4 fs: max |Etot − Etot(0)| = ${coarse.worst} eV`);
  const ratio = coarse.worst / fine.worst;
  assert.ok(ratio > 3.5 && ratio < 4.5, `fluctuation ratio dt 4/2 fs = ${ratio} (expected ≈ 4 for a second-order integrator)`);
  assert.ok(Math.abs(coarse.drift) < 3e-5, `drift ${coarse.drift} eV over 2 ps`);
});

test('nhc conserves its extended energy (Etot + chain) within 5e-4 eV over 1000 steps', async () => {
  const calc = await PairCalculator.create(ARGON);
  const md = await MD.create({ atoms: fccCrystal(18, 5.4, 2), calculator: calc, settings: { ensemble: 'nhc', dt: 4, temperature: 100, tau: 200, seed: 5 } });
  const c0 = md.thermo().conserved;
  let worst = 0, spread = 0;
  const e0 = md.thermo().etot;
  md.run(1000, (m) => {
    const t = m.thermo();
    worst = Math.max(worst, Math.abs(t.conserved - c0));
    spread = Math.max(spread, Math.abs(t.etot - e0));
  });
  assert.ok(spread > 0.05, `Etot itself changed by ${spread} eV (the thermostat must be doing work)`);
  assert.ok(worst < 5e-4, `max |H − H(0)| = ${worst} eV`);
});
