// Units of the md kernels: Å, fs, eV, amu, K. Constants from CODATA 2018 (exact SI eV; amu).

/** 1 amu·Å²/fs² in eV (= 103.6426918…): mass·velocity² → energy. */
export const MVV2E: f64 = 1.66053906660e-17 / 1.602176634e-19;
/** Boltzmann constant, eV/K. */
export const KB_EV_PER_K: f64 = 8.617333262e-5;
