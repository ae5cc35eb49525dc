// Bond lengths of a molecule: pairs closer than 1.25 × the sum of their covalent radii, the rule
// geometry.mjs uses to check that xtb --opt kept a molecule's bonds.
import { COVALENT_RADIUS } from './units.mjs';

/** @returns {{ i: number, j: number, pair: string, length: number }[]} bonds (i < j) with lengths in Å */
export function bonds(atoms) {
  const out = [];
  const { symbols: s, positions: p } = atoms;
  for (let j = 0; j < s.length; j++) for (let i = 0; i < j; i++) {
    const length = Math.sqrt((p[i][0] - p[j][0]) ** 2 + (p[i][1] - p[j][1]) ** 2 + (p[i][2] - p[j][2]) ** 2);
    if (length < 1.25 * (COVALENT_RADIUS[s[i]] + COVALENT_RADIUS[s[j]])) out.push({ i, j, pair: `${s[i]}${i}-${s[j]}${j}`, length });
  }
  return out;
}

/** The bonds as one comparable string "i-j i-j ...". */
export const bondSet = (atoms) => bonds(atoms).map((b) => `${b.i}-${b.j}`).join(' ');
