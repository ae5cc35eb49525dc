// Initial velocities and the number of degrees of freedom the temperature is measured with.
//
// Choice (stated once, used everywhere): T = 2·E_kin / (N_dof·k_B) with
//   N_dof = 3N − 3 (ensembles that conserve momentum, `conservesMomentum` in ensembles/: the
//           centre-of-mass motion is removed at the start and stays zero) − R (molecules
//           without pbc whose rigid rotation was removed at the start: R = 3, or 2 for a
//           linear molecule),
//   N_dof = 3N for the others (friction and noise act on every degree of freedom).
// Maxwell–Boltzmann velocities are rescaled so that this T is exactly the requested one.
import type { Atoms } from '../atoms.js';
import { ensembleOf } from './ensembles/index.js';
import type { MdMemory } from '../backends/wasm/md-memory.js';
import type { MdSettings } from './settings.js';
import { KB_EV_PER_K } from './units.js';

/** Writes the initial velocities into memory; returns the rotational degrees of freedom removed. */
export function initVelocities(mem: MdMemory, atoms: Atoms, s: MdSettings, seedLo: number, seedHi: number): number {
  const { ex, ptr, n } = mem;
  if (s.velocities === 'zero') {
    mem.velocities.fill(0);
    return 0;
  }
  if (s.velocities === 'input') {
    const v = atoms.velocities;
    if (!v) throw new Error("md: velocities = 'input' but the structure has no velocities (or momenta)");
    if (v.length !== 3 * n) throw new Error(`md: input velocities have ${v.length} values, expected ${3 * n}`);
    const bad = v.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) throw new Error(`md: input velocity of atom ${Math.floor(bad / 3)} is not finite (${v[bad]})`);
    mem.velocities.set(v);
    return 0;
  }
  const temperature = s.temperature as number; // resolveSettings guarantees it for 'maxwell'
  ex.mdMaxwellBoltzmann(n, ptr.v, ptr.m, KB_EV_PER_K * temperature, seedLo, seedHi);
  if (n > 1) ex.mdRemoveMomentum(n, ptr.v, ptr.m);
  const periodic = (atoms.pbc ?? [false, false, false]).some((p) => p);
  const rotation = !periodic && n > 2 ? ex.mdRemoveRotation(n, ptr.r, ptr.v, ptr.m) : 0;
  const ndof = degreesOfFreedom(n, s, rotation);
  const t = (2 * ex.mdKineticEnergy(n, ptr.v, ptr.m)) / (ndof * KB_EV_PER_K);
  if (t > 0) ex.mdScale(3 * n, ptr.v, Math.sqrt(temperature / t));
  return rotation;
}

/** N_dof as described at the top of this file (at least 1). */
export function degreesOfFreedom(n: number, s: MdSettings, rotationRemoved: number): number {
  const fixed = ensembleOf(s.ensemble).conservesMomentum && n > 1 ? 3 + rotationRemoved : 0;
  return Math.max(1, 3 * n - fixed);
}
