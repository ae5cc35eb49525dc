// Benchmark structures from ../shared (liquid water-64, LiPS, aspirin) and periodic replicas.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Atoms } from '../host/atoms.js';
import { parseExtxyz } from '../host/io/extxyz.js';

export function readXyz(path: string): Atoms {
  return parseExtxyz(readFileSync(path, 'utf8'), path)[0].atoms;
}

/** First structure of a reference JSON (positions Å, cell rows or null). */
export function readReferenceStructure(path: string, index = 0): Atoms {
  const s = JSON.parse(readFileSync(path, 'utf8')).structures[index];
  return {
    numbers: s.numbers,
    positions: new Float64Array(s.positions.flat()),
    cell: s.cell ? new Float64Array(s.cell.flat()) : null,
    pbc: s.pbc ?? [false, false, false],
  };
}

/** The k×k×k (or ka×kb×kc) periodic supercell of a fully periodic structure. */
export function replicate(atoms: Atoms, k: number | readonly [number, number, number]): Atoms {
  const [ka, kb, kc] = typeof k === 'number' ? [k, k, k] : k;
  const n = atoms.numbers.length, cell = atoms.cell!;
  const numbers: number[] = [];
  const positions = new Float64Array(3 * n * ka * kb * kc);
  let p = 0;
  for (let a = 0; a < ka; a++) for (let b = 0; b < kb; b++) for (let c = 0; c < kc; c++) {
    for (let i = 0; i < n; i++) {
      numbers.push(atoms.numbers[i]);
      for (let x = 0; x < 3; x++) positions[p++] = atoms.positions[3 * i + x] + a * cell[x] + b * cell[3 + x] + c * cell[6 + x];
    }
  }
  return { numbers, positions, cell: cell.map((v, m) => v * [ka, kb, kc][Math.floor(m / 3)]), pbc: [true, true, true] };
}

export const sharedFile = (shared: string, ...parts: string[]): string => join(shared, ...parts);
