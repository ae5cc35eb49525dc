// Berendsen weak-coupling thermostat (as ASE's NVTBerendsen: scale before the step, factor
// clamped to [0.9, 1.1] so a cold or hot start is not shocked).

/** λ = sqrt(1 + (dt/τ)(T0/T − 1)), clamped to [0.9, 1.1]; 1 when T ≤ 0. */
export function mdBerendsenLambda(dt: f64, tau: f64, temperature: f64, target: f64): f64 {
  if (!(temperature > 0.0)) return 1.0;
  const x = 1.0 + (dt / tau) * (target / temperature - 1.0);
  const lambda = Math.sqrt(x > 0.0 ? x : 0.0);
  return lambda < 0.9 ? 0.9 : lambda > 1.1 ? 1.1 : lambda;
}
