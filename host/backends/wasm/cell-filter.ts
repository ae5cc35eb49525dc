// Generalised coordinates for relaxing positions and cell together (the idea of ASE's
// UnitCellFilter): x = [s_1 … s_N, c·F] with F the deformation gradient from the starting cell
// (cell = cell₀·Fᵀ, r_i = F·s_i) and c = N (so cell and atom forces have similar size). The
// generalised forces are F ᵀ·f_i for atoms and −V(σ + p·I)·F⁻ᵀ / c for the cell, whose zero is
// the minimum of the enthalpy E + pV. The 3×3 and row transforms run in the Wasm core.
import type { CoreExports } from './exports.js';

export interface CellFilterPointers {
  /** cell₀ rows (9), F (9), F⁻¹ (9), scratch 3×3 (9) */
  readonly cell0: number;
  readonly grad: number;
  readonly gradInv: number;
  readonly tmp: number;
}

type F64 = (ptr: number, len: number) => Float64Array;

/** x (3N+9) → positions r (3N) and cell rows (9). */
export function positionsFromX(ex: CoreExports, f64: F64, p: CellFilterPointers, n: number, x: number, r: number, cell: number, c: number): void {
  const xf = f64(x + 24 * n, 9);
  const grad = f64(p.grad, 9);
  for (let k = 0; k < 9; k++) grad[k] = xf[k] / c;
  transposeInto(f64, p.grad, p.tmp); // Fᵀ
  ex.mdRowsTimesMat3(n, x, p.tmp, r); // r_row = s_row·Fᵀ
  ex.mdRowsTimesMat3(3, p.cell0, p.tmp, cell); // cell rows = cell₀ rows·Fᵀ
}

/** Starting x from positions: F = I, s = r, x_cell = c·I. */
export function initialX(f64: F64, p: CellFilterPointers, n: number, r: Float64Array, cell: Float64Array, x: number, c: number): void {
  f64(p.cell0, 9).set(cell);
  const xs = f64(x, 3 * n + 9);
  xs.set(r);
  xs.fill(0, 3 * n);
  xs[3 * n] = xs[3 * n + 4] = xs[3 * n + 8] = c;
}

/**
 * Generalised forces into g (3N+9) from atomic forces (3N at f) and stress (Voigt, eV/Å³),
 * volume (Å³) and pressure (eV/Å³). Requires F at p.grad (positionsFromX sets it).
 */
export function generalizedForces(ex: CoreExports, f64: F64, p: CellFilterPointers, n: number, f: number,
  stress: Float64Array, volume: number, pressure: number, g: number, c: number): void {
  ex.mdRowsTimesMat3(n, f, p.grad, g); // (Fᵀ f)ᵀ = fᵀ F
  if (ex.mdInverse3(p.grad, p.gradInv) === 0) throw new Error('opt: the cell deformation became singular');
  const s = stress;
  const w = f64(p.tmp, 9); // W = −V(σ + pI), symmetric
  const full = [s[0], s[5], s[4], s[5], s[1], s[3], s[4], s[3], s[2]];
  for (let k = 0; k < 9; k++) w[k] = -volume * (full[k] + (k % 4 === 0 ? pressure : 0));
  transposeInto(f64, p.gradInv, p.gradInv); // F⁻ᵀ
  ex.mdRowsTimesMat3(3, p.tmp, p.gradInv, g + 24 * n); // W·F⁻ᵀ
  const gc = f64(g + 24 * n, 9);
  for (let k = 0; k < 9; k++) gc[k] /= c;
}

function transposeInto(f64: F64, from: number, to: number): void {
  const a = f64(from, 9).slice();
  const b = f64(to, 9);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) b[3 * i + j] = a[3 * j + i];
}
