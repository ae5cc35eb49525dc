// Nosé–Hoover chain thermostat, propagated as in Martyna, Tuckerman, Tobias & Klein (Mol. Phys.
// 87, 1117 (1996)): a half step of the chain with Suzuki–Yoshida order-4 weights (3 stages)
// and one multiple-time-step, applied before and after the velocity-Verlet step. The chain
// lives in linear memory as f64[3M]: blocks η (M), v_η (M, 1/fs), Q (M, eV·fs²), layout NHC of
// scripts/layouts/table.mjs.
import { NHC_VETA, NHC_Q } from "../generated/layouts";

// Suzuki–Yoshida fourth-order weights: w1 = w3 = 1/(2 − 2^(1/3)), w2 = 1 − 2·w1.
const CBRT2: f64 = 1.2599210498948732;
const SY_W1: f64 = 1.0 / (2.0 - CBRT2);
const SY_W2: f64 = 1.0 - 2.0 * SY_W1;

// @ts-ignore: decorator
@inline
function eta(c: usize, j: i32): usize {
  return c + (<usize>j << 3);
}

/**
 * Propagates the chain over dt/2 given the particles' kinetic energy ke (eV), their degrees
 * of freedom times kT (gkT, eV) and kT (eV). Returns the factor by which the host must scale
 * all velocities.
 */
export function mdNhcHalfStep(m: i32, chain: usize, ke: f64, gkT: f64, kT: f64, dt: f64): f64 {
  let scale: f64 = 1.0;
  let twoKe = 2.0 * ke;
  for (let stage = 0; stage < 3; stage++) {
    const w = stage == 1 ? SY_W2 : SY_W1;
    const d = w * 0.5 * dt;
    const s = chainSubstep(m, chain, twoKe, gkT, kT, d);
    twoKe *= s * s;
    scale *= s;
  }
  return scale;
}

/**
 * One Trotter substep of length d: thermostats from the chain's end inward, the particle
 * scaling, η, then outward again. Returns the particles' velocity scale factor.
 */
function chainSubstep(m: i32, c: usize, twoKe: f64, gkT: f64, kT: f64, d: f64): f64 {
  const veta = c + (<usize>(NHC_VETA * m) << 3);
  const q = c + (<usize>(NHC_Q * m) << 3);
  const h = 0.5 * d;
  const quarter = 0.25 * d;
  for (let j = m - 1; j >= 0; j--) {
    if (j < m - 1) scaleV(veta, j, Math.exp(-quarter * load<f64>(eta(veta, j + 1))));
    addV(veta, j, h * force(m, veta, q, j, twoKe, gkT, kT));
    if (j < m - 1) scaleV(veta, j, Math.exp(-quarter * load<f64>(eta(veta, j + 1))));
  }
  const s = Math.exp(-d * load<f64>(veta));
  twoKe *= s * s;
  for (let j = 0; j < m; j++) store<f64>(eta(c, j), load<f64>(eta(c, j)) + d * load<f64>(eta(veta, j)));
  for (let j = 0; j < m; j++) {
    if (j < m - 1) scaleV(veta, j, Math.exp(-quarter * load<f64>(eta(veta, j + 1))));
    addV(veta, j, h * force(m, veta, q, j, twoKe, gkT, kT));
    if (j < m - 1) scaleV(veta, j, Math.exp(-quarter * load<f64>(eta(veta, j + 1))));
  }
  return s;
}

/** G_j / Q_j: the j-th thermostat's acceleration, 1/fs². */
function force(m: i32, veta: usize, q: usize, j: i32, twoKe: f64, gkT: f64, kT: f64): f64 {
  if (j == 0) return (twoKe - gkT) / load<f64>(q);
  const qPrev = load<f64>(eta(q, j - 1));
  const vPrev = load<f64>(eta(veta, j - 1));
  return (qPrev * vPrev * vPrev - kT) / load<f64>(eta(q, j));
}

// @ts-ignore: decorator
@inline
function scaleV(veta: usize, j: i32, s: f64): void {
  store<f64>(eta(veta, j), load<f64>(eta(veta, j)) * s);
}

// @ts-ignore: decorator
@inline
function addV(veta: usize, j: i32, x: f64): void {
  store<f64>(eta(veta, j), load<f64>(eta(veta, j)) + x);
}

/** Energy of the chain, eV: Σ ½ Q v_η² + gkT·η₀ + kT Σ_{j>0} η_j (for the conserved quantity). */
export function mdNhcEnergy(m: i32, chain: usize, gkT: f64, kT: f64): f64 {
  const veta = chain + (<usize>(NHC_VETA * m) << 3);
  const q = chain + (<usize>(NHC_Q * m) << 3);
  let e: f64 = 0.0;
  for (let j = 0; j < m; j++) {
    const v = load<f64>(eta(veta, j));
    e += 0.5 * load<f64>(eta(q, j)) * v * v + (j == 0 ? gkT : kT) * load<f64>(eta(chain, j));
  }
  return e;
}
