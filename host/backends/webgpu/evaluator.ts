// The CAMP model on WebGPU behind the backend seam's ModelEvaluator: edges from the host (the
// Wasm neighbour list's f64 arrays, rounded once to f32 and uploaded), one force pass per
// structure size and types, results copied into MAP_READ buffers and read back. Energies: the
// per-atom f32 values summed on the host in f64 in atom order. Everything is f32 on the device
// (WGSL has no f64): precision 'f64' is refused rather than silently lowered.
import type { EdgeSet, EvaluateOptions, EvaluateResult, ModelEvaluator } from '../backend.js';
import type { CampModel } from '../../model/camp-model.js';
import { atomEnergies, CampForcePass, modelOnDevice, type ModelOnDevice } from './force-pass.js';
import { HostEdgeUpload, type HostEdges } from './host-edges.js';
import type { KernelMapping } from './model-kernels.js';

/** Reads the arrays of an EdgeSet this device's host neighbour list made. */
export type HostEdgeReader = (edges: EdgeSet) => HostEdges;

export class WebGpuEvaluator implements ModelEvaluator {
  private pass: { pass: CampForcePass; types: Int32Array } | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly edgeUpload: HostEdgeUpload;
  private outputs: { n: number; energies: GPUBuffer; forces: GPUBuffer; virial: GPUBuffer; read: GPUBuffer } | null = null;

  private constructor(private readonly m: ModelOnDevice, private readonly readEdges: HostEdgeReader, private readonly nTypes: number) {
    this.edgeUpload = new HostEdgeUpload(m.device);
  }

  /** Packs and uploads the model and compiles its kernels (once per evaluator). */
  static async create(device: GPUDevice, model: CampModel, readEdges: HostEdgeReader, mapping: KernelMapping = 'atoms'): Promise<WebGpuEvaluator> {
    return new WebGpuEvaluator(await modelOnDevice(device, model, mapping), readEdges, model.hparams.atomicNumbers.length);
  }

  private passFor(n: number, types: Int32Array): CampForcePass {
    const have = this.pass;
    if (have && have.pass.n === n && have.types.every((t, k) => t === types[k])) return have.pass;
    have?.pass.destroy();
    const copy = Int32Array.from(types.subarray(0, n));
    this.pass = { pass: new CampForcePass(this.m, n, copy), types: copy };
    return this.pass.pass;
  }

  private outputsFor(n: number): NonNullable<WebGpuEvaluator['outputs']> {
    if (this.outputs && this.outputs.n === n) return this.outputs;
    if (this.outputs) for (const b of [this.outputs.energies, this.outputs.forces, this.outputs.virial, this.outputs.read]) b.destroy();
    const { device } = this.m;
    const storage = (bytes: number, label: string) => device.createBuffer({ label, size: Math.max(16, bytes), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    this.outputs = {
      n, energies: storage(4 * n, 'camp energies'), forces: storage(12 * n, 'camp forces'), virial: storage(36, 'camp virial'),
      read: device.createBuffer({ label: 'camp read-back', size: Math.max(16, 4 * (4 * n + 9)), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }),
    };
    return this.outputs;
  }

  /**
   * Calls run one after another (they share the read-back buffer): a call made while another
   * is in flight waits for it. The edges are read when the call starts.
   */
  evaluate(n: number, types: Int32Array, edges: EdgeSet, opts: EvaluateOptions): Promise<EvaluateResult> {
    const host = this.readEdges(edges);
    const copy = { ...host, rowStart: host.rowStart.slice(), j: host.j.slice(), rev: host.rev.slice(), vec: host.vec.slice() };
    const run = this.queue.then(() => this.run(n, Int32Array.from(types), copy, opts));
    this.queue = run.catch(() => {});
    return run;
  }

  private async run(n: number, types: Int32Array, host: HostEdges, opts: EvaluateOptions): Promise<EvaluateResult> {
    if (!Number.isInteger(n) || n < 0) throw new Error(`evaluate: atom count must be a non-negative integer, got ${n}`);
    if (types.length < n) throw new Error(`evaluate: ${types.length} type indices for ${n} atoms`);
    for (let i = 0; i < n; i++) {
      if (!(types[i] >= 0 && types[i] < this.nTypes)) throw new Error(`evaluate: atom ${i} has type index ${types[i]}, outside 0..${this.nTypes - 1}`);
    }
    if (opts.precision !== 'f32') {
      throw new Error(`evaluate: the webgpu backend computes in f32 (WGSL has no f64), precision '${String(opts.precision)}' was asked for: use --precision f32 (precision: 'f32') or --backend wasm`);
    }
    if (host.n !== n || host.rowStart[0] !== 0 || host.rowStart[n] !== host.count) {
      throw new Error(`evaluate: edge rows cover ${host.rowStart[0]}..${host.rowStart[n]} of ${host.n} atoms but there are ${host.count} edges and ${n} atoms`);
    }
    const { device } = this.m;
    const wantForces = opts.forces, wantVirial = opts.virial;
    const out = this.outputsFor(n);
    // Errors of the device (out of memory, a refused binding) are reported here, not left to
    // show up as zeros or stale numbers in the read-back.
    device.pushErrorScope('out-of-memory');
    device.pushErrorScope('validation');
    let invalid: GPUError | null, oom: GPUError | null;
    try {
      const gpuEdges = this.edgeUpload.upload(host);
      const pass = this.passFor(n, types);
      const targets = { energies: out.energies, ...(wantForces && { forces: out.forces }), ...(wantVirial && { virial: out.virial }) };
      const encoder = device.createCommandEncoder({ label: 'camp evaluate' });
      pass.encode(encoder, gpuEdges, targets);
      if (n > 0) encoder.copyBufferToBuffer(out.energies, 0, out.read, 0, 4 * n);
      if (wantForces && n > 0) encoder.copyBufferToBuffer(out.forces, 0, out.read, 4 * n, 12 * n);
      if (wantVirial) encoder.copyBufferToBuffer(out.virial, 0, out.read, 16 * n, 36);
      device.queue.submit([encoder.finish()]);
    } finally {
      invalid = await device.popErrorScope();
      oom = await device.popErrorScope();
    }
    if (oom) throw new Error(`webgpu: out of GPU memory for ${n} atoms and ${host.count} edges (${firstLine(oom.message)}); use fewer atoms or --backend wasm`);
    if (invalid) throw new Error(`webgpu: the device refused the model's work for ${n} atoms and ${host.count} edges (${firstLine(invalid.message)})`);
    await out.read.mapAsync(GPUMapMode.READ).catch((e: Error) => {
      throw new Error(`webgpu: reading the results back failed (${e.message || e.name || 'device lost or invalid'})`);
    });
    const words = new Float32Array(out.read.getMappedRange().slice(0));
    out.read.unmap();
    const result: { -readonly [K in keyof EvaluateResult]: EvaluateResult[K] } = atomEnergies(words, n);
    if (wantForces) result.forces = Float64Array.from(words.subarray(n, 4 * n));
    if (wantVirial) result.virial = Float64Array.from(words.subarray(4 * n, 4 * n + 9));
    return result;
  }
}

/** Dawn's messages carry a call trace on further lines; the first says what went wrong. */
const firstLine = (message: string): string => message.split('\n')[0].trim();
