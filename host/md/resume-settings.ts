// Settings of a resumed run: the state's, optionally changed (equilibrate with langevin, then
// continue with nve, as LAMMPS users do with a new `fix` after `read_restart`). Decides what
// of the saved state still applies: the thermostat chain and the degrees of freedom.
import { checkEnsembleStructure, ensembleOf } from './ensembles/index.js';
import { degreesOfFreedom } from './md-init.js';
import type { MdSnapshot } from './md-state.js';
import { resolveSettings, type MdSettings } from './settings.js';

export interface ResumedSettings {
  readonly settings: MdSettings;
  /** Degrees of freedom for the temperature. */
  readonly ndof: number;
  /** Whether the saved Nosé–Hoover chain continues (false: it starts afresh). */
  readonly keepChain: boolean;
}

/** The chain's meaning depends on these; a change starts it afresh. */
const CHAIN_KEYS = ['ensemble', 'chainLength', 'temperature', 'tau'] as const;

export function resumeSettings(snap: MdSnapshot, override: Partial<MdSettings> = {}): ResumedSettings {
  const saved = resolveSettings(snap.settings);
  if (override.velocities !== undefined && override.velocities !== saved.velocities) {
    throw new Error('md: velocities cannot change on resume (the state has its velocities)');
  }
  const s = resolveSettings({ ...saved, ...Object.fromEntries(Object.entries(override).filter(([, v]) => v !== undefined)) });
  checkEnsembleStructure(s.ensemble, { pbc: snap.pbc, cell: snap.hasCell ? snap.cell : null });
  const keepChain = CHAIN_KEYS.every((k) => s[k] === saved[k]);
  // The saved N_dof stays unless the new ensemble lets the total momentum drift (then all 3N count).
  const ndof = s.ensemble === saved.ensemble || ensembleOf(s.ensemble).conservesMomentum ? snap.ndof : degreesOfFreedom(snap.numbers.length, s, 0);
  return { settings: s, ndof, keepChain };
}
