// What CAMP's training script sets from the training data when the config says `auto` (or
// omits them), as its dataset methods compute them (src/camp/data/dataset.py):
//   atomic_energy_shift = mean over configurations of E/N, eV
//   atomic_energy_scale = sqrt(Σ F² / (3 Σ N)) over configurations with forces, eV/Å
//   num_average_neigh   = directed edges within r_cut per atom, over all atoms
import { instantiateCore } from '../backends/wasm/wasm.js';
import { Workspace } from '../backends/wasm/workspace.js';
import { NeighborList } from '../backends/wasm/neighbor-list.js';
import type { LabelledFrame } from './objective-types.js';

export interface DataConstants {
  readonly atomicEnergyShift: number;
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
