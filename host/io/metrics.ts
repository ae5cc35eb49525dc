// Errors of predictions against reference (DFT) labels, as CAMP reports them (its
// scripts/eval_camp.py): energy per atom, mean over frames of |E_pred − E_ref| / N, in meV/atom;
// forces over every Cartesian component of every atom of every frame, in meV/Å. RMSE likewise.

export interface ErrorStats {
  /** Mean absolute error (meV/atom for energy, meV/Å for forces). */
  readonly mae: number;
  /** Root-mean-square error, same unit. */
  readonly rmse: number;
  /** Number of values averaged: frames for energy, force components for forces. */
  readonly count: number;
}

export interface LabelledPrediction {
  readonly nAtoms: number;
  /** Predicted total energy, eV. */
  readonly energy: number;
  /** Predicted forces, eV/Å, flat N×3. */
  readonly forces?: ArrayLike<number>;
  /** Reference total energy, eV. */
  readonly refEnergy?: number;
  /** Reference forces, eV/Å, flat N×3. */
  readonly refForces?: ArrayLike<number>;
}

export interface LabelMetrics {
  /** meV/atom; null when no frame has a reference energy. */
  readonly energy: ErrorStats | null;
  /** meV/Å; null when no frame has both predicted and reference forces. */
  readonly forces: ErrorStats | null;
}

class Accumulator {
  private abs = 0;
  private sq = 0;
  count = 0;
  add(error: number): void {
    this.abs += Math.abs(error);
    this.sq += error * error;
    this.count++;
  }
  stats(scale: number): ErrorStats | null {
    if (this.count === 0) return null;
    return { mae: (this.abs / this.count) * scale, rmse: Math.sqrt(this.sq / this.count) * scale, count: this.count };
  }
}

/** Energy (meV/atom) and force (meV/Å) MAE/RMSE over the frames that carry labels. */
export function labelMetrics(items: Iterable<LabelledPrediction>): LabelMetrics {
  const energy = new Accumulator();
  const forces = new Accumulator();
  let index = 0;
  for (const it of items) {
    if (it.refEnergy !== undefined) {
      if (!(it.nAtoms > 0)) throw new Error(`frame ${index}: an energy per atom needs at least one atom`);
      energy.add(it.energy / it.nAtoms - it.refEnergy / it.nAtoms);
    }
    if (it.refForces && it.forces) {
      if (it.refForces.length !== it.forces.length) {
        throw new Error(`frame ${index}: ${it.forces.length} predicted force components but ${it.refForces.length} reference ones`);
      }
      for (let k = 0; k < it.forces.length; k++) forces.add(it.forces[k] - it.refForces[k]);
    }
    index++;
  }
  return { energy: energy.stats(1000), forces: forces.stats(1000) };
}
