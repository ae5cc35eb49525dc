// Drives the Wasm training-gradient core (assembly/train) for one structure at a time: lays
// out its header, parameters, context and work region in the workspace, and sums the frames'
// weighted gradients in Wasm in the order they are given. 'f32' runs the core in f32 (θ rounded
// to f32, dual f32 forward and reverse); the sum over frames is f64 either way.
import type { Precision } from '../calculator.js';
import type { Workspace } from '../backends/wasm/workspace.js';
import type { EdgeList } from '../backends/wasm/edge-list.js';
import { GC } from '../generated/layouts.js';
import type { TrainPlan } from './train-plan.js';

export interface FrameDerivative {
  /** Energy from the dual forward pass, eV. */
  readonly energy: number;
  /** dx·∇ₓE = −dx·F, eV (dx in Å). */
  readonly tangent: number;
}

export class GradientCore {
  constructor(private readonly ws: Workspace, private readonly plan: TrainPlan, readonly precision: Precision = 'f64') {
    ws.i32('grad.hdr', plan.header.length).set(plan.header);
    ws.f64('grad.consts', plan.consts.length).set(plan.consts);
    ws.buffer('grad.theta', this.bytes() * Math.max(plan.size, 1));
    ws.f64('grad.sum', Math.max(plan.size, 1));
    ws.buffer('grad.dual', 2 * this.bytes() * Math.max(plan.size, 1));
    ws.f64('grad.out', 2);
  }

  /** Bytes of one number of the core's arithmetic. */
  private bytes(): number {
    return this.precision === 'f32' ? 4 : 8;
  }

  /** θ as the core reads it (f32: each value rounded to nearest, as the f32 evaluator's weights). */
  setParameters(theta: Float64Array): void {
    if (this.precision === 'f32') this.ws.f32('grad.theta', this.plan.size).set(theta);
    else this.ws.f64('grad.theta', this.plan.size).set(theta);
  }

  /** Zeroes the running gradient sum. */
  startBatch(): void {
    this.ws.f64('grad.sum', this.plan.size).fill(0);
  }

  /**
   * One structure: E and ∂E/∂θ, and along the displacement direction dx (Å, flat N×3) the
   * tangent dx·∇ₓE and ∂(dx·∇ₓE)/∂θ; then sum += a·∂E/∂θ + b·∂(dx·∇ₓE)/∂θ.
   */
  frame(types: Int32Array, edges: EdgeList, dx: Float64Array, a: number, b: number): FrameDerivative {
    const { ws, plan } = this;
    const core = ws.core.exports;
    const n = types.length;
    ws.i32('grad.types', Math.max(n, 1)).set(types);
    ws.f64('grad.dx', Math.max(3 * n, 1)).set(dx);
    const hdr = ws.ptr('grad.hdr');
    const f32 = this.precision === 'f32';
    const bytes = f32 ? core.gradWorkBytesF32(hdr, n) : core.gradWorkBytes(hdr, n);
    const work = ws.buffer('grad.work', bytes);
    if (work.ptr + bytes > 2 ** 32) throw new Error(`training gradient: ${(bytes / 2 ** 20).toFixed(0)} MiB of work memory does not fit in wasm32`);
    const ctx = ws.i32('grad.ctx', GC.SIZE);
    ctx[GC.N] = n;
    ctx[GC.TYPES] = ws.ptr('grad.types');
    ctx[GC.ROW] = edges.ptr.rowStart;
    ctx[GC.J] = edges.ptr.j;
    ctx[GC.VEC] = edges.ptr.vec;
    ctx[GC.REV] = edges.ptr.rev;
    ctx[GC.DX] = ws.ptr('grad.dx');
    ctx[GC.CONSTS] = ws.ptr('grad.consts');
    ctx[GC.WORK] = work.ptr;
    ctx[GC.GRAD] = ws.ptr('grad.dual');
    ctx[GC.OUT] = ws.ptr('grad.out');
    const energy = (f32 ? core.gradEnergyF32 : core.gradEnergyF64)(hdr, ws.ptr('grad.theta'), ws.ptr('grad.ctx'), plan.size);
    (f32 ? core.gradCombineF32 : core.gradCombine)(plan.size, ws.ptr('grad.dual'), a, b, ws.ptr('grad.sum'));
    return { energy, tangent: new Float64Array(ws.memory.buffer, ws.ptr('grad.out'), 2)[1] };
  }

  /** A copy of the running gradient sum. */
  gradient(): Float64Array {
    return new Float64Array(this.ws.memory.buffer, this.ws.ptr('grad.sum'), this.plan.size).slice();
  }

  /** ∂E/∂θ and ∂(dx·∇ₓE)/∂θ of the last frame (checks and tools). */
  lastDual(): { energy: Float64Array; tangent: Float64Array } {
    const d = new (this.precision === 'f32' ? Float32Array : Float64Array)(this.ws.memory.buffer, this.ws.ptr('grad.dual'), 2 * this.plan.size);
    const energy = new Float64Array(this.plan.size), tangent = new Float64Array(this.plan.size);
    for (let k = 0; k < this.plan.size; k++) {
      energy[k] = d[2 * k];
      tangent[k] = d[2 * k + 1];
    }
    return { energy, tangent };
  }
}
