// Unit constants of the data set (CODATA 2018, as ASE 3.23 uses): xtb works in Hartree and
// Bohr, campjs's files in eV and Å.
export const HARTREE_EV = 27.211386245988; // eV per Hartree
export const BOHR_ANG = 0.529177210903; // Å per Bohr
export const KB_HARTREE = 3.166811563455546e-6; // Boltzmann constant, Hartree per K (8.617333262e-5 eV/K / HARTREE_EV)
export const AMU_ME = 1822.888486209; // electron masses per atomic mass unit
/** Standard atomic weights (amu): only for drawing starting velocities (xtb integrates with its own). */
export const MASS_AMU = { H: 1.008, C: 12.011, N: 14.007, O: 15.999 };
/** Cordero et al. (2008) covalent radii (Å), as campjs's distance floor uses them (C sp3). */
export const COVALENT_RADIUS = { H: 0.31, C: 0.76, N: 0.71, O: 0.66 };
