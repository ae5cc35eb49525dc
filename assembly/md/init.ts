// Initial velocities: Maxwell–Boltzmann from Philox stream (seed, 0, PURPOSE_INIT_VELOCITIES,
// atom, component), then removal of centre-of-mass motion and (molecules) rigid rotation.
import { gaussian, PURPOSE_INIT_VELOCITIES } from "../rng/philox";
import { symmetricEigen3 } from "./linalg3";
import { MVV2E } from "./units";

/** v_ik = sqrt(kT / (m_i·MVV2E)) · ξ_ik. kT in eV. */
export function mdMaxwellBoltzmann(n: i32, v: usize, masses: usize, kT: f64, seedLo: u32, seedHi: u32): void {
  for (let i = 0; i < n; i++) {
    const s = Math.sqrt(kT / (load<f64>(masses + (<usize>i << 3)) * MVV2E));
    for (let k = 0; k < 3; k++) {
      const xi = gaussian(seedLo, seedHi, 0, PURPOSE_INIT_VELOCITIES, <u32>i, <u32>k);
      store<f64>(v + (<usize>(i * 3 + k) << 3), s * xi);
    }
  }
}

/** Subtracts the centre-of-mass velocity (total momentum becomes zero up to rounding). */
export function mdRemoveMomentum(n: i32, v: usize, masses: usize): void {
  let mt: f64 = 0.0, px: f64 = 0.0, py: f64 = 0.0, pz: f64 = 0.0;
  for (let i = 0; i < n; i++) {
    const m = load<f64>(masses + (<usize>i << 3));
    const p = v + <usize>i * 24;
    mt += m;
    px += m * load<f64>(p);
    py += m * load<f64>(p, 8);
    pz += m * load<f64>(p, 16);
  }
  if (!(mt > 0.0)) return;
  const cx = px / mt, cy = py / mt, cz = pz / mt;
  for (let i = 0; i < n; i++) {
    const p = v + <usize>i * 24;
    store<f64>(p, load<f64>(p) - cx);
    store<f64>(p, load<f64>(p, 8) - cy, 8);
    store<f64>(p, load<f64>(p, 16) - cz, 16);
  }
}

// Scratch for the inertia tensor, its eigenvalues and eigenvectors (static, not allocated).
const INERTIA: usize = memory.data(72, 16);
const MOMENTS: usize = memory.data(24, 16);
const AXES: usize = memory.data(72, 16);

/**
 * Removes rigid rotation about the centre of mass: ω = I⁺·L (pseudo-inverse over principal
 * axes, so linear molecules and single atoms work), v −= ω × (r − r_com). Returns how many
 * rotational degrees of freedom were removed (0 to 3).
 */
export function mdRemoveRotation(n: i32, r: usize, v: usize, masses: usize): i32 {
  let mt: f64 = 0.0, cx: f64 = 0.0, cy: f64 = 0.0, cz: f64 = 0.0;
  for (let i = 0; i < n; i++) {
    const m = load<f64>(masses + (<usize>i << 3));
    const p = r + <usize>i * 24;
    mt += m;
    cx += m * load<f64>(p);
    cy += m * load<f64>(p, 8);
    cz += m * load<f64>(p, 16);
  }
  if (!(mt > 0.0)) return 0;
  cx /= mt; cy /= mt; cz /= mt;
  let ixx: f64 = 0, iyy: f64 = 0, izz: f64 = 0, ixy: f64 = 0, ixz: f64 = 0, iyz: f64 = 0;
  let lx: f64 = 0, ly: f64 = 0, lz: f64 = 0;
  for (let i = 0; i < n; i++) {
    const m = load<f64>(masses + (<usize>i << 3));
    const p = r + <usize>i * 24, q = v + <usize>i * 24;
    const x = load<f64>(p) - cx, y = load<f64>(p, 8) - cy, z = load<f64>(p, 16) - cz;
    const vx = load<f64>(q), vy = load<f64>(q, 8), vz = load<f64>(q, 16);
    ixx += m * (y * y + z * z); iyy += m * (x * x + z * z); izz += m * (x * x + y * y);
    ixy -= m * x * y; ixz -= m * x * z; iyz -= m * y * z;
    lx += m * (y * vz - z * vy); ly += m * (z * vx - x * vz); lz += m * (x * vy - y * vx);
  }
  store<f64>(INERTIA, ixx); store<f64>(INERTIA, ixy, 8); store<f64>(INERTIA, ixz, 16);
  store<f64>(INERTIA, ixy, 24); store<f64>(INERTIA, iyy, 32); store<f64>(INERTIA, iyz, 40);
  store<f64>(INERTIA, ixz, 48); store<f64>(INERTIA, iyz, 56); store<f64>(INERTIA, izz, 64);
  symmetricEigen3(INERTIA, MOMENTS, AXES);
  const largest = Math.max(Math.abs(load<f64>(MOMENTS)), Math.max(Math.abs(load<f64>(MOMENTS, 8)), Math.abs(load<f64>(MOMENTS, 16))));
  let wx: f64 = 0, wy: f64 = 0, wz: f64 = 0;
  let removed: i32 = 0;
  for (let k = 0; k < 3; k++) {
    const moment = load<f64>(MOMENTS + (<usize>k << 3));
    if (!(moment > 1e-10 * largest)) continue; // an axis without inertia (linear molecule)
    const e = AXES + <usize>k * 24;
    const ex = load<f64>(e), ey = load<f64>(e, 8), ez = load<f64>(e, 16);
    const w = (ex * lx + ey * ly + ez * lz) / moment;
    wx += w * ex; wy += w * ey; wz += w * ez;
    removed++;
  }
  for (let i = 0; i < n; i++) {
    const p = r + <usize>i * 24, q = v + <usize>i * 24;
    const x = load<f64>(p) - cx, y = load<f64>(p, 8) - cy, z = load<f64>(p, 16) - cz;
    store<f64>(q, load<f64>(q) - (wy * z - wz * y));
    store<f64>(q, load<f64>(q, 8) - (wz * x - wx * z), 8);
    store<f64>(q, load<f64>(q, 16) - (wx * y - wy * x), 16);
  }
  return removed;
}
