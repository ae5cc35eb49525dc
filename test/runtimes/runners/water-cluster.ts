// A small water cluster cut from a periodic liquid (for the matrix's MD: 20 steps on 192 atoms
// would take ~10 s per runtime). Molecules whose O lies within `radius` of the first O (minimum
// image) are kept whole, unwrapped around that O, and written as non-periodic extxyz with every
// coordinate's shortest round-trip decimal, so parsing gives back the same doubles.
import { parseXyz } from '../payload.mjs';

export function waterCluster(xyz: string, radius: number): string {
  const { numbers, positions, cell } = parseXyz(xyz, 'water cluster source');
  if (!cell || cell[1] !== 0 || cell[2] !== 0 || cell[3] !== 0 || cell[5] !== 0 || cell[6] !== 0 || cell[7] !== 0) {
    throw new Error('waterCluster: needs an orthorhombic cell');
  }
  const box = [cell[0]!, cell[4]!, cell[8]!];
  const at = (i: number) => [positions[3 * i]!, positions[3 * i + 1]!, positions[3 * i + 2]!];
  // Displacement a→b under the minimum image convention.
  const image = (a: number[], b: number[]) => b.map((x, k) => x - a[k]! - box[k]! * Math.round((x - a[k]!) / box[k]!));
  const norm = (d: number[]) => Math.hypot(d[0]!, d[1]!, d[2]!);
  const oxygens = [...numbers.keys()].filter((i) => numbers[i] === 8);
  const hydrogens = [...numbers.keys()].filter((i) => numbers[i] === 1);
  const center = at(oxygens[0]!);
  const lines: string[] = [];
  for (const o of oxygens) {
    const dO = image(center, at(o));
    if (norm(dO) > radius) continue;
    const oPos = dO.map((x, k) => center[k]! + x);
    const hs = hydrogens.map((h) => ({ h, d: image(at(o), at(h)) })).sort((a, b) => norm(a.d) - norm(b.d)).slice(0, 2);
    lines.push(`O ${oPos.join(' ')}`, ...hs.map(({ d }) => `H ${d.map((x, k) => oPos[k]! + x).join(' ')}`));
  }
  return `${lines.length}\npbc="F F F"\n${lines.join('\n')}\n`;
}
