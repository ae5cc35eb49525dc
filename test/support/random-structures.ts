// Seeded random periodic structures for neighbour-list tests: triclinic cells of any skew,
// any mix of periodic and open axes, atoms up to 30 % of a cell outside it, cutoffs from a
// fraction of the cell to several cells. The draw order is fixed, so a seed and a case number
// name one structure for good (the WebGPU and Wasm neighbour tests quote case numbers).
import type { Atoms } from '../../host/atoms.js';

/** A linear congruential generator on [0, 1): cheap and identical on every runtime. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** Cell rows from lengths (Å) and angles (degrees), a along x, b in the xy plane; null if too flat. */
export function cellFromParameters(a: number, b: number, c: number, alpha: number, beta: number, gamma: number): Float64Array | null {
  const [ca, cb, cg] = [alpha, beta, gamma].map((d) => Math.cos((d * Math.PI) / 180));
  const sg = Math.sin((gamma * Math.PI) / 180);
  const cx = cb, cy = (ca - cb * cg) / sg, cz2 = 1 - cx * cx - cy * cy;
  if (!(cz2 > 0.01)) return null;
  return Float64Array.of(a, 0, 0, b * cg, b * sg, 0, c * cx, c * cy, c * Math.sqrt(cz2));
}

export interface RandomStructureOptions {
  /** Cell lengths are drawn from [cellMin, cellMin + cellSpan), Å (default 3, 8). */
  readonly cellMin?: number;
  readonly cellSpan?: number;
  /** Atom counts are drawn from 1..maxAtoms (default 30). */
  readonly maxAtoms?: number;
  /** Cutoffs are drawn from [cutoffMin, cutoffMin + cutoffSpan), Å (default 1, 5). */
  readonly cutoffMin?: number;
  readonly cutoffSpan?: number;
}

/**
 * The next random structure and cutoff (Å) from `rnd`: angles 40–140°, each axis periodic with
 * probability 0.7, fractional coordinates in [-0.3, 1.3). Null when the drawn cell is too flat
 * (then only the cell's six draws are consumed).
 */
export function randomStructure(rnd: () => number, options: RandomStructureOptions = {}): { atoms: Atoms; cutoff: number } | null {
  const { cellMin = 3, cellSpan = 8, maxAtoms = 30, cutoffMin = 1, cutoffSpan = 5 } = options;
  const length = () => cellMin + cellSpan * rnd();
  const cell = cellFromParameters(length(), length(), length(), 40 + 100 * rnd(), 40 + 100 * rnd(), 40 + 100 * rnd());
  if (!cell) return null;
  const pbc: [boolean, boolean, boolean] = [rnd() < 0.7, rnd() < 0.7, rnd() < 0.7];
  const n = 1 + Math.floor(maxAtoms * rnd());
  const positions = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    const f = [0, 1, 2].map(() => 1.6 * rnd() - 0.3);
    for (let x = 0; x < 3; x++) positions[3 * i + x] = f[0] * cell[x] + f[1] * cell[3 + x] + f[2] * cell[6 + x];
  }
  const cutoff = cutoffMin + cutoffSpan * rnd();
  return { atoms: { numbers: new Array<number>(n).fill(1), positions, cell, pbc }, cutoff };
}
