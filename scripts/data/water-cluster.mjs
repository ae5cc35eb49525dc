// Starting geometries of water clusters (H2O)_n before xtb relaxes them: oxygens on the n grid
// points (3.0 Å spacing, a little above the 2.8 Å O–O of ice) nearest the centre, each molecule
// in a seeded random orientation (O–H 0.96 Å, H–O–H 104.5°).
import { randomRotation } from '../random-rotation.mjs';
import { createRng } from './rng.mjs';

const SPACING = 3.0, R_OH = 0.96, ANGLE = (104.5 * Math.PI) / 180;

/** The n grid points nearest the origin, ties broken by coordinates so the choice is fixed. */
function gridPoints(n) {
  const pts = [];
  for (let i = -3; i <= 3; i++) for (let j = -3; j <= 3; j++) for (let k = -3; k <= 3; k++) pts.push([i, j, k]);
  const r2 = (p) => p[0] * p[0] + p[1] * p[1] + p[2] * p[2];
  pts.sort((a, b) => r2(a) - r2(b) || a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  return pts.slice(0, n).map((p) => p.map((x) => x * SPACING));
}

/** Unrelaxed (H2O)_n, atoms O H H per molecule, Å. */
export function waterCluster(n, seed) {
  if (!Number.isInteger(n) || n < 1 || n > 343) throw new Error(`water cluster size ${n}: expected an integer 1…343`);
  const rng = createRng(seed, `water-cluster-${n}`);
  const local = [[R_OH * Math.sin(ANGLE / 2), R_OH * Math.cos(ANGLE / 2), 0], [-R_OH * Math.sin(ANGLE / 2), R_OH * Math.cos(ANGLE / 2), 0]];
  const symbols = [], positions = [];
  for (const o of gridPoints(n)) {
    const R = randomRotation(rng.uniform);
    symbols.push('O', 'H', 'H');
    positions.push(o, ...local.map((h) => [0, 1, 2].map((k) => o[k] + R[k][0] * h[0] + R[k][1] * h[1] + R[k][2] * h[2])));
  }
  return { symbols, positions };
}
