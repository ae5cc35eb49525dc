// Test-only 3×3 algebra and symmetry operations on Atoms (rotations, translations, permutations,
// strains, equivalent cells, supercells). Matrices are flat row-major Float64Array(9); positions
// and cell vectors are row vectors, so a linear map M acts as x' = x·Mᵀ.
import type { Atoms } from '../../host/atoms.js';

export type Mat3 = Float64Array;

export function mat3(rows: readonly (readonly number[])[]): Mat3 {
  return Float64Array.from(rows.flat());
}

export function identity3(): Mat3 {
  return mat3([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
}

export function matMul(a: Mat3, b: Mat3): Mat3 {
  const out = new Float64Array(9);
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) for (let k = 0; k < 3; k++) out[3 * r + c] += a[3 * r + k] * b[3 * k + c];
  return out;
}

export function transpose(a: Mat3): Mat3 {
  const out = new Float64Array(9);
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) out[3 * r + c] = a[3 * c + r];
  return out;
}

export function det3(a: Mat3): number {
  return a[0] * (a[4] * a[8] - a[5] * a[7]) - a[1] * (a[3] * a[8] - a[5] * a[6]) + a[2] * (a[3] * a[7] - a[4] * a[6]);
}

/** Inverse by cofactors; throws on a singular matrix. */
export function inverse3(a: Mat3): Mat3 {
  const d = det3(a);
  if (d === 0) throw new Error('singular 3×3 matrix');
  const out = new Float64Array(9);
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) {
      // Cofactor of (c, r) gives the adjugate's (r, c) entry.
      const r1 = (c + 1) % 3, r2 = (c + 2) % 3, c1 = (r + 1) % 3, c2 = (r + 2) % 3;
      out[3 * r + c] = (a[3 * r1 + c1] * a[3 * r2 + c2] - a[3 * r1 + c2] * a[3 * r2 + c1]) / d;
    }
  }
  return out;
}

/** Rotation by `angle` (rad) about `axis` (any length), Rodrigues' formula. */
export function rotation(axis: readonly number[], angle: number): Mat3 {
  const len = Math.hypot(axis[0], axis[1], axis[2]);
  const [x, y, z] = axis.map((a) => a / len);
  const c = Math.cos(angle), s = Math.sin(angle), t = 1 - c;
  return mat3([
    [t * x * x + c, t * x * y - s * z, t * x * z + s * y],
    [t * x * y + s * z, t * y * y + c, t * y * z - s * x],
    [t * x * z - s * y, t * y * z + s * x, t * z * z + c],
  ]);
}

/** Row vectors of `rows` (flat, n×3) times Mᵀ. */
export function applyToRows(m: Mat3, rows: Float64Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let n = 0; n < rows.length; n += 3) {
    for (let a = 0; a < 3; a++) out[n + a] = m[3 * a] * rows[n] + m[3 * a + 1] * rows[n + 1] + m[3 * a + 2] * rows[n + 2];
  }
  return out;
}

/** The same structure with positions and cell vectors mapped by M (rotation, strain, shear). */
export function transformAtoms(atoms: Atoms, m: Mat3): Atoms {
  return { ...atoms, positions: applyToRows(m, atoms.positions), cell: atoms.cell ? applyToRows(m, atoms.cell) : atoms.cell };
}

export function translateAtoms(atoms: Atoms, t: readonly number[]): Atoms {
  const positions = atoms.positions.map((x, k) => x + t[k % 3]);
  return { ...atoms, positions };
}

/** Atom k of the result is atom order[k] of the input. */
export function permuteAtoms(atoms: Atoms, order: readonly number[]): Atoms {
  const positions = new Float64Array(3 * order.length);
  order.forEach((src, k) => positions.set(atoms.positions.subarray(3 * src, 3 * src + 3), 3 * k));
  return { ...atoms, numbers: order.map((src) => atoms.numbers[src]), positions };
}

/** Symmetric strain ε (flat 3×3) applied to positions and cell: x' = x·(I + ε). */
export function strainAtoms(atoms: Atoms, eps: Mat3): Atoms {
  const m = identity3().map((v, k) => v + eps[k]);
  return transformAtoms(atoms, transpose(m));
}

/** Cartesian positions → fractional coordinates of `cell` (rows). */
export function fractional(cell: Mat3, positions: Float64Array): Float64Array {
  return applyToRows(transpose(inverse3(cell)), positions);
}

/** Every atom moved into the cell [0,1)³ along its periodic axes (same crystal). */
export function wrapAtoms(atoms: Atoms): Atoms {
  if (!atoms.cell) return atoms;
  const pbc = atoms.pbc ?? [false, false, false];
  const frac = fractional(atoms.cell, atoms.positions);
  for (let k = 0; k < frac.length; k++) if (pbc[k % 3]) frac[k] -= Math.floor(frac[k]);
  return { ...atoms, positions: applyToRows(transpose(atoms.cell), frac) };
}

/** The same crystal described by the cell M·cell (M integer, det ±1), atoms wrapped into it. */
export function equivalentCell(atoms: Atoms, m: Mat3): Atoms {
  if (!atoms.cell) throw new Error('equivalentCell needs a cell');
  if (Math.abs(Math.abs(det3(m)) - 1) > 1e-12 || m.some((v) => !Number.isInteger(v))) throw new Error('cell change must be unimodular');
  return wrapAtoms({ ...atoms, cell: matMul(m, atoms.cell) });
}

/** The reps[0]×reps[1]×reps[2] supercell, images ordered atom-major within each translation. */
export function supercell(atoms: Atoms, reps: readonly [number, number, number]): Atoms {
  if (!atoms.cell) throw new Error('supercell needs a cell');
  const cell = atoms.cell;
  const n = atoms.numbers.length;
  const numbers: number[] = [];
  const positions: number[] = [];
  for (let a = 0; a < reps[0]; a++) {
    for (let b = 0; b < reps[1]; b++) {
      for (let c = 0; c < reps[2]; c++) {
        for (let i = 0; i < n; i++) {
          numbers.push(atoms.numbers[i]);
          for (let x = 0; x < 3; x++) positions.push(atoms.positions[3 * i + x] + a * cell[x] + b * cell[3 + x] + c * cell[6 + x]);
        }
      }
    }
  }
  const bigCell = cell.map((v, k) => v * reps[Math.floor(k / 3)]);
  return { ...atoms, numbers, positions: Float64Array.from(positions), cell: bigCell };
}

/** Largest |a - b| over two equally long arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch ${a.length} vs ${b.length}`);
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k] - b[k]));
  return m;
}
