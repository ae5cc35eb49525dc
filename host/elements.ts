// Chemical elements Z = 1..118: symbols and the default atomic masses that ASE uses
// (ase.data.atomic_masses = IUPAC 2016 standard atomic weights; for elements without a
// standard weight, the mass of the longest-lived isotope). Masses in amu.

const SYMBOLS: readonly string[] = [
  'H', 'He', 'Li', 'Be', 'B', 'C', 'N', 'O', 'F', 'Ne', 'Na', 'Mg', 'Al', 'Si', 'P', 'S', 'Cl',
  'Ar', 'K', 'Ca', 'Sc', 'Ti', 'V', 'Cr', 'Mn', 'Fe', 'Co', 'Ni', 'Cu', 'Zn', 'Ga', 'Ge', 'As',
  'Se', 'Br', 'Kr', 'Rb', 'Sr', 'Y', 'Zr', 'Nb', 'Mo', 'Tc', 'Ru', 'Rh', 'Pd', 'Ag', 'Cd', 'In',
  'Sn', 'Sb', 'Te', 'I', 'Xe', 'Cs', 'Ba', 'La', 'Ce', 'Pr', 'Nd', 'Pm', 'Sm', 'Eu', 'Gd', 'Tb',
  'Dy', 'Ho', 'Er', 'Tm', 'Yb', 'Lu', 'Hf', 'Ta', 'W', 'Re', 'Os', 'Ir', 'Pt', 'Au', 'Hg', 'Tl',
  'Pb', 'Bi', 'Po', 'At', 'Rn', 'Fr', 'Ra', 'Ac', 'Th', 'Pa', 'U', 'Np', 'Pu', 'Am', 'Cm', 'Bk',
  'Cf', 'Es', 'Fm', 'Md', 'No', 'Lr', 'Rf', 'Db', 'Sg', 'Bh', 'Hs', 'Mt', 'Ds', 'Rg', 'Cn', 'Nh',
  'Fl', 'Mc', 'Lv', 'Ts', 'Og',
];

/** Default masses, amu, indexed by Z - 1 (ASE's ase.data.atomic_masses). */
const MASSES_AMU: readonly number[] = [
  1.008, 4.002602, 6.94, 9.0121831, 10.81, 12.011, 14.007, 15.999, 18.998403163, 20.1797,
  22.98976928, 24.305, 26.9815385, 28.085, 30.973761998, 32.06, 35.45, 39.948, 39.0983, 40.078,
  44.955908, 47.867, 50.9415, 51.9961, 54.938044, 55.845, 58.933194, 58.6934, 63.546, 65.38,
  69.723, 72.63, 74.921595, 78.971, 79.904, 83.798, 85.4678, 87.62, 88.90584, 91.224, 92.90637,
  95.95, 97.90721, 101.07, 102.9055, 106.42, 107.8682, 112.414, 114.818, 118.71, 121.76, 127.6,
  126.90447, 131.293, 132.90545196, 137.327, 138.90547, 140.116, 140.90766, 144.242, 144.91276,
  150.36, 151.964, 157.25, 158.92535, 162.5, 164.93033, 167.259, 168.93422, 173.054, 174.9668,
  178.49, 180.94788, 183.84, 186.207, 190.23, 192.217, 195.084, 196.966569, 200.592, 204.38, 207.2,
  208.9804, 208.98243, 209.98715, 222.01758, 223.01974, 226.02541, 227.02775, 232.0377, 231.03588,
  238.02891, 237.04817, 244.06421, 243.06138, 247.07035, 247.07031, 251.07959, 252.083, 257.09511,
  258.09843, 259.101, 262.11, 267.122, 268.126, 271.134, 270.133, 269.1338, 278.156, 281.165,
  281.166, 285.177, 286.182, 289.19, 289.194, 293.204, 293.208, 294.214,
];

const NUMBER_OF_SYMBOL: ReadonlyMap<string, number> = new Map(SYMBOLS.map((s, i) => [s, i + 1]));

/** Largest atomic number known here. */
export const MAX_ATOMIC_NUMBER = SYMBOLS.length;

function checkZ(z: number): void {
  if (!Number.isInteger(z) || z < 1 || z > MAX_ATOMIC_NUMBER) {
    throw new Error(`atomic number ${z} is outside 1..${MAX_ATOMIC_NUMBER}`);
  }
}

/** Chemical symbol of atomic number z (1..118). */
export function symbolOf(z: number): string {
  checkZ(z);
  return SYMBOLS[z - 1];
}

/** Atomic number of a chemical symbol, spelled as in the periodic table ('Cl', not 'CL'). */
export function atomicNumberOf(symbol: string): number {
  const z = NUMBER_OF_SYMBOL.get(symbol);
  if (z === undefined) throw new Error(`unknown chemical symbol '${symbol}'`);
  return z;
}

/** ASE's default mass of atomic number z, amu. */
export function defaultMass(z: number): number {
  checkZ(z);
  return MASSES_AMU[z - 1];
}

/** ASE's default masses for a list of atomic numbers, amu. */
export function defaultMasses(numbers: ArrayLike<number>): Float64Array {
  const out = new Float64Array(numbers.length);
  for (let i = 0; i < numbers.length; i++) out[i] = defaultMass(numbers[i]);
  return out;
}

/**
 * Covalent radii, Å, indexed by Z - 1: Cordero et al., "Covalent radii revisited", Dalton Trans.
 * 2008, 2832 (C: sp³; Mn, Fe, Co: low spin) — the table ASE ships. Z > 96 has no value (null).
 */
const COVALENT_RADII_A: readonly number[] = [
  0.31, 0.28, 1.28, 0.96, 0.84, 0.76, 0.71, 0.66, 0.57, 0.58, 1.66, 1.41, 1.21, 1.11, 1.07, 1.05, 1.02, 1.06,
  2.03, 1.76, 1.70, 1.60, 1.53, 1.39, 1.39, 1.32, 1.26, 1.24, 1.32, 1.22, 1.22, 1.20, 1.19, 1.20, 1.20, 1.16,
  2.20, 1.95, 1.90, 1.75, 1.64, 1.54, 1.47, 1.46, 1.42, 1.39, 1.45, 1.44, 1.42, 1.39, 1.39, 1.38, 1.39, 1.40,
  2.44, 2.15, 2.07, 2.04, 2.03, 2.01, 1.99, 1.98, 1.98, 1.96, 1.94, 1.92, 1.92, 1.89, 1.90, 1.87, 1.87, 1.75,
  1.70, 1.62, 1.51, 1.44, 1.41, 1.36, 1.36, 1.32, 1.45, 1.46, 1.48, 1.40, 1.50, 1.50, 2.60, 2.21, 2.15, 2.06,
  2.00, 1.96, 1.90, 1.87, 1.80, 1.69,
];

/** Cordero et al. (2008) covalent radius of atomic number z, Å; null where the table has none (Z > 96). */
export function covalentRadius(z: number): number | null {
  checkZ(z);
  return z <= COVALENT_RADII_A.length ? COVALENT_RADII_A[z - 1] : null;
}
