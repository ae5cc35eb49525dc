// A system's starting geometry, relaxed by GFN2-xTB: molecules from SMILES through Open Babel's
// `--gen3d`, water clusters from water-cluster.mjs; then `xtb --opt`. Open Babel 3.1.1 draws
// from an unseeded generator at every --gen3d speed (1–3 and the default differ run to run; 4–5
// and the names fast/fastest give all-zero coordinates), so make-geometries.mjs runs this once
// and the results are committed (data/geometries/); everything after them is seeded.
import { spawnSync } from 'node:child_process';
import { waterCluster } from './water-cluster.mjs';
import { optimize } from './xtb.mjs';
import { bondSet } from './bonds.mjs';
import { parseXyzFrames, rounded } from './xyz.mjs';

function obabel(args, what) {
  const r = spawnSync('obabel', args, { encoding: 'utf8' });
  if (r.error) throw new Error(`${what}: cannot run obabel (${r.error.message}); install it with apt-get install openbabel`);
  if (r.status !== 0 || !/1 molecule converted/.test(r.stderr)) throw new Error(`${what}: obabel ${args.join(' ')} failed:\n${r.stderr.trim()}`);
  return r.stdout;
}

/** 3D atoms of a SMILES string from `obabel -:SMILES --gen3d` (Å). */
export function fromSmiles(smiles, what) {
  const [frame] = parseXyzFrames(obabel([`-:${smiles}`, '-h', '--gen3d', '-oxyz'], what), `${what}: obabel output`);
  return { symbols: frame.symbols, positions: frame.positions };
}

/**
 * The xtb-relaxed starting geometry of `system` (see molecules.mjs), rounded as the files keep
 * it. A molecule whose bonds change in the relaxation is refused (a bad gen3d structure that
 * xtb rearranged: the data would not be the named molecule).
 */
export function startingGeometry(system, seed) {
  const what = `${system.name}: geometry`;
  const raw = system.kind === 'water' ? waterCluster(system.waters, seed) : fromSmiles(system.smiles, what);
  const relaxed = rounded(optimize(rounded(raw), 'normal', `${system.name}: xtb --opt`));
  if (system.kind === 'molecule' && bondSet(raw) !== bondSet(relaxed)) {
    throw new Error(`${what}: xtb --opt changed the bonds of the gen3d structure (${bondSet(raw)} → ${bondSet(relaxed)}); run again for another gen3d structure`);
  }
  return relaxed;
}
