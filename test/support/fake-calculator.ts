// A small analytic Calculator for tests of code that drives one (CLI eval, I/O of results):
// a smooth pair potential φ(r) = k (r − r0)² (1 − r/rc)² with k = 0.05·√(Zi Zj) eV/Å², r0 = 1 Å,
// rc = 3 Å, plus −Z eV per atom, with periodic images. Forces and ASE-convention stress are its
// exact derivatives (checked by finite differences in cli-eval.test.ts). Tests only.
import type { Atoms } from '../../host/atoms.js';
import type { Calculator, ComputeOptions, ComputeResult } from '../../host/calculator.js';

const R0 = 1.0;

function inverse3(m: Float64Array): Float64Array {
  const [a, b, c, d, e, f, g, h, i] = m;
  const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  return Float64Array.from([e * i - f * h, c * h - b * i, b * f - c * e, f * g - d * i, a * i - c * g, c * d - a * f, d * h - e * g, b * g - a * h, a * e - b * d], (x) => x / det);
}

export class FakePairCalculator implements Calculator {
  readonly cutoff: number;
  readonly atomicNumbers: readonly number[] | null;
  /** The options of every compute() call, in order. */
  readonly calls: ComputeOptions[] = [];

  constructor(opts: { cutoff?: number; atomicNumbers?: readonly number[] | null } = {}) {
    this.cutoff = opts.cutoff ?? 3.0;
    this.atomicNumbers = opts.atomicNumbers ?? null;
  }

  compute(atoms: Atoms, options: ComputeOptions = {}): ComputeResult {
    this.calls.push(options);
    const n = atoms.numbers.length;
    const { positions: x, cell } = atoms;
    const pbc = atoms.pbc ?? [false, false, false];
    const rc = this.cutoff;
    // image ranges: the spacing of lattice planes k is 1/|row k of inverse(cell)ᵀ|
    const range = [0, 0, 0];
    let volume = 0;
    if (cell && pbc.some((p) => p)) {
      const inv = inverse3(cell);
      for (let k = 0; k < 3; k++) {
        if (pbc[k]) range[k] = Math.ceil(rc * Math.hypot(inv[k], inv[3 + k], inv[6 + k]));
      }
      volume = Math.abs(cell[0] * (cell[4] * cell[8] - cell[5] * cell[7]) - cell[1] * (cell[3] * cell[8] - cell[5] * cell[6]) + cell[2] * (cell[3] * cell[7] - cell[4] * cell[6]));
    }
    const energies = Float64Array.from(atoms.numbers, (z) => -z);
    const forces = new Float64Array(3 * n);
    const virial = new Float64Array(9);
    let edges = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const k = 0.05 * Math.sqrt(atoms.numbers[i] * atoms.numbers[j]);
        for (let s0 = -range[0]; s0 <= range[0]; s0++) {
          for (let s1 = -range[1]; s1 <= range[1]; s1++) {
            for (let s2 = -range[2]; s2 <= range[2]; s2++) {
              if (i === j && s0 === 0 && s1 === 0 && s2 === 0) continue;
              const d = [0, 1, 2].map((c) => x[3 * j + c] - x[3 * i + c] + (cell ? s0 * cell[c] + s1 * cell[3 + c] + s2 * cell[6 + c] : 0));
              const r = Math.hypot(d[0], d[1], d[2]);
              if (r >= rc) continue;
              edges++;
              const u = 1 - r / rc;
              const phi = k * (r - R0) ** 2 * u * u;
              const dphi = 2 * k * (r - R0) * u * u - (2 * k * (r - R0) ** 2 * u) / rc;
              energies[i] += 0.5 * phi;
              for (let a = 0; a < 3; a++) {
                const g = (0.5 * dphi * d[a]) / r;
                forces[3 * i + a] += g;
                forces[3 * j + a] -= g;
                for (let b = 0; b < 3; b++) virial[3 * a + b] += g * d[b];
              }
            }
          }
        }
      }
    }
    const full = cell !== undefined && cell !== null && pbc.every((p) => p);
    const wantStress = options.stress ?? full;
    const stress = wantStress && full ? Float64Array.from([0, 4, 8, 5, 2, 1], (k) => virial[k] / volume) : null;
    let energy = 0;
    for (const e of energies) energy += e;
    return { energy, energies, ...(options.forces !== false && { forces }), stress, edges };
  }
}
