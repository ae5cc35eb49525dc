// Checks a structure before it reaches the Wasm search and reduces it to what the search
// needs. Errors name the atom or the cell entry at fault.
import type { Atoms } from '../atoms.js';
import { pbcMask } from '../geometry.js';
import { NL_PLAN, NL_PLAN_MESSAGES } from '../generated/layouts.js';
import { statusText } from '../backends/wasm/status.js';

export interface SearchInput {
  readonly n: number;
  readonly positions: Float64Array;
  /** Cell rows, Å; rows of open axes zeroed (they never enter an edge vector). */
  readonly cell: Float64Array;
  /** Bit a set = periodic along cell row a. */
  readonly pbcMask: number;
  /** Largest |coordinate| of positions and cell, Å (scales rounding margins). */
  readonly extent: number;
}

const AXES = ['x', 'y', 'z'];

export function searchInput(atoms: Atoms): SearchInput {
  const { positions, numbers } = atoms;
  if (!(positions instanceof Float64Array)) throw new Error('neighbor list: atoms.positions must be a Float64Array (N×3, Å)');
  if (positions.length % 3 !== 0) throw new Error(`neighbor list: atoms.positions has ${positions.length} values, not a multiple of 3`);
  const n = positions.length / 3;
  if (numbers && numbers.length !== n) {
    throw new Error(`neighbor list: atoms.numbers has ${numbers.length} entries but positions hold ${n} atoms`);
  }
  let extent = 0;
  for (let k = 0; k < positions.length; k++) {
    extent = Math.max(extent, Math.abs(positions[k]));
    if (!Number.isFinite(positions[k])) {
      throw new Error(`neighbor list: atom ${Math.floor(k / 3)} has a non-finite position (${AXES[k % 3]} = ${positions[k]})`);
    }
  }
  const pbc = atoms.pbc ?? [false, false, false];
  if (pbc.length !== 3 || pbc.some((p) => typeof p !== 'boolean')) {
    throw new Error(`neighbor list: pbc must be three booleans, got ${JSON.stringify(pbc)}`);
  }
  const mask = pbcMask({ pbc });
  const cell = new Float64Array(9);
  const given = atoms.cell ?? null;
  if (given) {
    if (given.length !== 9) throw new Error(`neighbor list: cell must have 9 values (3 rows of 3, Å), got ${given.length}`);
    for (let k = 0; k < 9; k++) {
      if (!Number.isFinite(given[k])) throw new Error(`neighbor list: cell[${Math.floor(k / 3)}][${k % 3}] is not finite (${given[k]})`);
    }
    for (let a = 0; a < 3; a++) if (pbc[a]) cell.set(given.subarray(3 * a, 3 * a + 3), 3 * a);
  } else if (mask) {
    throw new Error(`neighbor list: periodic along cell vector ${pbc.indexOf(true)} (pbc = ${JSON.stringify(pbc)}) but no cell given`);
  }
  for (let k = 0; k < 9; k++) extent = Math.max(extent, Math.abs(cell[k]));
  return { n, positions, cell, pbcMask: mask, extent };
}

/** The message for a refused plan (nlPlan's negative codes). */
export function planError(code: number, input: SearchInput, radius: number, normVolume: number): Error {
  const rows = Array.from({ length: 3 }, (_, a) => `[${Array.from(input.cell.subarray(3 * a, 3 * a + 3)).join(', ')}]`);
  switch (code) {
    case NL_PLAN.SINGULAR:
      return new Error(`neighbor list: the periodic cell vectors are singular or nearly so (normalised volume ${normVolume.toExponential(2)} < 1e-8); cell = [${rows.join(', ')}]`);
    case NL_PLAN.TOO_FAR:
      return new Error(`neighbor list: ${NL_PLAN_MESSAGES.get(code)!.message}`);
    case NL_PLAN.TOO_MANY_IMAGES:
      return new Error(`neighbor list: the cell is far too small for a ${radius} Å search (over 2^24 periodic images per atom); cell = [${rows.join(', ')}]`);
    default:
      return new Error(`neighbor list: internal error (plan ${statusText(NL_PLAN_MESSAGES, code)})`);
  }
}
