// Extended-XYZ reader following ASE's conventions (ase.io.extxyz): Lattice rows, pbc, Properties
// columns, energy/free_energy/stress in the comment line, forces/energies columns, masses, and
// ASE momenta converted to campjs velocities (Å/fs). A `velocities` column is read as Å/fs.
// Plain XYZ (no Properties=) is species x y z. Stricter than ASE where ASE would silently drop
// data: every problem is an error naming file, line and field.
import type { Vec3Flags } from '../atoms.js';
import { atomicNumberOf, defaultMasses, MAX_ATOMIC_NUMBER } from '../elements.js';
import { velocitiesFromMomenta } from './ase-units.js';
import { parseComment } from './extxyz-comment.js';
import { PLAIN_XYZ_COLUMNS, parseProperties, type ColumnSpec, type ColumnType } from './extxyz-properties.js';
import { StructureFormatError, describeValue as describe } from './format-error.js';
import type { Column, StructureFrame } from './frame.js';
import { isIntegerText, isNonFiniteWord, parseDecimal } from './numbers.js';

type Role = 'symbols' | 'numbers' | 'positions' | 'masses' | 'velocities' | 'momenta' | 'forces' | 'energies';

/** Column names with a meaning (ASE's spellings), the role they fill and the shape they need. */
const ROLES: ReadonlyMap<string, { role: Role; type: ColumnType; width: number }> = new Map([
  ['species', { role: 'symbols', type: 'S', width: 1 }],
  ['symbols', { role: 'symbols', type: 'S', width: 1 }],
  ['Z', { role: 'numbers', type: 'I', width: 1 }],
  ['numbers', { role: 'numbers', type: 'I', width: 1 }],
  ['pos', { role: 'positions', type: 'R', width: 3 }],
  ['positions', { role: 'positions', type: 'R', width: 3 }],
  ['masses', { role: 'masses', type: 'R', width: 1 }],
  ['velocities', { role: 'velocities', type: 'R', width: 3 }],
  ['momenta', { role: 'momenta', type: 'R', width: 3 }],
  ['forces', { role: 'forces', type: 'R', width: 3 }],
  ['energies', { role: 'energies', type: 'R', width: 1 }],
]);

/** Comment-line keys that are not free info. */
const SPECIAL_KEYS = new Set(['Lattice', 'pbc', 'Properties', 'energy', 'free_energy', 'stress']);

/** ASE's 3×3 stress, flattened in Fortran order, to Voigt [xx, yy, zz, yz, xz, xy] as ASE does. */
const VOIGT_FROM_FORTRAN_9 = [0, 4, 8, 7, 6, 3];

type Fail = (line: number, field: string | undefined, problem: string) => never;

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
}

function columnField(spec: ColumnSpec, c: number, column: number): string {
  return `${spec.name}${spec.width > 1 ? `[${c}]` : ''} (column ${column})`;
}

/**
 * Storage for one column of all atoms; `set(k, token, line, column)` parses the token of flat
 * entry k = atom·width + component, found in 1-based text column `column` of `line`.
 */
function columnStore(spec: ColumnSpec, n: number, fail: Fail) {
  const len = n * spec.width;
  const field = (k: number, column: number) => columnField(spec, k % spec.width, column);
  switch (spec.type) {
    case 'R':
    case 'I': {
      const values = new Float64Array(len);
      const integer = spec.type === 'I';
      return {
        column: { type: spec.type, width: spec.width, values } as Column,
        set(k: number, token: string, line: number, column: number) {
          const x = integer ? (isIntegerText(token) ? Number(token) : null) : parseDecimal(token);
          if (x === null) {
            const why = isNonFiniteWord(token) ? 'is not a finite number' : integer ? 'is not an integer' : 'is not a number';
            fail(line, field(k, column), `'${token}' ${why}`);
          }
          if (!Number.isFinite(x) || (integer && !Number.isSafeInteger(x))) fail(line, field(k, column), `'${token}' is out of range`);
          values[k] = x;
        },
      };
    }
    case 'L': {
      const values: boolean[] = new Array<boolean>(len).fill(false);
      return {
        column: { type: 'L', width: spec.width, values } as Column,
        set(k: number, token: string, line: number, column: number) {
          if (token === 'T' || token === 'True') values[k] = true;
          else if (token !== 'F' && token !== 'False') fail(line, field(k, column), `'${token}' is not a logical (T or F)`);
        },
      };
    }
    case 'S': {
      const values: string[] = new Array<string>(len).fill('');
      return {
        column: { type: 'S', width: spec.width, values } as Column,
        set(k: number, token: string) {
          values[k] = token;
        },
      };
    }
  }
}

function speciesNumber(token: string, line: number, field: string, fail: Fail): number {
  if (isIntegerText(token)) {
    const z = Number(token);
    if (z < 1 || z > MAX_ATOMIC_NUMBER) fail(line, field, `atomic number ${token} is outside 1..${MAX_ATOMIC_NUMBER}`);
    return z;
  }
  try {
    return atomicNumberOf(capitalize(token)); // ASE capitalizes symbols too ('CL' → 'Cl')
  } catch {
    return fail(line, field, `unknown chemical symbol '${token}'`);
  }
}

interface RoleColumn {
  readonly spec: ColumnSpec;
  /** Index of the column in Properties. */
  readonly at: number;
  readonly values: Float64Array | string[] | boolean[];
}

/** Atomic numbers from the species and/or Z columns (which must agree when both are given). */
function atomicNumbers(symbols: RoleColumn | undefined, zs: RoleColumn | undefined, offsets: number[], firstLine: number, fail: Fail, n: number): Int32Array {
  const numbers = new Int32Array(n);
  for (let a = 0; a < n; a++) {
    if (symbols) {
      const field = columnField(symbols.spec, 0, offsets[symbols.at] + 1);
      numbers[a] = speciesNumber(symbols.values[a] as string, firstLine + a, field, fail);
    }
    if (zs) {
      const z = zs.values[a] as number;
      const field = columnField(zs.spec, 0, offsets[zs.at] + 1);
      if (z < 1 || z > MAX_ATOMIC_NUMBER) fail(firstLine + a, field, `atomic number ${z} is outside 1..${MAX_ATOMIC_NUMBER}`);
      if (symbols && z !== numbers[a]) fail(firstLine + a, field, `atomic number ${z} disagrees with species '${symbols.values[a]}'`);
      numbers[a] = z;
    }
  }
  return numbers;
}

function numberList(value: unknown): number[] | null {
  return Array.isArray(value) && value.every((x) => typeof x === 'number') ? value : null;
}

function readPbc(value: unknown, line: number, fail: Fail): Vec3Flags | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return [value, value, value];
  if (Array.isArray(value) && value.length === 3 && value.every((x) => typeof x === 'boolean')) return [value[0], value[1], value[2]];
  return fail(line, 'pbc', `expected three logicals like "T T T", found ${describe(value)}`);
}

function readCellAndPbc(info: Map<string, unknown>, line: number, fail: Fail): { cell: Float64Array | null; pbc: Vec3Flags } {
  const lattice = info.get('Lattice');
  const rows = lattice === undefined ? null : numberList(lattice);
  if (lattice !== undefined && rows?.length !== 9) fail(line, 'Lattice', `expected 9 numbers (three cell vectors), found ${describe(lattice)}`);
  // with a Lattice and no pbc, ASE takes all three directions as periodic
  const pbc = readPbc(info.get('pbc'), line, fail) ?? (rows ? [true, true, true] : [false, false, false]);
  // an all-zero Lattice means no cell, as in ASE
  if (rows === null || rows.every((x) => x === 0)) {
    if (pbc.some((p) => p)) fail(line, 'pbc', `periodic directions need a Lattice="..." (${rows ? 'the one given is zero' : 'none given'})`);
    return { cell: null, pbc };
  }
  const cell = Float64Array.from(rows);
  if (pbc.every((p) => p)) {
    const [a, b, c] = [cell.subarray(0, 3), cell.subarray(3, 6), cell.subarray(6, 9)];
    const det = a[0] * (b[1] * c[2] - b[2] * c[1]) - a[1] * (b[0] * c[2] - b[2] * c[0]) + a[2] * (b[0] * c[1] - b[1] * c[0]);
    const scale = Math.hypot(...a) * Math.hypot(...b) * Math.hypot(...c);
    if (!(Math.abs(det) > 1e-10 * scale)) fail(line, 'Lattice', `cell vectors are linearly dependent (volume ${det} Å³)`);
  }
  return { cell, pbc };
}

function finiteScalar(info: Map<string, unknown>, key: string, line: number, fail: Fail): number | undefined {
  const v = info.get(key);
  if (v === undefined) return undefined;
  if (typeof v !== 'number') fail(line, key, `expected a number, found ${describe(v)}`);
  return v;
}

function readStress(info: Map<string, unknown>, line: number, fail: Fail): Float64Array | undefined {
  const v = info.get('stress');
  if (v === undefined) return undefined;
  const xs = numberList(v);
  if (xs?.length === 9) return Float64Array.from(VOIGT_FROM_FORTRAN_9, (k) => xs[k]);
  if (xs?.length === 6) return Float64Array.from(xs);
  return fail(line, 'stress', `expected 9 numbers (3×3) or 6 (Voigt xx yy zz yz xz xy), found ${describe(v)}`);
}

/** Reads one frame starting at 0-based line `start`; `end` is the number of lines that matter. */
function readFrame(lines: string[], start: number, end: number, fail: Fail): { frame: StructureFrame; next: number } {
  const countText = lines[start].trim();
  if (!/^\+?\d+$/.test(countText)) fail(start + 1, undefined, `expected the number of atoms, found '${countText.slice(0, 40)}'`);
  const n = Number(countText);
  // ASE accepts 0-atom frames, but every consumer here would produce NaN from one.
  if (n === 0) fail(start + 1, undefined, 'frame declares 0 atoms; a structure needs at least one atom');
  const commentLine = start + 2;
  if (start + 1 >= end) fail(start + 1, undefined, `file ends before the comment line of this ${n}-atom frame`);
  if (start + 2 + n > end) fail(start + 1, undefined, `frame declares ${n} atoms but only ${end - start - 2} lines follow`);

  const info = parseComment(lines[start + 1], (field, problem) => fail(commentLine, field, problem));
  const explicit = info.has('Properties');
  const specs = explicit
    ? parseProperties(info.get('Properties'), (p) => fail(commentLine, 'Properties', p))
    : PLAIN_XYZ_COLUMNS;

  const byRole = new Map<Role, ColumnSpec>();
  for (const spec of specs) {
    const known = ROLES.get(spec.name);
    if (!known) continue;
    if (spec.type !== known.type || spec.width !== known.width) {
      fail(commentLine, 'Properties', `column '${spec.name}' must be ${spec.name}:${known.type}:${known.width}, found ${spec.name}:${spec.type}:${spec.width}`);
    }
    const other = byRole.get(known.role);
    if (other) fail(commentLine, 'Properties', `columns '${other.name}' and '${spec.name}' both give ${known.role}`);
    byRole.set(known.role, spec);
  }
  if (!byRole.has('positions')) fail(commentLine, 'Properties', 'no positions column (pos:R:3)');
  if (!byRole.has('symbols') && !byRole.has('numbers')) fail(commentLine, 'Properties', 'no species:S:1 or Z:I:1 column');
  if (byRole.has('velocities') && byRole.has('momenta')) fail(commentLine, 'Properties', 'both momenta and velocities columns given');

  const stores = specs.map((spec) => columnStore(spec, n, fail));
  const offsets = specs.map((_, s) => specs.slice(0, s).reduce((sum, spec) => sum + spec.width, 0));
  const width = specs.reduce((s, spec) => s + spec.width, 0);
  for (let a = 0; a < n; a++) {
    const lineNo = start + 3 + a;
    const text = lines[start + 2 + a].trim();
    const tokens = text === '' ? [] : text.split(/\s+/);
    if (tokens.length < width || (explicit && tokens.length > width)) {
      fail(lineNo, undefined, `expected ${width} columns (${specs.map((s) => `${s.name}×${s.width}`).join(' ')}), found ${tokens.length}`);
    }
    specs.forEach((spec, s) => {
      for (let c = 0; c < spec.width; c++) {
        const t = offsets[s] + c;
        stores[s].set(a * spec.width + c, tokens[t], lineNo, t + 1);
      }
    });
  }
  const storeOf = (role: Role) => {
    const spec = byRole.get(role);
    return spec ? { spec, at: specs.indexOf(spec), values: stores[specs.indexOf(spec)].column.values } : undefined;
  };
  const numbers = atomicNumbers(storeOf('symbols'), storeOf('numbers'), offsets, start + 3, fail, n);

  const valuesOf = (role: Role) => storeOf(role)?.values as Float64Array | undefined;
  const masses = valuesOf('masses');
  if (masses) {
    const bad = masses.findIndex((m) => !(m > 0));
    if (bad >= 0) fail(start + 3 + bad, 'masses', `mass ${masses[bad]} amu is not positive`);
  }
  const momenta = valuesOf('momenta');
  const velocities = momenta ? velocitiesFromMomenta(momenta, masses ?? defaultMasses(numbers)) : valuesOf('velocities');
  if (momenta) {
    const bad = velocities!.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) fail(start + 3 + Math.floor(bad / 3), 'momenta', `momentum ${momenta[bad]} over mass ${masses?.[Math.floor(bad / 3)]} amu overflows`);
  }

  const { cell, pbc } = readCellAndPbc(info, commentLine, fail);
  const roleSpecs = new Set(byRole.values());
  const frame: StructureFrame = {
    atoms: {
      numbers,
      positions: valuesOf('positions')!,
      cell,
      pbc,
      ...(velocities && { velocities }),
      ...(masses && { masses }),
    },
    info: Object.fromEntries([...info].filter(([k]) => !SPECIAL_KEYS.has(k))),
    arrays: Object.fromEntries(specs.flatMap((spec, s) => (roleSpecs.has(spec) ? [] : [[spec.name, stores[s].column]]))),
    ...optional('energy', finiteScalar(info, 'energy', commentLine, fail)),
    ...optional('freeEnergy', finiteScalar(info, 'free_energy', commentLine, fail)),
    ...optional('stress', readStress(info, commentLine, fail)),
    ...optional('forces', valuesOf('forces')),
    ...optional('energies', valuesOf('energies')),
  };
  return { frame, next: start + 2 + n };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/**
 * Parses every frame of an (extended) XYZ text. `file` names the source in error messages.
 * Throws StructureFormatError naming file, line and field.
 */
export function parseExtxyz(text: string, file: string): StructureFrame[] {
  const fail: Fail = (line, field, problem) => {
    throw new StructureFormatError(file, { line, field }, problem);
  };
  const lines = text.split(/\r?\n/);
  let end = lines.length;
  while (end > 0 && lines[end - 1].trim() === '') end--;
  const frames: StructureFrame[] = [];
  let i = 0;
  while (i < end) {
    if (lines[i].trim() === '') fail(i + 1, undefined, 'blank line where the atom count of the next frame was expected');
    const { frame, next } = readFrame(lines, i, end, fail);
    frames.push(frame);
    i = next;
  }
  if (frames.length === 0) throw new StructureFormatError(file, {}, 'no structures found (empty file)');
  return frames;
}
