// A model with a hole, for tests of model-failure detection: one bonded pair (atoms `i`, `j`)
// with a harmonic bond k/2 (r − r0)² plus a deep narrow well −W exp(−(r/s)²) at short range —
// the shape of a learned potential that dives where it saw no data. Other atoms feel nothing.
// Energies in eV, distances in Å; forces are the exact derivatives. Tests only.
import type { Atoms } from '../../host/atoms.js';
import type { Calculator, ComputeOptions, ComputeResult } from '../../host/calculator.js';

export interface HoleOptions {
  readonly i: number;
  readonly j: number;
  /** eV/Å² */
  readonly k?: number;
  /** Å */
  readonly r0?: number;
  /** well depth, eV */
  readonly depth?: number;
  /** well width, Å */
  readonly width?: number;
}

export class HoleCalculator implements Calculator {
  readonly cutoff = 3;
  readonly atomicNumbers = null;
  constructor(private readonly o: HoleOptions) {}

  /** The pair's energy, eV, at distance r, Å. */
  pairEnergy(r: number): number {
    const { k = 2, r0 = 1.09, depth = 30, width = 0.3 } = this.o;
    return 0.5 * k * (r - r0) ** 2 - depth * Math.exp(-((r / width) ** 2));
  }

  compute(atoms: Atoms, options: ComputeOptions = {}): ComputeResult {
    const { i, j, k = 2, r0 = 1.09, depth = 30, width = 0.3 } = this.o;
    const x = atoms.positions;
    const n = atoms.numbers.length;
    const d = [0, 1, 2].map((c) => x[3 * j + c] - x[3 * i + c]);
    const r = Math.hypot(d[0], d[1], d[2]);
    const dEdr = k * (r - r0) + ((depth * 2 * r) / (width * width)) * Math.exp(-((r / width) ** 2));
    const forces = new Float64Array(3 * n);
    for (let c = 0; c < 3; c++) {
      forces[3 * j + c] = (-dEdr * d[c]) / r;
      forces[3 * i + c] = (dEdr * d[c]) / r;
    }
    const energy = this.pairEnergy(r);
    const energies = new Float64Array(n);
    energies[i] = energies[j] = energy / 2;
    return { energy, energies, ...(options.forces !== false && { forces }), stress: null, edges: 2 };
  }
}
