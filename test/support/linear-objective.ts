// A TrainingObjective whose energy is linear in the parameters, for testing the trainer without
// the CAMP gradient: E(frame) = shift·N + Σ_k p_k φ_k, φ_k = (1/√P) Σ_i g(c_k·x_i + d_k t_i) with
// the cubic g(u) = u − u³/6, F_i = −Σ_k p_k ∂φ_k/∂x_i. Loss and gradient are CAMP's (normalize
// true/false) in closed form, so the trainer's behaviour (convergence, EMA, schedule, resume) is
// proven independently. Only + − × / and √ once: the same bits on every JavaScript engine.
import type { CampModel } from '../../host/model/camp-model.js';
import type { Precision } from '../../host/calculator.js';
import type { BatchPrediction, LabelledFrame, LossAndGradient, LossSettings, TrainingObjective } from '../../host/train/objective-types.js';
import { parameterSlots, parametersOf, withParameters } from '../../host/train/model-parameters.js';

export function linearObjective(model: CampModel, opts: { precision: Precision } = { precision: 'f64' }): TrainingObjective {
  const slots = parameterSlots(model);
  const size = slots.reduce((a, s) => a + s.size, 0);
  let p = parametersOf(model, slots);
  const shift = Number(model.tensors.get('readout.atomic_energy_shift')!.data[0]);
  const norm = 1 / Math.sqrt(size);
  // Directions in [−1, 1) from k by integer arithmetic (exact everywhere).
  const c = (k: number) => [((k * 37 + 11) % 97) / 48.5 - 1, ((k * 53 + 5) % 89) / 44.5 - 1, ((k * 29 + 17) % 83) / 41.5 - 1];
  const types = model.hparams.atomicNumbers;

  /** Energy, forces and (when dE/dF needed) per-parameter features of one frame. */
  const frame = (f: LabelledFrame) => {
    const n = f.atoms.numbers.length;
    const x = f.atoms.positions;
    const phi = new Float64Array(size);
    const dphi = new Float64Array(size * 3 * n); // ∂φ_k/∂x, row k
    let energy = shift * n;
    const forces = new Float64Array(3 * n);
    for (let k = 0; k < size; k++) {
      const ck = c(k);
      for (let i = 0; i < n; i++) {
        const t = types.indexOf(f.atoms.numbers[i]);
        const arg = ck[0] * x[3 * i] + ck[1] * x[3 * i + 1] + ck[2] * x[3 * i + 2] + 0.25 * (k % 4) * t;
        phi[k] += (arg - (arg * arg * arg) / 6) * norm;
        const slope = (1 - (arg * arg) / 2) * norm;
        for (let a = 0; a < 3; a++) dphi[k * 3 * n + 3 * i + a] = slope * ck[a];
      }
      energy += p[k] * phi[k];
      for (let j = 0; j < 3 * n; j++) forces[j] -= p[k] * dphi[k * 3 * n + j];
    }
    return { n, energy, forces, phi, dphi };
  };

  /** The frames' forces one after another (BatchPrediction's layout). */
  const joined = (frames: { forces: Float64Array }[]) => Float64Array.from(frames.flatMap((r) => Array.from(r.forces)));

  return {
    precision: opts.precision,
    slots,
    size,
    parameters: () => p.slice(),
    setParameters: (q) => {
      p = q.slice();
    },
    lossAndGradient(batch: readonly LabelledFrame[], loss: LossSettings): LossAndGradient {
      const frames = batch.map(frame);
      const components = batch.reduce((a, f) => a + (f.forces ? f.forces.length : 0), 0);
      const gradient = new Float64Array(size);
      let le = 0;
      let lf = 0;
      frames.forEach((r, b) => {
        const f = batch[b];
        const scale = loss.normalize ? 1 / r.n : 1;
        const de = (r.energy - f.energy) * scale;
        le += (loss.energyRatio * de * de) / batch.length;
        for (let k = 0; k < size; k++) gradient[k] += (loss.energyRatio * 2 * de * scale * r.phi[k]) / batch.length;
        if (!f.forces) return;
        for (let j = 0; j < 3 * r.n; j++) {
          const df = r.forces[j] - f.forces[j];
          lf += (loss.forcesRatio * df * df) / components;
          for (let k = 0; k < size; k++) gradient[k] -= (loss.forcesRatio * 2 * df * r.dphi[k * 3 * r.n + j]) / components;
        }
      });
      const energies = Float64Array.from(frames, (r) => r.energy);
      return { loss: le + lf, lossEnergy: le, lossForces: lf, gradient, energies, forces: joined(frames) };
    },
    predict(batch: readonly LabelledFrame[]): BatchPrediction {
      const frames = batch.map(frame);
      return { energies: Float64Array.from(frames, (r) => r.energy), forces: joined(frames) };
    },
    toModel: (q) => withParameters(model, slots, q),
  };
}
