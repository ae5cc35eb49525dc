// Units of campjs MD: Å, fs, eV, amu, K (pressure in user units bar/GPa at the edges).
// CODATA 2018: amu = 1.66053906660e-27 kg, e = 1.602176634e-19 C (exact), k_B = 8.617333262e-5 eV/K.
// (ASE 3.22 uses CODATA 2014; the relative difference, ~1e-8, is far below MD tolerances.)

/** MVV2E (1 amu·Å²/fs² in eV) and k_B (eV/K): the Wasm core's own values, from scripts/layouts/table.mjs. */
export { MVV2E, KB_EV_PER_K } from '../generated/layouts.js';
/** 1 eV/Å³ in GPa (= e·1e30 Pa / 1e9). */
export const GPA_PER_EV_A3 = 160.2176634;
/** 1 bar in eV/Å³. */
export const EV_A3_PER_BAR = 1e-4 / GPA_PER_EV_A3;
