// CAMP's training loss and its exact parameter gradient (TrainingObjective). Per frame: the
// neighbour list, the inference evaluator for E and F (the very numbers `campjs eval` gives, in
// the chosen precision), the loss terms, then one dual forward-over-reverse pass of the Wasm
// training core seeded by ∂L/∂E and ∂L/∂F, so the force term's parameter gradient is exact.
// Frames are summed in batch order (in f64). The precision picks both: 'f32' takes the
// predictions (so the loss and its seeds) from the f32 evaluator and runs the gradient core in
// f32 at the f32-rounded parameters, as PyTorch trains a float32 model.
import type { Precision } from '../calculator.js';
import { instantiateCore } from '../backends/wasm/wasm.js';
import { Workspace } from '../backends/wasm/workspace.js';
import { typeIndices, type CampModel, type Tensor } from '../model/camp-model.js';
import { WasmCampEvaluator } from '../backends/wasm/evaluator.js';
import { NeighborList } from '../backends/wasm/neighbor-list.js';
import { assertNoOverlap } from '../neighbors/overlap.js';
import type { BatchPrediction, LabelledFrame, LossAndGradient, LossSettings, ParameterSlot, TrainingObjective } from './objective-types.js';
import { buildTrainPlan, type TrainPlan } from './train-plan.js';
import { GradientCore } from './grad-core.js';
import { checkLossSettings, lossTerms } from './loss.js';
import { checkBatch } from './batch-check.js';

export interface ObjectiveOptions {
  /** Arithmetic of the predictions and of the gradient core (default 'f64'). */
  readonly precision?: Precision;
}

class CampObjective implements TrainingObjective {
  readonly slots: readonly ParameterSlot[];
  readonly size: number;
  private theta: Float64Array;

  constructor(
    private readonly model: CampModel,
    readonly precision: Precision,
    private readonly plan: TrainPlan,
    private readonly evaluator: WasmCampEvaluator,
    private readonly nl: NeighborList,
    private readonly core: GradientCore,
  ) {
    this.slots = plan.slots;
    this.size = plan.size;
    this.theta = new Float64Array(plan.size);
    for (const s of plan.slots) this.theta.set(model.tensors.get(s.name)!.data as ArrayLike<number>, s.offset);
    this.core.setParameters(this.theta);
  }

  parameters(): Float64Array {
    return this.theta.slice();
  }

  setParameters(p: Float64Array): void {
    if (!(p instanceof Float64Array) || p.length !== this.size) throw new Error(`setParameters: expected a Float64Array of ${this.size} parameters, got ${p?.length ?? String(p)}`);
    for (let k = 0; k < p.length; k++) {
      if (!Number.isFinite(p[k])) throw new Error(`setParameters: parameter ${k} (${this.slotOf(k)}) is not finite (${p[k]})`);
    }
    this.theta = p.slice();
    this.core.setParameters(this.theta);
    this.evaluator.replaceWeights(this.toModel(this.theta));
  }

  private slotOf(k: number): string {
    const s = this.slots.find((x) => k >= x.offset && k < x.offset + x.size)!;
    return `${s.name}[${k - s.offset}]`;
  }

  toModel(p: Float64Array): CampModel {
    if (p.length !== this.size) throw new Error(`toModel: expected ${this.size} parameters, got ${p.length}`);
    const tensors = new Map<string, Tensor>(this.model.tensors);
    for (const s of this.slots) tensors.set(s.name, { dtype: 'float64', shape: s.shape, data: p.slice(s.offset, s.offset + s.size) });
    return { hparams: this.model.hparams, tensors, source: this.model.source };
  }

  /** E and F of frame k by the inference evaluator; its edges stay loaded for the gradient pass. */
  private evaluate(frame: LabelledFrame, k: number) {
    try {
      const types = typeIndices(this.model.hparams, frame.atoms.numbers);
      const edges = this.nl.update(frame.atoms);
      assertNoOverlap(this.nl);
      const r = this.evaluator.evaluate(types.length, types, edges, { precision: this.precision, forces: true, virial: false });
      if (!Number.isFinite(r.energy)) throw new Error(`the model's energy is not finite (${r.energy})`);
      const bad = r.forces!.findIndex((f) => !Number.isFinite(f));
      if (bad >= 0) throw new Error(`the model's force on atom ${Math.floor(bad / 3)} is not finite`);
      return { types, energy: r.energy, forces: r.forces! };
    } catch (e) {
      throw new Error(`training frame ${k}: ${(e as Error).message}`);
    }
  }

  /** Throws naming the first tensor whose gradient is not finite (an overflow in the model). */
  private checkGradient(g: Float64Array): void {
    const k = g.findIndex((x) => !Number.isFinite(x));
    if (k >= 0) throw new Error(`the loss gradient of ${this.slotOf(k)} is not finite (${g[k]})`);
  }

  predict(batch: readonly LabelledFrame[]): BatchPrediction {
    checkBatch(batch, this.model, false);
    const energies = new Float64Array(batch.length);
    const forces: Float64Array[] = [];
    batch.forEach((frame, k) => {
      const r = this.evaluate(frame, k);
      energies[k] = r.energy;
      forces.push(r.forces);
    });
    return { energies, forces: concat(forces) };
  }

  lossAndGradient(batch: readonly LabelledFrame[], loss: LossSettings): LossAndGradient {
    checkLossSettings(loss);
    checkBatch(batch, this.model, true);
    const pred = batch.map((frame, k) => this.evaluate(frame, k));
    const energies = Float64Array.from(pred, (r) => r.energy);
    const terms = lossTerms(batch, energies, pred.map((r) => r.forces), loss);
    this.core.startBatch();
    batch.forEach((frame, k) => {
      // The edges again (the list holds one structure); F = −∇ₓE, so ∂L/∂θ gets −∂(dL/dF·∇ₓE)/∂θ.
      const edges = this.nl.update(frame.atoms);
      this.core.frame(pred[k].types, edges, terms.dForces[k], terms.dEnergy[k], -1);
    });
    const gradient = this.core.gradient();
    this.checkGradient(gradient);
    return {
      energies, forces: concat(pred.map((r) => r.forces)),
      loss: terms.loss, lossEnergy: terms.lossEnergy, lossForces: terms.lossForces, gradient,
    };
  }
}

function concat(parts: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The training objective of `model`: its trainable tensors as slots, the loss and its exact gradient. */
export async function createObjective(model: CampModel, options: ObjectiveOptions = {}): Promise<TrainingObjective> {
  const precision = options.precision ?? 'f64';
  if (precision !== 'f64' && precision !== 'f32') throw new Error(`createObjective: precision must be 'f64' or 'f32', got '${String(precision)}'`);
  const plan = buildTrainPlan(model);
  const ws = new Workspace(await instantiateCore());
  const evaluator = new WasmCampEvaluator(ws, model);
  const nl = new NeighborList(ws, { cutoff: model.hparams.rCut, skin: 0 });
  return new CampObjective(model, precision, plan, evaluator, nl, new GradientCore(ws, plan, precision));
}
