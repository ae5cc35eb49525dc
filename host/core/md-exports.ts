// Signatures of the md kernels exported by assembly/md/exports.ts (integrators, thermostats,
// barostat, initial velocities, checks, FIRE, Philox, pair potentials). Pointers are byte
// offsets into linear memory; arrays are f64 unless named otherwise. Units: Å, fs, eV, amu, K.
export interface MdExports {
  /** out[i] = 1/(m_i·MVV2E) (Å/fs² per eV/Å). */
  mdAccelFactors(n: number, masses: number, out: number): void;
  /** v += dt·(f·accel). */
  mdKick(n: number, v: number, f: number, accel: number, dt: number): void;
  /** r += dt·v over len values. */
  mdDrift(len: number, r: number, v: number, dt: number): void;
  /** x *= s over len values. */
  mdScale(len: number, x: number, s: number): void;
  /** ½ Σ m v², eV. */
  mdKineticEnergy(n: number, v: number, masses: number): number;
  /** Langevin O step (exact OU over dt; γ 1/fs; kT eV); noise stream (seed, step, atom, component). */
  mdLangevinO(n: number, v: number, masses: number, dt: number, gamma: number, kT: number,
    seedLo: number, seedHi: number, step: number): void;
  /** Half step dt/2 of an M-thermostat chain (f64[3M]: η, v_η, Q); returns the velocity scale factor. */
  mdNhcHalfStep(m: number, chain: number, ke: number, gkT: number, kT: number, dt: number): number;
  /** Energy stored in the chain, eV. */
  mdNhcEnergy(m: number, chain: number, gkT: number, kT: number): number;
  /** Berendsen velocity scale factor, clamped to [0.9, 1.1]. */
  mdBerendsenLambda(dt: number, tau: number, temperature: number, target: number): number;
  /** Stochastic cell rescaling step: scales r, cell (rows) and v; returns dε = d ln V. */
  mdCRescale(n: number, r: number, v: number, cell: number, dt: number, tauP: number, beta: number,
    targetP: number, pressure: number, kT: number, volume: number,
    seedLo: number, seedHi: number, step: number): number;
  /** Maxwell–Boltzmann velocities at kT (eV) from the seed. */
  mdMaxwellBoltzmann(n: number, v: number, masses: number, kT: number, seedLo: number, seedHi: number): void;
  mdRemoveMomentum(n: number, v: number, masses: number): void;
  /** Removes rigid rotation; returns the number of rotational degrees of freedom removed. */
  mdRemoveRotation(n: number, r: number, v: number, masses: number): number;
  /** Index of the first non-finite value, or −1. */
  mdFirstNonFinite(len: number, p: number): number;
  /** out f64[6]: the pair nearest its distance floor (d, i, j, floor, Å); largest nearest-neighbour distance, its atom. */
  mdFloorScan(n: number, r: number, cell: number, pbcMask: number, radii: number, fraction: number, minDistance: number,
    near: number, out: number): void;
  /** mdFloorScan's result bit for bit in O(N) (neighbour bins); work holds mdFloorScanBytes(n). Returns the reach used, Å (0: brute force answered). */
  mdFloorScanBinned(n: number, r: number, cell: number, pbcMask: number, radii: number, fraction: number, minDistance: number,
    near: number, out: number, work: number): number;
  /** Bytes of mdFloorScanBinned's work region for n atoms. */
  mdFloorScanBytes(n: number): number;
  /** out f64[2]: largest |row| over n rows of 3 and its row. */
  mdMaxRowNorm(n: number, p: number, out: number): void;
  /** One FIRE step on a flat vector (state f64[11], see assembly/md/fire.ts). */
  fireStep(len: number, x: number, v: number, f: number, state: number): void;
  /** max_i |row_i| over n rows of 3. */
  fireMaxRowNorm(n: number, f: number): number;
  /** out = a⁻¹ (3×3); returns det(a) (0: singular, out untouched). */
  mdInverse3(a: number, out: number): number;
  mdDet3(a: number): number;
  /** out[i] = rows[i]·m for n rows of 3 (may alias). */
  mdRowsTimesMat3(n: number, rows: number, m: number, out: number): void;
  /** Eigen-decomposition of a symmetric 3×3 (a is overwritten); vectors as rows. */
  mdSymmetricEigen3(a: number, values: number, vectors: number): void;
  /** Pair potential (kind 0 LJ ε,σ; 1 Morse D,a,r0): returns E (eV), fills energies, forces, stress (pbcMask 7). */
  pairCompute(kind: number, p0: number, p1: number, p2: number, cutoff: number, shift: number,
    n: number, r: number, cell: number, pbcMask: number, energies: number, forces: number, stress: number): number;
  /** Directed pairs inside the cutoff found by the last pairCompute. */
  pairEdgeCount(): number;
  /** One Philox4x32-10 block; read the words with philoxWords. */
  philox4x32_10(c0: number, c1: number, c2: number, c3: number, k0: number, k1: number): void;
  philoxWords(out: number): void;
  philoxGaussian(seedLo: number, seedHi: number, step: number, purpose: number, atom: number, component: number): number;
  philoxUniform(seedLo: number, seedHi: number, step: number, purpose: number, atom: number, component: number): number;
}
