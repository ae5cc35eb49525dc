// Outer powers of a direction, D_v = n⊗…⊗n (v factors), stored row-major with the first index
// most significant, and the reverse-mode rule through them.
import { pow3, compOffset } from "./plan";
import { ld, st } from "./vec";

// Base-3 digits of t < 81 (ranks up to MAXV_LIMIT = 4), least significant first: DIGITS[4t + q]
// = (t / 3^q) % 3. A table, because the reverse pass asks for digits per edge and component.
const DIGITS: usize = memory.data<u8>([0,0,0,0,1,0,0,0,2,0,0,0,0,1,0,0,1,1,0,0,2,1,0,0,0,2,0,0,1,2,0,0,2,2,0,0,0,0,1,0,1,0,1,0,2,0,1,0,0,1,1,0,1,1,1,0,2,1,1,0,0,2,1,0,1,2,1,0,2,2,1,0,0,0,2,0,1,0,2,0,2,0,2,0,0,1,2,0,1,1,2,0,2,1,2,0,0,2,2,0,1,2,2,0,2,2,2,0,0,0,0,1,1,0,0,1,2,0,0,1,0,1,0,1,1,1,0,1,2,1,0,1,0,2,0,1,1,2,0,1,2,2,0,1,0,0,1,1,1,0,1,1,2,0,1,1,0,1,1,1,1,1,1,1,2,1,1,1,0,2,1,1,1,2,1,1,2,2,1,1,0,0,2,1,1,0,2,1,2,0,2,1,0,1,2,1,1,1,2,1,2,1,2,1,0,2,2,1,1,2,2,1,2,2,2,1,0,0,0,2,1,0,0,2,2,0,0,2,0,1,0,2,1,1,0,2,2,1,0,2,0,2,0,2,1,2,0,2,2,2,0,2,0,0,1,2,1,0,1,2,2,0,1,2,0,1,1,2,1,1,1,2,2,1,1,2,0,2,1,2,1,2,1,2,2,2,1,2,0,0,2,2,1,0,2,2,2,0,2,2,0,1,2,2,1,1,2,2,2,1,2,2,0,2,2,2,1,2,2,2,2,2,2,2]);

/** Digit k (0 = most significant) of t written in base 3 with v digits (v ≤ 4). */
@inline export function digit(t: i32, v: i32, k: i32): i32 {
  return <i32>load<u8>(DIGITS + (<usize>(4 * t + v - 1 - k)));
}

/** D_0..D_maxV stacked (rank v at compOffset(v)): D_v[3t + c] = D_{v-1}[t]·n[c]. */
export function outerPowers<T>(n: usize, maxV: i32, D: usize): void {
  st<T>(D, 0, <T>1);
  for (let v = 1; v <= maxV; v++) {
    const prev = compOffset(v - 1), cur = compOffset(v), m = pow3(v - 1);
    for (let t = 0; t < m; t++) {
      const p = ld<T>(D, prev + t);
      for (let c = 0; c < 3; c++) st<T>(D, cur + 3 * t + c, p * ld<T>(n, c));
    }
  }
}

/**
 * nbar[c] += Σ_t X[t]·∂D_v[t]/∂n[c] for a rank-v tensor X (3^v entries), i.e. for every
 * position k holding index c, the product of n over the other positions.
 */
export function outerPowerGrad<T>(n: usize, v: i32, X: usize, nbar: usize): void {
  const m = pow3(v);
  for (let t = 0; t < m; t++) {
    const x = ld<T>(X, t);
    for (let k = 0; k < v; k++) {
      let p: T = x;
      for (let k2 = 0; k2 < v; k2++) if (k2 != k) p *= ld<T>(n, digit(t, v, k2));
      const c = digit(t, v, k);
      st<T>(nbar, c, ld<T>(nbar, c) + p);
    }
  }
}
