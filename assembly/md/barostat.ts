// Stochastic cell rescaling (Bernetti & Bussi, J. Chem. Phys. 153, 114107 (2020)), isotropic:
// dε = −(β/τ_p)(P₀ − P − kT/V) dt + sqrt(2 kT β dt / (V τ_p)) ξ, ε = ln V. Positions and cell
// scale by e^{dε/3}, velocities by e^{−dε/3}. Noise from Philox stream (seed, step,
// PURPOSE_BAROSTAT, 0, 0). Units: fs, eV, Å; β in Å³/eV, pressures in eV/Å³.
import { gaussian, PURPOSE_BAROSTAT } from "../rng/philox";
import { mdScale } from "./verlet";

/** Applies one barostat step of length dt to n atoms and the cell; returns dε. */
export function mdCRescale(n: i32, r: usize, v: usize, cell: usize, dt: f64, tauP: f64, beta: f64,
                           targetP: f64, pressure: f64, kT: f64, volume: f64,
                           seedLo: u32, seedHi: u32, step: u32): f64 {
  const xi = gaussian(seedLo, seedHi, step, PURPOSE_BAROSTAT, 0, 0);
  const drift = -(beta / tauP) * (targetP - pressure - kT / volume) * dt;
  const noise = Math.sqrt(2.0 * kT * beta * dt / (volume * tauP)) * xi;
  const de = drift + noise;
  const mu = Math.exp(de / 3.0);
  mdScale(3 * n, r, mu);
  mdScale(9, cell, mu);
  mdScale(3 * n, v, 1.0 / mu);
  return de;
}
