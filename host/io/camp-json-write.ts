// Writes frames as CAMP's dataset JSON (the column-wise pandas layout camp-json.ts reads):
// coords, atomic_number, cell, pbc, energy, forces, and each info key as a column of its own.
// What the format cannot hold (velocities, masses, stress, per-atom columns) is not written.
import type { StructureFrame } from './frame.js';

function finite(values: ArrayLike<number>, what: string): number[] {
  const out = Array.from(values);
  const bad = out.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0) throw new Error(`${what}: cannot write the non-finite number ${out[bad]}`);
  return out;
}

function rows(values: ArrayLike<number>, what: string): number[][] {
  const flat = finite(values, what);
  return Array.from({ length: flat.length / 3 }, (_, i) => flat.slice(3 * i, 3 * i + 3));
}

/** The text of a CAMP dataset JSON file holding `frames` (keys "0", "1", … in order). */
export function formatCampJson(frames: readonly StructureFrame[]): string {
  const columns: Record<string, Record<string, unknown>> = { coords: {}, atomic_number: {}, cell: {}, pbc: {} };
  const infoKeys = [...new Set(frames.flatMap((f) => Object.keys(f.info)))];
  const labels = { energy: frames.some((f) => f.energy !== undefined), forces: frames.some((f) => f.forces !== undefined) };
  for (const key of infoKeys) {
    if (Object.hasOwn(columns, key) || key === 'energy' || key === 'forces') throw new Error(`frame info '${key}' clashes with a CAMP JSON column; rename it`);
  }
  frames.forEach((frame, k) => {
    const key = String(k);
    const where = `frame ${k}`;
    const { atoms } = frame;
    columns.coords[key] = rows(atoms.positions, `${where}: positions`);
    columns.atomic_number[key] = Array.from(atoms.numbers);
    columns.cell[key] = atoms.cell ? rows(atoms.cell, `${where}: cell`) : null;
    columns.pbc[key] = [...(atoms.pbc ?? [false, false, false])];
    if (labels.energy) (columns.energy ??= {})[key] = frame.energy === undefined ? null : finite([frame.energy], `${where}: energy`)[0];
    if (labels.forces) (columns.forces ??= {})[key] = frame.forces ? rows(frame.forces, `${where}: forces`) : null;
    for (const name of infoKeys) (columns[name] ??= {})[key] = frame.info[name] ?? null;
  });
  return `${JSON.stringify(columns)}\n`;
}
