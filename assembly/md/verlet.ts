// Velocity-Verlet pieces (the host calls the force model in between): ASE's step is
// kick(½dt) → drift(dt) → forces → kick(½dt). Velocities are Å/fs, forces eV/Å, masses amu.
import { MVV2E } from "./units";

/** out[i] = 1 / (m_i · MVV2E): Å/fs² of acceleration per eV/Å of force. */
export function mdAccelFactors(n: i32, masses: usize, out: usize): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(out + o, 1.0 / (load<f64>(masses + o) * MVV2E));
  }
}

/** v += dt · (f · accel): a kick of length dt (fs). */
export function mdKick(n: i32, v: usize, f: usize, accel: usize, dt: f64): void {
  for (let i = 0; i < n; i++) {
    const a = load<f64>(accel + (<usize>i << 3));
    const p = <usize>i * 24;
    store<f64>(v + p, load<f64>(v + p) + dt * (load<f64>(f + p) * a));
    store<f64>(v + p + 8, load<f64>(v + p + 8) + dt * (load<f64>(f + p + 8) * a));
    store<f64>(v + p + 16, load<f64>(v + p + 16) + dt * (load<f64>(f + p + 16) * a));
  }
}

/** r += dt · v over `len` coordinates (a drift of length dt, fs). */
export function mdDrift(len: i32, r: usize, v: usize, dt: f64): void {
  for (let k = 0; k < len; k++) {
    const o = <usize>k << 3;
    store<f64>(r + o, load<f64>(r + o) + dt * load<f64>(v + o));
  }
}

/** x *= s over `len` values. */
export function mdScale(len: i32, x: usize, s: f64): void {
  for (let k = 0; k < len; k++) {
    const o = <usize>k << 3;
    store<f64>(x + o, load<f64>(x + o) * s);
  }
}

/** Kinetic energy ½ Σ m v², eV. */
export function mdKineticEnergy(n: i32, v: usize, masses: usize): f64 {
  let sum: f64 = 0.0;
  for (let i = 0; i < n; i++) {
    const p = <usize>i * 24;
    const vx = load<f64>(v + p), vy = load<f64>(v + p + 8), vz = load<f64>(v + p + 16);
    sum += load<f64>(masses + (<usize>i << 3)) * (vx * vx + vy * vy + vz * vz);
  }
  return 0.5 * MVV2E * sum;
}
