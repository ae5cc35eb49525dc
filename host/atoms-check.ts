// Validation of an Atoms object before numeric code touches it: array lengths, finiteness and
// a usable cell along periodic directions. Errors name the field. The one check shared by MD,
// optimisation and the pair calculator (cell arithmetic: geometry.ts).
import type { Atoms } from './atoms.js';
import { det3 } from './geometry.js';

/** Number of atoms; throws naming the problem (prefixed by `what`). */
export function checkAtoms(atoms: Atoms, what: string): number {
  const n = atoms.numbers.length;
  const fail = (msg: string): never => {
    throw new Error(`${what}: ${msg}`);
  };
  if (n === 0) fail('no atoms');
  if (atoms.positions.length !== 3 * n) fail(`positions has ${atoms.positions.length} values, expected ${3 * n}`);
  const bad = atoms.positions.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0) fail(`position of atom ${Math.floor(bad / 3)} is not finite (${atoms.positions[bad]})`);
  if (atoms.cell && atoms.cell.length !== 9) fail(`cell has ${atoms.cell.length} values, expected 9`);
  if (atoms.cell && atoms.cell.some((x) => !Number.isFinite(x))) fail('cell has a non-finite entry');
  const pbc = atoms.pbc ?? [false, false, false];
  if (pbc.some((p) => p)) {
    const c = atoms.cell;
    if (!c) fail('periodic structure without a cell');
    else if (Math.abs(det3(c)) < 1e-12) fail('periodic structure with a degenerate cell (zero volume)');
  }
  return n;
}
