// ASE's internal time unit and the momenta ↔ velocity conversion. ASE stores momenta in
// amu·Å/t_ASE with t_ASE = 10.180505671156725 fs (CODATA 2014, ASE 3.22); campjs velocities are
// Å/fs. The factor is ASE's own `units.fs`, and v = p / m · fs is the order of operations of
// ASE's get_velocities() · units.fs, so velocities match ASE's to the last bit.

/** One femtosecond in ASE time units (ase.units.fs). */
export const ASE_FS = 0.09822694788464063;

/** Velocities (Å/fs, N×3) from ASE momenta (amu·Å/t_ASE, N×3) and masses (amu, N). */
export function velocitiesFromMomenta(momenta: Float64Array, masses: ArrayLike<number>): Float64Array {
  const v = new Float64Array(momenta.length);
  for (let i = 0; i < v.length; i++) v[i] = (momenta[i] / masses[(i / 3) | 0]) * ASE_FS;
  return v;
}

/** ASE momenta (amu·Å/t_ASE, N×3) from velocities (Å/fs, N×3) and masses (amu, N). */
export function momentaFromVelocities(velocities: Float64Array, masses: ArrayLike<number>): Float64Array {
  const p = new Float64Array(velocities.length);
  for (let i = 0; i < p.length; i++) p[i] = masses[(i / 3) | 0] * (velocities[i] / ASE_FS);
  return p;
}
