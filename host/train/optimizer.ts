// The parameters, their Adam moments and the EMA copy, held in the Wasm core's memory, and one
// optimiser step on them: clip the gradient by its global 2-norm, Adam, then the EMA update —
// the order of Lightning's optimizer_step followed by CAMP's ema.update(). All arithmetic is
// the core's (assembly/train/).
import { instantiateCore } from '../backends/wasm/wasm.js';
import { Workspace } from '../backends/wasm/workspace.js';
import type { CoreExports } from '../backends/wasm/exports.js';
import type { ParameterSlot } from './objective-types.js';
import type { TrainSettings } from './settings.js';
import { emaUpdate, type EmaCounter } from './ema.js';

/** What a resumed run needs of the optimiser, as plain arrays (f64). */
export interface OptimizerState {
  readonly params: Float64Array;
  readonly ema: Float64Array;
  readonly m: Float64Array;
  readonly v: Float64Array;
  readonly vmax: Float64Array;
  /** Optimiser steps taken (Adam's t; Lightning's global_step). */
  readonly step: number;
  readonly emaCounter: EmaCounter;
}

export interface StepInfo {
  /** Global gradient 2-norm before clipping. */
  readonly gradNorm: number;
}

const VECTORS = ['params', 'grad', 'ema', 'm', 'v', 'vmax'] as const;

export class Optimizer {
  readonly core: CoreExports;
  private readonly ws: Workspace;
  private readonly n: number;
  private steps = 0;
  private readonly emaCounter: EmaCounter = { step: 0, initted: false };

  private constructor(core: Awaited<ReturnType<typeof instantiateCore>>, private readonly slots: readonly ParameterSlot[], private readonly settings: TrainSettings) {
    this.core = core.exports;
    this.ws = new Workspace(core);
    this.n = slots.reduce((a, s) => a + s.size, 0);
    for (const name of VECTORS) this.ws.f64(name, Math.max(this.n, 1)).fill(0);
    const offsets = this.ws.i32('offsets', slots.length + 1);
    slots.forEach((s, k) => (offsets[k] = s.offset));
    offsets[slots.length] = this.n;
  }

  /** Fresh moments; the EMA copy starts equal to the parameters (EMA's deepcopy of the model). */
  static async create(slots: readonly ParameterSlot[], params: Float64Array, settings: TrainSettings): Promise<Optimizer> {
    const opt = new Optimizer(await instantiateCore(), slots, settings);
    opt.vec('params').set(params);
    opt.vec('ema').set(params);
    return opt;
  }

  static async restore(slots: readonly ParameterSlot[], state: OptimizerState, settings: TrainSettings): Promise<Optimizer> {
    const opt = new Optimizer(await instantiateCore(), slots, settings);
    for (const name of ['params', 'ema', 'm', 'v', 'vmax'] as const) {
      if (state[name].length !== opt.n) throw new Error(`training state: ${name} has ${state[name].length} values, the model has ${opt.n} parameters`);
      opt.vec(name).set(state[name]);
    }
    opt.steps = state.step;
    Object.assign(opt.emaCounter, state.emaCounter);
    return opt;
  }

  get stepCount(): number {
    return this.steps;
  }

  params(): Float64Array {
    return this.vec('params').slice();
  }

  emaParams(): Float64Array {
    return this.vec('ema').slice();
  }

  /** One step with gradient `grad` at learning rate `lr`. */
  step(grad: Float64Array, lr: number): StepInfo {
    if (grad.length !== this.n) throw new Error(`optimizer: gradient has ${grad.length} values, expected ${this.n}`);
    const c = this.core;
    const p = (name: (typeof VECTORS)[number] | 'offsets') => this.ws.ptr(name);
    this.vec('grad').set(grad);
    const gradNorm = c.trainGradNorm(this.slots.length, p('offsets'), p('grad'));
    if (this.settings.gradientClip > 0) c.mdScale(this.n, p('grad'), c.trainClipCoefficient(gradNorm, this.settings.gradientClip));
    const a = this.settings.adam;
    this.steps++;
    c.trainAdamStep(this.n, p('params'), p('grad'), p('m'), p('v'), p('vmax'), lr, a.beta1, a.beta2, a.eps, a.weightDecay, a.amsgrad ? 1 : 0, this.steps);
    emaUpdate(c, this.settings.ema, this.emaCounter, this.n, p('ema'), p('params'));
    return { gradNorm };
  }

  state(): OptimizerState {
    return {
      params: this.params(), ema: this.emaParams(), m: this.vec('m').slice(), v: this.vec('v').slice(), vmax: this.vec('vmax').slice(),
      step: this.steps, emaCounter: { ...this.emaCounter },
    };
  }

  private vec(name: (typeof VECTORS)[number]): Float64Array {
    return this.ws.f64(name, Math.max(this.n, 1)).subarray(0, this.n);
  }
}
