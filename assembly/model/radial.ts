// Radial basis of CAMP: Chebyshev polynomials of x = r / r_cut times the polynomial envelope
// e(x) = 1 - 28x^6 + 48x^7 - 21x^8, which vanishes (with two derivatives) at the cutoff.
import { st } from "./vec";

/**
 * Q[k] = T_k(x)·e(x) for k < nb; when dQ is not 0 also dQ[k] = dQ_k/dr (per Å).
 * The neighbour list only produces r < r_cut, so no clamp is needed here.
 */
export function radialBasis<T>(r: T, rCut: T, nb: i32, Q: usize, dQ: usize): void {
  const x: T = r / rCut;
  const x2: T = x * x;
  const x5: T = x2 * x2 * x;
  const x6: T = x5 * x;
  const env: T = <T>1 + x6 * (<T>-28 + x * (<T>48 - <T>21 * x));
  const denv: T = x5 * (<T>-168 + x * (<T>336 - <T>168 * x));
  // T_k and T'_k by the three-term recurrences.
  let t0: T = <T>1, t1: T = x;
  let d0: T = <T>0, d1: T = <T>1;
  const invRc: T = <T>1 / rCut;
  for (let k = 0; k < nb; k++) {
    let tk: T, dk: T;
    if (k == 0) {
      tk = t0; dk = d0;
    } else if (k == 1) {
      tk = t1; dk = d1;
    } else {
      tk = <T>2 * x * t1 - t0;
      dk = <T>2 * t1 + <T>2 * x * d1 - d0;
      t0 = t1; t1 = tk;
      d0 = d1; d1 = dk;
    }
    st<T>(Q, k, tk * env);
    if (dQ) st<T>(dQ, k, (dk * env + tk * denv) * invRc);
  }
}
