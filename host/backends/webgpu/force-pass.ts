// The CAMP model's whole evaluation as GPU work (GpuForcePass of gpu-contract.ts): forward
// through the layers to per-atom energies, then, when forces or the virial are wanted, the
// reverse pass to ∂E/∂r per edge, forces by a gather through the reverse-edge index and the
// virial by a two-stage fixed-order sum. Scratch is allocated once per pass (per-atom arrays)
// and per edge capacity; bind groups once per (edges, outputs); encode() only records dispatches.
import type { EncodeOptions, GpuEdges, GpuForceOutputs, GpuForcePass } from './gpu-contract.js';
import type { CampModel } from '../../model/camp-model.js';
import { packModel, type PackedModel } from '../../model/pack.js';
import { modelSizes, uploadModel, uploadPlan, type ModelSizes } from './model-buffers.js';
import { buildKernels, ROW_WG, type Kernel, type KernelMapping, type KernelName } from './model-kernels.js';
import { dispatchGroups, uniformWords } from './kernels.js';
import { PARAMS_UNIFORM } from '../../generated/layouts.js';

/** Atoms (or virial blocks) per workgroup, and edges per virial block (virial-blocks.wgsl). */
const WORKGROUP = 64;
const VIRIAL_BLOCK = 256;
const MAX_GROUPS = 65535;

/** What a pass shares with its model: the device, the plan, the compiled kernels. */
export interface ModelOnDevice {
  readonly device: GPUDevice;
  readonly packed: PackedModel;
  readonly sizes: ModelSizes;
  readonly plan: GPUBuffer;
  readonly kernels: Record<KernelName, Kernel>;
  /** Which edge-loop kernels were compiled (model-kernels.ts). */
  readonly mapping: KernelMapping;
}

/** Packs `model`, uploads its plan and compiles its kernels for `mapping` (seconds on a software adapter). */
export async function modelOnDevice(device: GPUDevice, model: CampModel, mapping: KernelMapping): Promise<ModelOnDevice> {
  const packed = packModel(model);
  const sizes = modelSizes(packed);
  const kernels = await buildKernels(device, sizes, mapping);
  return { device, packed, sizes, plan: uploadPlan(device, packed), kernels, mapping };
}

/** The per-atom f32 energies read back (eV) and their total, summed in f64 in atom order: the precision contract. */
export function atomEnergies(words: Float32Array, n: number): { energy: number; energies: Float64Array } {
  const energies = Float64Array.from(words.subarray(0, n));
  let energy = 0;
  for (let i = 0; i < n; i++) energy += energies[i];
  return { energy, energies };
}

/** Workgroup counts covering `count` invocations, 2-D past 65535 groups (the kernels' flatIndex). */
function groups(count: number, width = WORKGROUP): [number, number] {
  const g = Math.max(1, Math.ceil(count / width));
  return g <= MAX_GROUPS ? [g, 1] : [MAX_GROUPS, Math.ceil(g / MAX_GROUPS)];
}

/** One workgroup per atom (the cooperative kernels), 2-D past 65535. */
function groupPerAtom(n: number): [number, number] {
  const g = Math.max(1, n);
  return g <= MAX_GROUPS ? [g, 1] : [MAX_GROUPS, Math.ceil(g / MAX_GROUPS)];
}

interface Dispatch {
  readonly kernel: KernelName;
  readonly bind: GPUBindGroup;
  readonly size: [number, number];
}

export class CampForcePass implements GpuForcePass {
  private readonly owned: GPUBuffer[] = [];
  private readonly model: GPUBuffer;
  private readonly fwd: GPUBuffer[] = [];
  private readonly bwd: GPUBuffer[] = [];
  private readonly count: GPUBuffer;
  private readonly g: GPUBuffer[] = [];
  private readonly M: GPUBuffer[] = [];
  private readonly feat: GPUBuffer;
  private readonly outBar: GPUBuffer;
  private readonly adj: GPUBuffer;
  private eg: GPUBuffer | null = null;
  private partial: GPUBuffer | null = null;
  private capacity = -1;
  private recorded: { edges: GpuEdges; out: GpuForceOutputs; list: Dispatch[] } | null = null;

  constructor(private readonly m: ModelOnDevice, readonly n: number, types: Int32Array) {
    const { device, sizes } = m;
    const L = sizes.LAYERS;
    const atomBytes = n * sizes.TV * sizes.P * 4;
    const limit = device.limits.maxStorageBufferBindingSize;
    if (2 * atomBytes > limit) {
      throw new Error(`webgpu: ${n} atoms need ${(2 * atomBytes / 2 ** 20).toFixed(0)} MiB in one storage binding (the atoms' adjoints); this device allows ${(limit / 2 ** 20).toFixed(0)} MiB (maxStorageBufferBindingSize): use fewer atoms or --backend wasm`);
    }
    this.model = this.own(uploadModel(device, m.packed, types, n));
    const params = (layer: number, first: boolean): GPUBuffer => {
      const words = uniformWords(PARAMS_UNIFORM, { n, layer, first: first ? 1 : 0 });
      const b = this.own(device.createBuffer({ label: 'camp params', size: words.byteLength, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST }));
      device.queue.writeBuffer(b, 0, words);
      return b;
    };
    for (let l = 0; l < L; l++) {
      this.fwd.push(params(l, l === 0));
      this.bwd.push(params(l, l === L - 1));
      this.g.push(this.scratch(atomBytes, `g${l}`));
      this.M.push(this.scratch(atomBytes, `M${l}`));
    }
    this.count = params(0, false);
    this.feat = this.scratch(atomBytes, 'feat');
    this.outBar = this.scratch(atomBytes, 'outBar');
    this.adj = this.scratch(2 * atomBytes, 'adjoints');
  }

  private own(b: GPUBuffer): GPUBuffer {
    this.owned.push(b);
    return b;
  }

  private scratch(bytes: number, label: string): GPUBuffer {
    return this.own(this.m.device.createBuffer({ label: `camp ${label}`, size: Math.max(16, bytes), usage: GPUBufferUsage.STORAGE }));
  }

  /** Per-edge scratch for `capacity` edges (kept while the capacity holds). */
  private edgeScratch(capacity: number): void {
    if (capacity === this.capacity) return;
    this.eg?.destroy();
    this.partial?.destroy();
    const limit = this.m.device.limits.maxStorageBufferBindingSize;
    if (16 * capacity > limit) throw new Error(`webgpu: ${capacity} edges need ${(16 * capacity / 2 ** 20).toFixed(0)} MiB of edge gradients in one binding; this device allows ${(limit / 2 ** 20).toFixed(0)} MiB`);
    this.eg = this.m.device.createBuffer({ label: 'camp edge gradients', size: Math.max(16, 16 * capacity), usage: GPUBufferUsage.STORAGE });
    this.partial = this.m.device.createBuffer({ label: 'camp virial blocks', size: Math.max(36, 36 * Math.ceil(capacity / VIRIAL_BLOCK)), usage: GPUBufferUsage.STORAGE });
    this.capacity = capacity;
    this.recorded = null;
  }

  private bind(kernel: KernelName, buffers: GPUBuffer[]): GPUBindGroup {
    return this.m.device.createBindGroup({
      layout: this.m.kernels[kernel].layout,
      entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
  }

  /** The dispatches of one evaluation, in order, with their bind groups. */
  private record(edges: GpuEdges, out: GpuForceOutputs): Dispatch[] {
    const { plan, sizes } = this.m;
    const L = sizes.LAYERS, atoms = groups(this.n);
    const list: Dispatch[] = [];
    const add = (kernel: KernelName, buffers: GPUBuffer[], size = atoms): void => void list.push({ kernel, bind: this.bind(kernel, buffers), size });
    const groupsMapping = this.m.mapping === 'groups';
    const edge = (l: number, params: GPUBuffer) => [plan, params, this.model, edges.row, edges.nbr, edges.vec, this.g[l]];
    for (let l = 0; l < L; l++) {
      add('mix', [plan, this.fwd[l], this.model, this.feat, this.g[l]]);
      if (groupsMapping) add('messages-groups', [...edge(l, this.fwd[l]), this.M[l]], groupPerAtom(this.n));
      else add('messages', [...edge(l, this.fwd[l]), this.M[l]], groups(this.n, ROW_WG));
      add('atom-output', [plan, this.fwd[l], this.model, this.M[l], this.g[l], this.feat, out.energies]);
    }
    if (!out.forces && !out.virial) return list;
    const eg = this.eg!;
    add('readout-backward', [plan, this.fwd[L - 1], this.model, this.feat, this.outBar]);
    for (let l = L - 1; l >= 0; l--) {
      add('atom-adjoints', [plan, this.bwd[l], this.model, this.M[l], this.outBar, this.adj]);
      if (groupsMapping) add('edges-backward-groups', [...edge(l, this.bwd[l]), this.adj, eg], groupPerAtom(this.n));
      else add('edges-backward', [...edge(l, this.bwd[l]), this.adj, eg], groups(this.n, ROW_WG));
      if (l > 0) add('input-backward', [plan, this.bwd[l], this.model, this.adj, this.outBar]);
    }
    if (out.forces) add('forces', [this.count, edges.row, edges.rev, eg, out.forces]);
    if (out.virial) {
      add('virial-blocks', [this.count, edges.row, edges.vec, eg, this.partial!], groups(Math.ceil(edges.capacity / VIRIAL_BLOCK)));
      add('virial-total', [this.count, edges.row, this.partial!, out.virial], [1, 1]);
    }
    return list;
  }

  /**
   * Records the evaluation into `encoder`: one compute pass, or, with `timestamps` (a query set
   * of at least 2 × dispatches entries, for profiling), one pass per dispatch with its begin and
   * end times at 2k and 2k + 1. Returns the kernels dispatched, in order.
   */
  encode(encoder: GPUCommandEncoder, edges: GpuEdges, out: GpuForceOutputs, options: EncodeOptions & { readonly timestamps?: GPUQuerySet } = {}): KernelName[] {
    const { gate, timestamps } = options;
    if (edges.n !== this.n) throw new Error(`webgpu force pass: made for ${this.n} atoms, given edges of ${edges.n}`);
    this.edgeScratch(edges.capacity);
    if (!this.recorded || this.recorded.edges !== edges || this.recorded.out !== out) {
      this.recorded = { edges, out, list: this.record(edges, out) };
    }
    const list = this.recorded.list;
    let pass: GPUComputePassEncoder | null = null;
    list.forEach((d, k) => {
      if (timestamps || !pass) {
        pass?.end();
        pass = encoder.beginComputePass({
          label: 'camp model', ...(timestamps && { timestampWrites: { querySet: timestamps, beginningOfPassWriteIndex: 2 * k, endOfPassWriteIndex: 2 * k + 1 } }),
        });
      }
      pass.setPipeline(this.m.kernels[d.kernel].pipeline);
      pass.setBindGroup(0, d.bind);
      dispatchGroups(pass, d.size[0], d.size[1], gate);
    });
    (pass as GPUComputePassEncoder | null)?.end();
    return list.map((d) => d.kernel);
  }

  destroy(): void {
    for (const b of this.owned) b.destroy();
    this.eg?.destroy();
    this.partial?.destroy();
  }
}
