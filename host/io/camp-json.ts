// CAMP's dataset JSON: a pandas DataFrame written column-wise, one object per column keyed by the
// frame's index ("0", "1", ...): coords (N×3 Å), atomic_number (N), cell (3×3 rows Å or null),
// pbc (3 booleans or one), energy (total, eV), forces (N×3 eV/Å). Other columns are kept in the
// frame's info. Only coords and atomic_number are required; without pbc, a frame with a cell is
// periodic (as for extxyz). Every frame of another column, and every index up to the largest,
// must be in coords: a frame is never dropped silently.
import type { Vec3Flags } from '../atoms.js';
import { MAX_ATOMIC_NUMBER } from '../elements.js';
import { StructureFormatError, describeValue as describe } from './format-error.js';
import type { StructureFrame } from './frame.js';

const KNOWN = new Set(['coords', 'atomic_number', 'cell', 'pbc', 'energy', 'forces']);

type Fail = (field: string, problem: string) => never;

function isRecord(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

function finite(x: unknown, field: string, fail: Fail): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) fail(field, `expected a finite number, found ${describe(x)}`);
  return x;
}

/** A list of `rows` triples of finite numbers, flattened. */
function triples(x: unknown, rows: number | undefined, field: string, fail: Fail): Float64Array {
  if (!Array.isArray(x)) fail(field, `expected a list of [x, y, z], found ${describe(x)}`);
  if (rows !== undefined && x.length !== rows) fail(field, `expected ${rows} rows, found ${x.length}`);
  const out = new Float64Array(3 * x.length);
  x.forEach((row: unknown, i) => {
    if (!Array.isArray(row) || row.length !== 3) fail(`${field}[${i}]`, `expected [x, y, z], found ${describe(row)}`);
    for (let c = 0; c < 3; c++) out[3 * i + c] = finite(row[c], `${field}[${i}][${c}]`, fail);
  });
  return out;
}

function atomicNumbers(x: unknown, n: number, field: string, fail: Fail): Int32Array {
  if (!Array.isArray(x) || x.length !== n) fail(field, `expected ${n} atomic numbers (one per coords row), found ${describe(x)}`);
  return Int32Array.from(x, (z: unknown, i) => {
    if (typeof z !== 'number' || !Number.isInteger(z) || z < 1 || z > MAX_ATOMIC_NUMBER) {
      fail(`${field}[${i}]`, `expected an atomic number 1..${MAX_ATOMIC_NUMBER}, found ${describe(z)}`);
    }
    return z;
  });
}

/** Absent pbc follows the cell, as extxyz's Lattice does: a (nonzero) cell means periodic. */
function pbcOf(x: unknown, hasCell: boolean, field: string, fail: Fail): Vec3Flags {
  if (x === undefined || x === null) return [hasCell, hasCell, hasCell];
  if (typeof x === 'boolean') return [x, x, x];
  if (Array.isArray(x) && x.length === 3 && x.every((p) => typeof p === 'boolean')) return [x[0], x[1], x[2]];
  return fail(field, `expected three booleans, found ${describe(x)}`);
}

/** Frames another column has but coords lacks, or gaps in coords' integer index, are errors. */
function checkFrameKeys(keys: readonly string[], columns: readonly [string, unknown][], fail: Fail): void {
  const inCoords = new Set(keys);
  for (const [name, column] of columns) {
    const extra = Object.keys(column as object).find((k) => !inCoords.has(k));
    if (extra !== undefined) fail('coords', `no entry for frame ${JSON.stringify(extra)} (which ${name} has)`);
  }
  if (!keys.every((k) => /^(0|[1-9]\d*)$/.test(k))) return;
  const indices = keys.map(Number).sort((a, b) => a - b);
  const gap = indices.findIndex((k, i) => k !== i);
  if (gap >= 0) fail('coords', `no entry for frame ${JSON.stringify(String(gap))} (frame indices run 0..${indices[indices.length - 1]} with gaps)`);
}

/**
 * Parses CAMP dataset JSON text into frames carrying the DFT labels (energy, forces).
 * `file` names the source in errors; fields are named like `forces["12"][7][2]`.
 */
export function parseCampJson(text: string, file: string): StructureFrame[] {
  const fail: Fail = (field, problem) => {
    throw new StructureFormatError(file, { field }, problem);
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new StructureFormatError(file, {}, `not valid JSON: ${(e as Error).message}`);
  }
  if (!isRecord(data)) return fail('(top level)', 'expected an object of columns (coords, atomic_number, ...)');
  for (const name of ['coords', 'atomic_number']) {
    if (!isRecord(data[name])) fail(name, `expected an object keyed by frame index, found ${describe(data[name])}`);
  }
  const columns = Object.entries(data);
  for (const [name, column] of columns) {
    if (!isRecord(column)) fail(name, `expected an object keyed by frame index, found ${describe(column)}`);
  }
  const keys = Object.keys(data.coords as Record<string, unknown>);
  if (keys.length === 0) fail('coords', 'no frames');
  const frames = keys.map((key): StructureFrame => {
    const at = (name: string) => `${name}[${JSON.stringify(key)}]`;
    const cellOf = (name: string): Record<string, unknown> => data[name] as Record<string, unknown>;
    for (const [name, column] of columns) {
      if (!Object.hasOwn(column as object, key)) fail(name, `no entry for frame ${JSON.stringify(key)} (which coords has)`);
    }
    const positions = triples(cellOf('coords')[key], undefined, at('coords'), fail);
    const n = positions.length / 3;
    if (n === 0) fail(at('coords'), 'frame has 0 atoms; a structure needs at least one atom');
    const numbers = atomicNumbers(cellOf('atomic_number')[key], n, at('atomic_number'), fail);
    const cellValue = data.cell === undefined ? null : cellOf('cell')[key];
    const cell = cellValue === null ? null : triples(cellValue, 3, at('cell'), fail);
    const pbc = pbcOf(data.pbc === undefined ? undefined : cellOf('pbc')[key], cell !== null && cell.some((x) => x !== 0), at('pbc'), fail);
    if (pbc.some((p) => p) && (cell === null || cell.every((x) => x === 0))) fail(at('pbc'), 'periodic, but the cell is missing or zero');
    const energyValue = data.energy === undefined ? null : cellOf('energy')[key];
    const forcesValue = data.forces === undefined ? null : cellOf('forces')[key];
    const info = Object.fromEntries(columns.filter(([name]) => !KNOWN.has(name)).map(([name]) => [name, cellOf(name)[key]]));
    return {
      atoms: { numbers, positions, cell: cell && cell.some((x) => x !== 0) ? cell : null, pbc },
      info,
      arrays: {},
      ...(energyValue !== null && { energy: finite(energyValue, at('energy'), fail) }),
      ...(forcesValue !== null && { forces: triples(forcesValue, n, at('forces'), fail) }),
    };
  });
  checkFrameKeys(keys, columns, fail);
  return frames;
}
