// A batch of MD steps encoded into one submission with nothing read back per step (issue #11:
// "nothing but what the caller asks for crosses the bus"). The neighbour list's rebuild check
// runs on the GPU (shaders/md/step-gate.wgsl); every other dispatch of the batch goes through
// here as an indirect dispatch whose arguments the check zeroes once a step needs a search. The
// batch then ends as no-ops, and the host reads one word — the step that halted, or 0 — and
// finishes that step itself (search, forces, closing kick). A step of a batch runs the same
// kernels on the same inputs as a step checked on the host, so the bits are the same.
import { Kernels, uniformWords, type Gate } from './kernels.js';
import { storageBuffer, readBack } from './limits.js';
import { STEP_GATE_UNIFORM } from '../../generated/layouts.js';

/** Distinct dispatch sizes a batch may use (a step has a few dozen dispatches, most of the same few sizes). */
const MAX_SLOTS = 256;

/** The largest f32 ≤ x (x > 0): f32 `d ≤ limit` is then exactly f64 `d ≤ x`. */
export function f32AtMost(x: number): number {
  const f = new Float32Array([x]);
  if (f[0] > x) new Uint32Array(f.buffer)[0]--;
  return f[0];
}

export class StepGate implements Gate {
  private readonly device: GPUDevice;
  private readonly pipeline: GPUComputePipeline;
  private readonly slotOf = new Map<string, number>();
  private readonly table: number[] = [];
  /** (x, y, 1) per slot, as encoded. */
  private readonly sizes: GPUBuffer;
  /** The indirect arguments the check writes: sizes while running, zeros once halted. */
  private readonly args: GPUBuffer;
  /** u32: the step that halted the batch (0: none). */
  private readonly state: GPUBuffer;
  private readonly uniform: GPUBuffer;
  private readonly groups = new Map<GPUBuffer, GPUBindGroup>();

  /** `halfSkin`: skin/2, Å; `md`: the integrators' uniform (its `step` is the step being made). */
  constructor(private readonly kernels: Kernels, halfSkin: number, private readonly md: GPUBuffer) {
    this.device = kernels.device;
    this.pipeline = kernels.pipeline('md/step-gate.wgsl');
    this.sizes = storageBuffer(this.device, 12 * MAX_SLOTS, 'gate.sizes');
    this.args = storageBuffer(this.device, 12 * MAX_SLOTS, 'gate.args', GPUBufferUsage.INDIRECT);
    this.state = storageBuffer(this.device, 4, 'gate.state');
    const words = uniformWords(STEP_GATE_UNIFORM, {});
    new Float32Array(words.buffer)[STEP_GATE_UNIFORM.limit] = f32AtMost(halfSkin * halfSkin);
    this.uniform = kernels.uniform(words, 'gate.uniform');
  }

  /** Starts a batch's encoding (its sizes are its own: a search between batches changes them). */
  begin(): void {
    this.slotOf.clear();
    this.table.length = 0;
  }

  /** Dispatches (x, y) workgroups unless the batch has halted. */
  dispatch(pass: GPUComputePassEncoder, x: number, y: number): void {
    const key = `${x},${y}`;
    let slot = this.slotOf.get(key);
    if (slot === undefined) {
      slot = this.table.length / 3;
      if (slot >= MAX_SLOTS) throw new Error(`gpu md: more than ${MAX_SLOTS} distinct dispatch sizes in a batch`);
      this.slotOf.set(key, slot);
      this.table.push(x, y, 1);
    }
    pass.dispatchWorkgroupsIndirect(this.args, 12 * slot);
  }

  /** Encodes the check of this step: `moved` holds the reduced displacement record (stats.wgsl). */
  encodeCheck(pass: GPUComputePassEncoder, moved: GPUBuffer): void {
    let group = this.groups.get(moved);
    if (!group) {
      group = this.kernels.bind(this.pipeline, [this.md, this.uniform, moved, this.state, this.sizes, this.args]);
      this.groups.set(moved, group);
    }
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(1);
  }

  /** Before a batch's submission: the sizes it encoded, as they stand until the first check, and no halt yet. */
  arm(): void {
    const q = this.device.queue;
    const table = Uint32Array.from(this.table);
    q.writeBuffer(this.sizes, 0, table);
    q.writeBuffer(this.args, 0, table);
    q.writeBuffer(this.uniform, 4 * STEP_GATE_UNIFORM.slots, Uint32Array.of(this.table.length / 3));
    q.writeBuffer(this.state, 0, Uint32Array.of(0));
  }

  /** After a batch: the step that halted it, or 0 (the one read-back of a batch). */
  async halted(): Promise<number> {
    return new Uint32Array(await readBack(this.device, this.state, 4))[0];
  }

  destroy(): void {
    for (const b of [this.sizes, this.args, this.state, this.uniform]) b.destroy();
  }
}
