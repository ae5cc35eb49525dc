// The forms of a structure JavaScript users naturally write — `symbols` instead of `numbers`,
// positions as [[x, y, z], ...] or a flat number[], a 3×3 cell, `pbc: true` — turned into the
// Atoms the numeric code takes, or refused with a message saying what to pass. Already-typed
// Atoms pass through unchanged (same object), so calling this every MD step costs nothing.
import type { Atoms, Vec3Flags } from './atoms.js';
import { atomicNumberOf } from './elements.js';

type Vectors = ArrayLike<number> | ArrayLike<ArrayLike<number>>;

/** What loadModel's calculator and MD.create accept: Atoms, or the looser forms above. Units as Atoms (Å, Å/fs, amu). */
export interface AtomsInput {
  /** Atomic numbers (N); or give `symbols`. */
  readonly numbers?: ArrayLike<number>;
  /** Chemical symbols (N), e.g. ['O', 'H', 'H'], instead of `numbers`. */
  readonly symbols?: readonly string[];
  /** Å: Float64Array or number[] of 3N, or N rows [x, y, z]. */
  readonly positions: Vectors;
  /** Å: 9 numbers or 3 rows; null or absent for a molecule. */
  readonly cell?: Vectors | null;
  /** Three flags, or one for all directions. */
  readonly pbc?: Vec3Flags | boolean;
  /** Å/fs, as positions. */
  readonly velocities?: Vectors;
  /** amu, N. */
  readonly masses?: ArrayLike<number>;
}

const HINT = 'pass { numbers: [8, 1, 1] or symbols: [\'O\', \'H\', \'H\'], positions: [[x, y, z], ...] (Å) or a Float64Array of 3N, cell?, pbc? }';

/** `input` as Atoms; throws naming the field and what to pass. */
export function normalizeAtoms(input: AtomsInput | Atoms): Atoms {
  if (typeof input !== 'object' || input === null) throw new TypeError(`atoms: expected an object, found ${typeof input}; ${HINT}`);
  if (isAtoms(input)) return input;
  const numbers = numbersOf(input);
  const atoms: Atoms = {
    numbers,
    positions: flat3(input.positions, 'positions'),
    cell: input.cell == null ? null : flat3(input.cell, 'cell'),
    ...(input.pbc !== undefined && { pbc: pbcOf(input.pbc) }),
    ...(input.velocities !== undefined && { velocities: flat3(input.velocities, 'velocities') }),
    ...(input.masses !== undefined && { masses: floats(input.masses, 'masses') }),
  };
  return atoms;
}

function isAtoms(a: AtomsInput | Atoms): a is Atoms {
  return a.numbers !== undefined && (a as { symbols?: unknown }).symbols === undefined && a.positions instanceof Float64Array
    && (a.cell == null || a.cell instanceof Float64Array) && (a.pbc === undefined || Array.isArray(a.pbc))
    && (a.velocities === undefined || a.velocities instanceof Float64Array) && (a.masses === undefined || a.masses instanceof Float64Array);
}

function numbersOf(input: AtomsInput): ArrayLike<number> {
  if (input.numbers !== undefined && input.symbols !== undefined) throw new TypeError(`atoms: give numbers or symbols, not both`);
  if (input.symbols !== undefined) {
    if (!Array.isArray(input.symbols)) throw new TypeError(`atoms.symbols: expected an array of chemical symbols such as ['O', 'H', 'H']`);
    return Int32Array.from(input.symbols, (s: unknown, i) => {
      if (typeof s !== 'string') throw new TypeError(`atoms.symbols[${i}]: expected a chemical symbol string, found ${typeof s}`);
      try {
        return atomicNumberOf(s);
      } catch (err) {
        throw new TypeError(`atoms.symbols[${i}]: ${(err as Error).message}`);
      }
    });
  }
  if (input.numbers === undefined || typeof input.numbers !== 'object') throw new TypeError(`atoms: no numbers or symbols; ${HINT}`);
  return input.numbers;
}

/** Flat Float64Array of a flat or row-of-3 array; non-numbers are refused (finiteness is checked later, by checkAtoms). */
function flat3(x: Vectors, field: string): Float64Array {
  if (x instanceof Float64Array) return x;
  if (typeof x !== 'object' || x === null || typeof x.length !== 'number') throw new TypeError(`atoms.${field}: expected an array, found ${x === null ? 'null' : typeof x}; ${HINT}`);
  const first = x.length > 0 ? x[0] : undefined;
  if (typeof first !== 'object' || first === null) return floats(x as ArrayLike<number>, field);
  const rows = x as ArrayLike<ArrayLike<number>>;
  const out = new Float64Array(3 * rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (typeof row !== 'object' || row === null || row.length !== 3) throw new TypeError(`atoms.${field}[${i}]: expected a row [x, y, z], found ${JSON.stringify(row)}`);
    for (let k = 0; k < 3; k++) out[3 * i + k] = number(row[k], `${field}[${i}][${k}]`);
  }
  return out;
}

function floats(x: ArrayLike<number>, field: string): Float64Array {
  if (x instanceof Float64Array) return x;
  if (typeof x !== 'object' || x === null) throw new TypeError(`atoms.${field}: expected an array of numbers, found ${typeof x}`);
  return Float64Array.from({ length: x.length }, (_, i) => number(x[i], `${field}[${i}]`));
}

function number(v: unknown, field: string): number {
  if (typeof v !== 'number') throw new TypeError(`atoms.${field}: expected a number, found ${JSON.stringify(v) ?? typeof v}`);
  return v;
}

function pbcOf(p: Vec3Flags | boolean): Vec3Flags {
  if (typeof p === 'boolean') return [p, p, p];
  if (Array.isArray(p) && p.length === 3 && p.every((b) => typeof b === 'boolean')) return [p[0], p[1], p[2]];
  throw new TypeError(`atoms.pbc: expected true/false or three booleans, found ${JSON.stringify(p)}`);
}
