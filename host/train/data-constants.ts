// What CAMP's training script sets from the training data when the config says `auto` (or
// omits them), as its dataset methods compute them (src/camp/data/dataset.py):
//   atomic_energy_shift = mean over configurations of E/N, eV
//   atomic_energy_scale = sqrt(Σ F² / (3 Σ N)) over configurations with forces, eV/Å
//   num_average_neigh   = directed edges within r_cut per atom, over all atoms
// and, for data sets of several elements (a campjs extension, `atomic_energy_shift: per_element`),
// one shift per element: the least-squares fit of E ≈ Σ_types n_t·shift_t over configurations
// (what MACE-style "E0s" do), so the network learns binding energies instead of element offsets.
import { instantiateCore } from '../backends/wasm/wasm.js';
import { Workspace } from '../backends/wasm/workspace.js';
import { NeighborList } from '../backends/wasm/neighbor-list.js';
import type { LabelledFrame } from './objective-types.js';

export interface DataConstants {
  /** eV: one shift, or one per type (ascending atomic number). */
  readonly atomicEnergyShift: number | readonly number[];
  readonly atomicEnergyScale: number;
  readonly numAverageNeigh: number;
}

export async function dataConstants(frames: readonly LabelledFrame[], rCut: number): Promise<DataConstants> {
  if (frames.length === 0) throw new Error('no training configurations to take the energy shift and scale from');
  let perAtom = 0;
  let f2 = 0;
  let components = 0;
  let atoms = 0;
  let edges = 0;
  const nl = new NeighborList(new Workspace(await instantiateCore()), { cutoff: rCut });
  for (const f of frames) {
    const n = f.atoms.numbers.length;
    perAtom += f.energy / n;
    if (f.forces) {
      for (const x of f.forces) f2 += x * x;
      components += 3 * n;
    }
    atoms += n;
    edges += nl.build(f.atoms).count;
  }
  return {
    atomicEnergyShift: perAtom / frames.length,
    // Energy-only data has no force scale: 1 eV/Å leaves the readout unscaled.
    atomicEnergyScale: components > 0 && f2 > 0 ? Math.sqrt(f2 / components) : 1,
    numAverageNeigh: edges / atoms,
  };
}

/**
 * Per-element energy shifts, eV: least squares of E_f ≈ Σ_t n_ft·s_t over the frames, by the
 * normal equations and Gaussian elimination with partial pivoting (only + − × ÷, so every
 * runtime gets the same bits). Types absent from the data, or not separable from the others
 * (e.g. always in the same ratio), are refused by name.
 */
export function perElementShift(frames: readonly LabelledFrame[], atomicNumbers: readonly number[]): number[] {
  const m = atomicNumbers.length;
  const a = Array.from({ length: m }, () => new Array<number>(m + 1).fill(0));
  for (const f of frames) {
    const n = new Array<number>(m).fill(0);
    for (let i = 0; i < f.atoms.numbers.length; i++) {
      const t = atomicNumbers.indexOf(f.atoms.numbers[i]);
      if (t < 0) throw new Error(`atomic_energy_shift: per_element: atomic number ${f.atoms.numbers[i]} is not among the model's elements (${atomicNumbers.join(', ')})`);
      n[t] += 1;
    }
    for (let r = 0; r < m; r++) {
      for (let c = 0; c < m; c++) a[r][c] += n[r] * n[c];
      a[r][m] += n[r] * f.energy;
    }
  }
  for (let c = 0; c < m; c++) {
    let p = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
    if (!(Math.abs(a[p][c]) > 1e-9 * Math.max(1, a[c][c]))) {
      throw new Error(`atomic_energy_shift: per_element: element ${atomicNumbers[c]} cannot be told apart in the training data (absent, or always with the same partners in the same ratio)`);
    }
    [a[c], a[p]] = [a[p], a[c]];
    for (let r = c + 1; r < m; r++) {
      const k = a[r][c] / a[c][c];
      for (let q = c; q <= m; q++) a[r][q] -= k * a[c][q];
    }
  }
  const s = new Array<number>(m).fill(0);
  for (let r = m - 1; r >= 0; r--) {
    let x = a[r][m];
    for (let q = r + 1; q < m; q++) x -= a[r][q] * s[q];
    s[r] = x / a[r][r];
  }
  return s;
}
