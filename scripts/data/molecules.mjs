// The systems of campjs's built-in training set (issue 13): small H/C/N/O molecules by SMILES
// and water clusters (H2O)_n. `split: 'test'` holds a whole system out of training and
// validation, so the test error is measured on chemistry the model never saw as such.
// Names are file names (data/geometries/<name>.xyz) and the `system=` tag of every frame.

/** @typedef {{ name: string, smiles: string, split: 'train' | 'test' }} Molecule */

/** @type {readonly Molecule[]} */
export const MOLECULES = [
  // alkanes, alkenes, alkynes
  { name: 'methane', smiles: 'C', split: 'train' },
  { name: 'ethane', smiles: 'CC', split: 'train' },
  { name: 'ethylene', smiles: 'C=C', split: 'train' },
  { name: 'acetylene', smiles: 'C#C', split: 'train' },
  { name: 'propane', smiles: 'CCC', split: 'train' },
  { name: 'isobutane', smiles: 'CC(C)C', split: 'train' },
  { name: 'cyclohexane', smiles: 'C1CCCCC1', split: 'train' },
  // water, alcohols, ethers
  { name: 'water', smiles: 'O', split: 'train' },
  { name: 'methanol', smiles: 'CO', split: 'train' },
  { name: 'ethanol', smiles: 'CCO', split: 'train' },
  { name: 'isopropanol', smiles: 'CC(C)O', split: 'train' },
  { name: 'ethylene-glycol', smiles: 'OCCO', split: 'train' },
  { name: 'dimethyl-ether', smiles: 'COC', split: 'train' },
  { name: 'tetrahydrofuran', smiles: 'C1CCOC1', split: 'train' },
  { name: '1-propanol', smiles: 'CCCO', split: 'test' },
  // carbonyls, acids, esters
  { name: 'formaldehyde', smiles: 'C=O', split: 'train' },
  { name: 'acetaldehyde', smiles: 'CC=O', split: 'train' },
  { name: 'acetone', smiles: 'CC(C)=O', split: 'train' },
  { name: 'formic-acid', smiles: 'OC=O', split: 'train' },
  { name: 'acetic-acid', smiles: 'CC(=O)O', split: 'train' },
  { name: 'methyl-acetate', smiles: 'CC(=O)OC', split: 'train' },
  { name: 'ethyl-formate', smiles: 'O=COCC', split: 'train' },
  { name: 'propionic-acid', smiles: 'CCC(=O)O', split: 'test' },
  { name: 'ethyl-acetate', smiles: 'CCOC(C)=O', split: 'test' },
  // amines, amides, amino acids
  { name: 'ammonia', smiles: 'N', split: 'train' },
  { name: 'methylamine', smiles: 'CN', split: 'train' },
  { name: 'dimethylamine', smiles: 'CNC', split: 'train' },
  { name: 'trimethylamine', smiles: 'CN(C)C', split: 'train' },
  { name: 'ethylenediamine', smiles: 'NCCN', split: 'train' },
  { name: 'formamide', smiles: 'NC=O', split: 'train' },
  { name: 'acetamide', smiles: 'CC(N)=O', split: 'train' },
  { name: 'n-methylacetamide', smiles: 'CNC(C)=O', split: 'train' },
  { name: 'urea', smiles: 'NC(N)=O', split: 'train' },
  { name: 'glycine', smiles: 'NCC(=O)O', split: 'train' },
  { name: 'alanine', smiles: 'CC(N)C(=O)O', split: 'train' },
  { name: 'alanine-dipeptide', smiles: 'CC(=O)NC(C)C(=O)NC', split: 'train' },
  { name: 'dimethylformamide', smiles: 'CN(C)C=O', split: 'test' },
  { name: 'serine', smiles: 'NC(CO)C(=O)O', split: 'test' },
  // nitriles, nitro
  { name: 'hydrogen-cyanide', smiles: 'C#N', split: 'train' },
  { name: 'acetonitrile', smiles: 'CC#N', split: 'train' },
  { name: 'nitromethane', smiles: 'C[N+](=O)[O-]', split: 'train' },
  { name: 'propionitrile', smiles: 'CCC#N', split: 'test' },
  // aromatics
  { name: 'benzene', smiles: 'c1ccccc1', split: 'train' },
  { name: 'toluene', smiles: 'Cc1ccccc1', split: 'train' },
  { name: 'phenol', smiles: 'Oc1ccccc1', split: 'train' },
  { name: 'aniline', smiles: 'Nc1ccccc1', split: 'train' },
  { name: 'benzoic-acid', smiles: 'OC(=O)c1ccccc1', split: 'train' },
  { name: 'aspirin', smiles: 'CC(=O)Oc1ccccc1C(=O)O', split: 'train' },
  { name: 'paracetamol', smiles: 'CC(=O)Nc1ccc(O)cc1', split: 'test' },
  // heterocycles
  { name: 'pyridine', smiles: 'c1ccncc1', split: 'train' },
  { name: 'pyrrole', smiles: 'c1cc[nH]c1', split: 'train' },
  { name: 'furan', smiles: 'c1ccoc1', split: 'train' },
  { name: 'imidazole', smiles: 'c1c[nH]cn1', split: 'train' },
  { name: 'pyrimidine', smiles: 'c1cncnc1', split: 'train' },
  { name: 'piperidine', smiles: 'C1CCNCC1', split: 'train' },
  { name: 'pyrazine', smiles: 'c1cnccn1', split: 'test' },
];

/** Water cluster sizes (H2O)_n; the listed ones are held out whole. */
export const WATER_SIZES = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
export const WATER_TEST_SIZES = [7, 12];

/** @typedef {{ name: string, kind: 'molecule' | 'water', smiles?: string, waters?: number, split: 'train' | 'test' }} System */

/** Every system, molecules first, in the order the data set lists them. */
/** @type {readonly System[]} */
export const SYSTEMS = [
  ...MOLECULES.map((m) => ({ name: m.name, kind: /** @type {const} */ ('molecule'), smiles: m.smiles, split: m.split })),
  ...WATER_SIZES.map((n) => ({
    name: `water-${n}`, kind: /** @type {const} */ ('water'), waters: n,
    split: /** @type {'train' | 'test'} */ (WATER_TEST_SIZES.includes(n) ? 'test' : 'train'),
  })),
];

/** The system called `name`; throws listing what exists. */
export function systemNamed(name) {
  const s = SYSTEMS.find((x) => x.name === name);
  if (!s) throw new Error(`unknown system "${name}"; known: ${SYSTEMS.map((x) => x.name).join(', ')}`);
  return s;
}
