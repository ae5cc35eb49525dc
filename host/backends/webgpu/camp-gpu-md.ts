// CAMP MD entirely on the GPU (issue #11): the MD engine (md-engine.ts: GPU neighbour list with
// a Verlet skin, fixed-point positions, velocity Verlet / Langevin BAOAB) around the model's
// force pass (force-pass.ts). Nothing crosses the bus per step (a batch of steps reads back
// one word, see step-gate.ts); `forces()` reads the engine's per-atom energies and forces back
// when a caller wants a frame.
import type { CampModel } from '../../model/camp-model.js';
import { typeIndices } from '../../model/camp-model.js';
import type { EncodeOptions, GpuEdges, GpuForceOutputs, GpuForcePass } from './gpu-contract.js';
import { atomEnergies, CampForcePass, modelOnDevice, type ModelOnDevice } from './force-pass.js';
import type { KernelMapping } from './model-kernels.js';
import { Kernels } from './kernels.js';
import { readBack } from './limits.js';
import { GpuMd, type GpuMdOptions } from './md-engine.js';

export interface CampGpuMdOptions extends Omit<GpuMdOptions, 'forcePass' | 'cutoff'> {
  /** Atomic numbers (n); the model must know each. */
  readonly numbers: ArrayLike<number>;
  /** Which edge-loop kernels (model-kernels.ts): 'atoms' on software adapters, 'groups' on GPUs. */
  readonly mapping?: KernelMapping;
}

/** Energies and forces where the engine stands, read back. */
export interface CampGpuForces {
  /** eV: the per-atom f32 energies summed in f64 in atom order (as the seam's evaluator does). */
  readonly energy: number;
  /** eV (n) */
  readonly energies: Float64Array;
  /** eV/Å (3n) */
  readonly forces: Float64Array;
}

/** The CAMP pass, remembering where the engine has it write (to read those buffers back). */
class ObservedPass implements GpuForcePass {
  out: GpuForceOutputs | null = null;
  constructor(private readonly inner: CampForcePass) {}
  get n(): number {
    return this.inner.n;
  }
  encode(encoder: GPUCommandEncoder, edges: GpuEdges, out: GpuForceOutputs, options?: EncodeOptions): void {
    this.out = out;
    this.inner.encode(encoder, edges, out, options);
  }
  destroy(): void {
    this.inner.destroy();
  }
}

/** Compiled model kernels and MD pipelines per device (compiling takes seconds; runs share them). */
const onDevices = new WeakMap<GPUDevice, { kernels: Kernels; models: Map<string, { model: CampModel; ready: Promise<ModelOnDevice> }> }>();

function cachedModel(device: GPUDevice, model: CampModel, mapping: KernelMapping): { kernels: Kernels; ready: Promise<ModelOnDevice> } {
  let entry = onDevices.get(device);
  if (!entry) onDevices.set(device, (entry = { kernels: new Kernels(device), models: new Map() }));
  const have = entry.models.get(mapping);
  if (have?.model === model) return { kernels: entry.kernels, ready: have.ready };
  const ready = modelOnDevice(device, model, mapping);
  entry.models.set(mapping, { model, ready });
  return { kernels: entry.kernels, ready };
}

export class CampGpuMd {
  private constructor(readonly engine: GpuMd, private readonly pass: ObservedPass, private readonly device: GPUDevice) {}

  /**
   * Uploads the model, compiles its kernels and makes the engine with forces at the start. The
   * neighbour list's cutoff is the model's r_cut; `skin` (Å, default 1) spares rebuilds.
   */
  static async create(device: GPUDevice, model: CampModel, options: CampGpuMdOptions): Promise<CampGpuMd> {
    const types = typeIndices(model.hparams, options.numbers);
    if (types.length !== options.masses.length) throw new Error(`gpu md: ${types.length} atomic numbers for ${options.masses.length} masses`);
    const { kernels, ready } = cachedModel(device, model, options.mapping ?? 'atoms');
    const onDevice = await ready;
    let pass: ObservedPass | null = null;
    const engine = await GpuMd.create(kernels, {
      ...options, cutoff: model.hparams.rCut, skin: options.skin ?? 1,
      forcePass: (n) => (pass = new ObservedPass(new CampForcePass(onDevice, n, types))),
    });
    return new CampGpuMd(engine, pass!, device);
  }

  /** Energies and forces of the last force pass (at the engine's current step). */
  async forces(): Promise<CampGpuForces> {
    const out = this.pass.out;
    if (!out?.forces) throw new Error('gpu md: no force pass has run yet');
    const n = this.engine.n;
    const [e, f] = await Promise.all([readBack(this.device, out.energies, 4 * n), readBack(this.device, out.forces, 12 * n)]);
    return { ...atomEnergies(new Float32Array(e), n), forces: Float64Array.from(new Float32Array(f)) };
  }

  destroy(): void {
    this.engine.destroy();
  }
}
