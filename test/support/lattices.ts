// Small model structures for tests, examples and benchmarks (the way ase.build.bulk is used):
// an fcc crystal and the 13-atom icosahedral cluster.
import type { Atoms } from '../../host/atoms.js';

/** fcc crystal of atomic number z, cubic lattice constant a (Å), repeated n×n×n (4n³ atoms). */
export function fccCrystal(z: number, a: number, n: number): Atoms {
  const basis = [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]];
  const positions: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < n; k++) {
        for (const [x, y, w] of basis) positions.push((i + x) * a, (j + y) * a, (k + w) * a);
      }
    }
  }
  const l = n * a;
  return {
    numbers: new Array<number>(positions.length / 3).fill(z),
    positions: Float64Array.from(positions),
    cell: Float64Array.of(l, 0, 0, 0, l, 0, 0, 0, l),
    pbc: [true, true, true],
  };
}

/** Centre atom plus the 12 vertices of an icosahedron at distance r (Å), no cell. */
export function icosahedron13(z: number, r: number): Atoms {
  const phi = (1 + Math.sqrt(5)) / 2;
  const s = r / Math.sqrt(1 + phi * phi);
  const positions = [0, 0, 0];
  for (const a of [-1, 1]) {
    for (const b of [-1, 1]) positions.push(0, a * s, b * phi * s, a * s, b * phi * s, 0, b * phi * s, 0, a * s);
  }
  return { numbers: new Array<number>(13).fill(z), positions: Float64Array.from(positions) };
}
