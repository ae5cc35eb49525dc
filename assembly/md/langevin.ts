// The O (Ornstein–Uhlenbeck) part of Langevin BAOAB (Leimkuhler & Matthews 2013): an exact
// solution of dv = -γ v dt + sqrt(2γ kT/m) dW over dt. Noise from Philox stream
// (seed, step, PURPOSE_LANGEVIN, atom, component), so it does not depend on call order.
import { gaussian, PURPOSE_LANGEVIN } from "../rng/philox";
import { MVV2E } from "./units";

/** v ← c1·v + sqrt((1 − c1²) kT/m)·ξ with c1 = exp(−γ dt). dt fs, gamma 1/fs, kT eV. */
export function mdLangevinO(n: i32, v: usize, masses: usize, dt: f64, gamma: f64, kT: f64,
                            seedLo: u32, seedHi: u32, step: u32): void {
  const c1 = Math.exp(-gamma * dt);
  const c2 = Math.sqrt((1.0 - c1 * c1) * kT / MVV2E);
  for (let i = 0; i < n; i++) {
    const s = c2 / Math.sqrt(load<f64>(masses + (<usize>i << 3)));
    for (let k = 0; k < 3; k++) {
      const o = (<usize>(i * 3 + k)) << 3;
      const xi = gaussian(seedLo, seedHi, step, PURPOSE_LANGEVIN, <u32>i, <u32>k);
      store<f64>(v + o, c1 * load<f64>(v + o) + s * xi);
    }
  }
}
