// Extended-XYZ writer in ASE's layout, readable by ase.io.read and by parseExtxyz:
//   Lattice="ax ay az bx by bz cx cy cz" Properties=species:S:1:pos:R:3[:masses:R:1][:momenta:R:3]
//   [:<extra columns>][:forces:R:3][:energies:R:1] <info...> energy=E free_energy=F
//   stress="xx xy xz yx yy yz zx zy zz" pbc="T T T"
// Numbers are written as the shortest decimal that reads back as the same double, so a file
// written here reads back bit for bit.
import { defaultMasses, symbolOf } from '../elements.js';
import { momentaFromVelocities } from './ase-units.js';
import { formatComment } from './extxyz-comment.js';
import { formatProperties, type ColumnSpec } from './extxyz-properties.js';
import type { Column, StructureFrame } from './frame.js';
import { formatReal } from './numbers.js';

export interface ExtxyzWriteOptions {
  /**
   * How velocities (Å/fs) are stored: 'momenta' (default) as ASE does, amu·Å/t_ASE, which
   * ase.io.read turns into Atoms momenta; or 'velocities', a column in Å/fs that reads back
   * bit for bit here but is only an extra array to ASE.
   */
  readonly velocities?: 'momenta' | 'velocities';
}

const RESERVED_COLUMNS = new Set([
  'species', 'symbols', 'Z', 'numbers', 'pos', 'positions', 'masses', 'velocities', 'momenta', 'forces', 'energies',
]);
const RESERVED_INFO = new Set(['Lattice', 'Properties', 'pbc', 'energy', 'free_energy', 'stress']);

interface OutColumn {
  readonly spec: ColumnSpec;
  readonly text: (k: number) => string;
}

function realColumn(name: string, width: number, values: ArrayLike<number>, n: number, where: string): OutColumn {
  if (values.length !== n * width) throw new Error(`${where}: ${name} has ${values.length} values, expected ${n * width}`);
  return { spec: { name, type: 'R', width }, text: (k) => formatReal(values[k], () => `${where}: ${name}[${k}]`) };
}

function extraColumn(name: string, column: Column, n: number, where: string): OutColumn {
  if (RESERVED_COLUMNS.has(name)) throw new Error(`${where}: arrays['${name}'] clashes with a column campjs writes itself`);
  if (name === '' || /[\s:"'\\]/.test(name)) throw new Error(`${where}: column name ${JSON.stringify(name)} is empty or contains a space, ':', quote or '\\'`);
  const spec: ColumnSpec = { name, type: column.type, width: column.width };
  if (!Number.isInteger(column.width) || column.width < 1) throw new Error(`${where}: column '${name}' has width ${column.width}`);
  if (column.values.length !== n * column.width) {
    throw new Error(`${where}: column '${name}' has ${column.values.length} values, expected ${n * column.width}`);
  }
  switch (column.type) {
    case 'R':
      return realColumn(name, column.width, column.values, n, where);
    case 'I':
      return {
        spec,
        text: (k) => {
          const x = column.values[k];
          if (!Number.isSafeInteger(x)) throw new Error(`${where}: column '${name}'[${k}] = ${x} is not an integer`);
          return String(x);
        },
      };
    case 'L':
      return { spec, text: (k) => (column.values[k] ? 'T' : 'F') };
    case 'S':
      return {
        spec,
        text: (k) => {
          const s = column.values[k];
          if (s === '' || /\s/.test(s)) throw new Error(`${where}: column '${name}'[${k}] = ${JSON.stringify(s)} is empty or contains whitespace`);
          return s;
        },
      };
  }
}

function frameColumns(frame: StructureFrame, n: number, where: string, velocityColumn: 'momenta' | 'velocities'): OutColumn[] {
  const { atoms } = frame;
  const symbols = Array.from(atoms.numbers, (z) => {
    try {
      return symbolOf(z).padEnd(2);
    } catch (e) {
      throw new Error(`${where}: ${(e as Error).message}`);
    }
  });
  const columns: OutColumn[] = [
    { spec: { name: 'species', type: 'S', width: 1 }, text: (k) => symbols[k] },
    realColumn('pos', 3, atoms.positions, n, where),
  ];
  if (atoms.masses) columns.push(realColumn('masses', 1, atoms.masses, n, where));
  if (atoms.velocities) {
    const v = atoms.velocities;
    if (v.length !== 3 * n) throw new Error(`${where}: velocities has ${v.length} values, expected ${3 * n}`);
    columns.push(
      velocityColumn === 'momenta'
        ? realColumn('momenta', 3, momentaFromVelocities(v, atoms.masses ?? defaultMasses(atoms.numbers)), n, where)
        : realColumn('velocities', 3, v, n, where),
    );
  }
  for (const [name, column] of Object.entries(frame.arrays)) columns.push(extraColumn(name, column, n, where));
  if (frame.forces) columns.push(realColumn('forces', 3, frame.forces, n, where));
  if (frame.energies) columns.push(realColumn('energies', 1, frame.energies, n, where));
  return columns;
}

function commentLine(frame: StructureFrame, columns: OutColumn[], where: string): string {
  const { cell, pbc = [false, false, false] } = frame.atoms;
  const entries: [string, unknown][] = [];
  if (cell && cell.length !== 9) throw new Error(`${where}: cell has ${cell.length} values, expected 9`);
  if (cell && cell.some((x) => x !== 0)) entries.push(['Lattice', Array.from(cell)]);
  else if (pbc.some((p) => p)) throw new Error(`${where}: periodic structure without a cell`);
  entries.push(['Properties', formatProperties(columns.map((c) => c.spec))]);
  for (const [key, value] of Object.entries(frame.info)) {
    if (RESERVED_INFO.has(key)) throw new Error(`${where}: info['${key}'] is written from the frame's own fields; remove it from info`);
    entries.push([key, value]);
  }
  if (frame.energy !== undefined) entries.push(['energy', frame.energy]);
  if (frame.freeEnergy !== undefined) entries.push(['free_energy', frame.freeEnergy]);
  if (frame.stress) {
    const s = frame.stress;
    if (s.length !== 6) throw new Error(`${where}: stress has ${s.length} values, expected 6 (Voigt)`);
    // ASE writes the full symmetric 3×3 (its reader refuses 6 numbers)
    entries.push(['stress', [s[0], s[5], s[4], s[5], s[1], s[3], s[4], s[3], s[2]]]);
  }
  entries.push(['pbc', [...pbc]]);
  try {
    return formatComment(entries);
  } catch (e) {
    throw new Error(`${where}: ${(e as Error).message}`);
  }
}

/** One frame as extended XYZ, ending with a newline. `index` names the frame in errors. */
export function formatExtxyzFrame(frame: StructureFrame, index = 0, options: ExtxyzWriteOptions = {}): string {
  const where = `frame ${index}`;
  const n = frame.atoms.numbers.length;
  const columns = frameColumns(frame, n, where, options.velocities ?? 'momenta');
  const out: string[] = [String(n), commentLine(frame, columns, where)];
  for (let a = 0; a < n; a++) {
    const row: string[] = [];
    for (const { spec, text } of columns) for (let c = 0; c < spec.width; c++) row.push(text(a * spec.width + c));
    out.push(row.join(' '));
  }
  return `${out.join('\n')}\n`;
}

/** Frames as one extended-XYZ text. Throws an Error naming the frame and field on bad data. */
export function formatExtxyz(frames: readonly StructureFrame[], options: ExtxyzWriteOptions = {}): string {
  return frames.map((f, i) => formatExtxyzFrame(f, i, options)).join('');
}
