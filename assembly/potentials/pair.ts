// Pair potentials (Lennard-Jones, Morse) for tests and the CLI's `lj:`/`morse:` models: energies,
// forces and stress by an all-pairs loop over periodic images (exact for any cell and cutoff;
// O(N²·images), meant for small systems). Each atom gathers its own force (both directions
// of a pair are evaluated), so the summation order is fixed and no scatter is needed.
import { inverse3, nearestImage } from "../md/linalg3";

export const PAIR_LJ: i32 = 0; // p0 = ε (eV), p1 = σ (Å)
export const PAIR_MORSE: i32 = 1; // p0 = D (eV), p1 = a (1/Å), p2 = r0 (Å)

export const SHIFT_NONE: i32 = 0; // truncated
export const SHIFT_ENERGY: i32 = 1; // φ(r) − φ(rc)
export const SHIFT_FORCE: i32 = 2; // φ(r) − φ(rc) − (r − rc)φ'(rc): force continuous too

// Scratch for multi-value returns (no module globals as return channels): φ(r) (eV) and φ'(r)
// (eV/Å) from pairAt; the nearest image (Å) from nearestImage.
const PHI: usize = memory.data(16, 8);
const IMAGE: usize = memory.data(24, 8);

/** φ and φ' at distance r → PHI[0], PHI[1]. */
function pairAt(kind: i32, p0: f64, p1: f64, p2: f64, r: f64): void {
  if (kind == PAIR_MORSE) {
    const x = Math.exp(-p1 * (r - p2));
    store<f64>(PHI, p0 * (x * x - 2.0 * x));
    store<f64>(PHI, 2.0 * p1 * p0 * (x - x * x), 8);
  } else {
    const s2 = (p1 * p1) / (r * r);
    const s6 = s2 * s2 * s2;
    const s12 = s6 * s6;
    store<f64>(PHI, 4.0 * p0 * (s12 - s6));
    store<f64>(PHI, (4.0 * p0 / r) * (6.0 * s6 - 12.0 * s12), 8);
  }
}

const INV: usize = memory.data(72, 16);

/**
 * Energy (returned, eV), per-atom energies (n), forces (3n, eV/Å) and — when all three
 * directions are periodic — stress (6, Voigt xx yy zz yz xz xy, eV/Å³, ASE sign σ = (1/V)∂E/∂ε).
 * pbcMask: bit k set = periodic along cell row k. Positions need not be wrapped. The number of
 * directed pairs (i, j, image) inside the cutoff goes to edgesOut (i32).
 */
export function pairCompute(kind: i32, p0: f64, p1: f64, p2: f64, cutoff: f64, shift: i32,
                            n: i32, r: usize, cell: usize, pbcMask: i32,
                            energies: usize, forces: usize, stress: usize, edgesOut: usize): f64 {
  const rc2 = cutoff * cutoff;
  pairAt(kind, p0, p1, p2, cutoff);
  const phiC = shift == SHIFT_NONE ? 0.0 : load<f64>(PHI);
  const dphiC = shift == SHIFT_FORCE ? load<f64>(PHI, 8) : 0.0;
  const det = pbcMask != 0 ? inverse3(cell, INV) : 0.0;
  if (pbcMask != 0 && det == 0.0) return NaN; // a periodic direction without a cell vector
  // Images needed along periodic row k: |n_k| ≤ rc·|b_k| + ½ after wrapping (b_k: column k of cell⁻¹).
  let n0: i32 = 0, n1: i32 = 0, n2: i32 = 0;
  if (pbcMask & 1) n0 = imageRange(0, cutoff);
  if (pbcMask & 2) n1 = imageRange(1, cutoff);
  if (pbcMask & 4) n2 = imageRange(2, cutoff);
  let wxx: f64 = 0, wyy: f64 = 0, wzz: f64 = 0, wyz: f64 = 0, wxz: f64 = 0, wxy: f64 = 0;
  let total: f64 = 0.0;
  let edgeCount: i32 = 0;
  for (let i = 0; i < n; i++) {
    const pi = r + <usize>i * 24;
    let fx: f64 = 0, fy: f64 = 0, fz: f64 = 0, ei: f64 = 0;
    for (let j = 0; j < n; j++) {
      const pj = r + <usize>j * 24;
      nearestImage(load<f64>(pj) - load<f64>(pi), load<f64>(pj, 8) - load<f64>(pi, 8), load<f64>(pj, 16) - load<f64>(pi, 16),
        cell, INV, pbcMask, IMAGE);
      const dx = load<f64>(IMAGE), dy = load<f64>(IMAGE, 8), dz = load<f64>(IMAGE, 16);
      for (let a = -n0; a <= n0; a++) {
        for (let b = -n1; b <= n1; b++) {
          for (let c = -n2; c <= n2; c++) {
            let ex = dx, ey = dy, ez = dz;
            if (pbcMask != 0) {
              const fa = <f64>a, fb = <f64>b, fc = <f64>c;
              ex += fa * load<f64>(cell) + fb * load<f64>(cell, 24) + fc * load<f64>(cell, 48);
              ey += fa * load<f64>(cell, 8) + fb * load<f64>(cell, 32) + fc * load<f64>(cell, 56);
              ez += fa * load<f64>(cell, 16) + fb * load<f64>(cell, 40) + fc * load<f64>(cell, 64);
            }
            const d2 = ex * ex + ey * ey + ez * ez;
            if (d2 >= rc2 || (j == i && d2 == 0.0)) continue;
            const d = Math.sqrt(d2);
            edgeCount++;
            pairAt(kind, p0, p1, p2, d);
            const phi = load<f64>(PHI) - phiC - (d - cutoff) * dphiC;
            const g = (load<f64>(PHI, 8) - dphiC) / d; // φ'(r)/r: force on i is g·(r_j − r_i)
            ei += 0.5 * phi;
            fx += g * ex; fy += g * ey; fz += g * ez;
            wxx += g * ex * ex; wyy += g * ey * ey; wzz += g * ez * ez;
            wyz += g * ey * ez; wxz += g * ex * ez; wxy += g * ex * ey;
          }
        }
      }
    }
    store<f64>(energies + (<usize>i << 3), ei);
    store<f64>(forces + <usize>i * 24, fx);
    store<f64>(forces + <usize>i * 24, fy, 8);
    store<f64>(forces + <usize>i * 24, fz, 16);
    total += ei;
  }
  if (pbcMask == 7) {
    const w = 0.5 / Math.abs(det); // each pair was visited twice
    store<f64>(stress, wxx * w); store<f64>(stress, wyy * w, 8); store<f64>(stress, wzz * w, 16);
    store<f64>(stress, wyz * w, 24); store<f64>(stress, wxz * w, 32); store<f64>(stress, wxy * w, 40);
  }
  store<i32>(edgesOut, edgeCount);
  return total;
}

function imageRange(k: i32, cutoff: f64): i32 {
  const bx = load<f64>(INV + (<usize>k << 3));
  const by = load<f64>(INV + (<usize>(3 + k) << 3));
  const bz = load<f64>(INV + (<usize>(6 + k) << 3));
  // |n + f|·h ≤ rc with |f| ≤ ½ (h = 1/|b_k|, the layer spacing); the 1e-9 absorbs rounding in f.
  return <i32>Math.floor(cutoff * Math.sqrt(bx * bx + by * by + bz * bz) + 0.5 + 1e-9);
}
