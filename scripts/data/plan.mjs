// What the data set samples for each system, in one place (data/README.md states it too).
// Sizes chosen for a few thousand frames labelled in minutes on one core.

/** The seed of every random stream of the data set (rng.mjs keys it by system and purpose). */
export const DATA_SEED = 20261123;

export const PLAN = {
  /** xtb MD (Berendsen NVT, 1 fs, real H masses, no SHAKE): temperatures (K) per system kind. */
  mdTemperatures: { molecule: [300, 600, 1000], water: [300, 500] },
  /** Frames kept per MD run (the last ones: the run first relaxes from the start for mdWarmupFs). */
  mdFrames: 10,
  mdWarmupFs: 100,
  mdDumpFs: 50,
  mdStepFs: 1.0,
  /** Random Gaussian displacements of the relaxed geometry: one frame per σ (Å). */
  displacementSigmas: [0.02, 0.04, 0.06, 0.08, 0.1, 0.12],
  /** Uniform compressions about the centroid: one frame per factor (with 0.02 Å jitter). */
  compressionFactors: [0.8, 0.85, 0.9, 0.95],
  /** Close contacts: an atom moved towards one of its 3 nearest neighbours to f × (sum of covalent radii), f uniform in the range. */
  contactFrames: 4,
  contactRange: [0.7, 0.95],
  /**
   * Displacements and contacts are drawn again (at most maxRedraws times) while some pair is
   * closer than pairFloor × (sum of covalent radii): a random draw can push a third atom into
   * another, far inside campjs md's own floor (0.6), which only adds absurd forces.
   */
  pairFloor: 0.7,
  maxRedraws: 50,
  /** Labelled frames with a force above this (eV/Å; campjs md's --max-force default) are left out. */
  maxForce: 50,
  /** Frames of each training system that go to validation instead of training. */
  validFraction: 0.1,
};
