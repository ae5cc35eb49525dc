// The WebGPU backend: the model runs in GPU buffers (f32), its answers come back through
// mapAsync (asynchronous). Edges for single-point calls and the seam's MD path come from the
// Wasm neighbour list (built in f64 on the host, see evaluator.ts); MD keeps its state on the
// host and copies positions in and forces out per step (no run state on this device yet).
import type { Backend, Device, EdgeSet, EvaluateOptions, EvaluateResult, EvaluatorOptions, ModelEvaluator, NeighborSearch, NeighborSearchOptions } from '../backend.js';
import type { CampModel } from '../../model/camp-model.js';
import type { Precision } from '../../calculator.js';
import { wasmBackend, type WasmDevice } from '../wasm/backend.js';
import { edgePointers } from '../wasm/edge-list.js';
import { openGpu, type GpuHandle } from './adapter.js';
import { WebGpuEvaluator } from './evaluator.js';
import type { HostEdges } from './host-edges.js';

export class WebGpuDevice implements Device {
  readonly backend = 'webgpu';
  readonly asynchronous = true;
  /** The GPU computes in f32: calculators on this device default to it. */
  readonly defaultPrecision: Precision = 'f32';

  constructor(readonly gpu: GpuHandle, private readonly host: WasmDevice) {}

  /** What the adapter says it is (receipts record it). */
  get adapter(): string {
    return this.gpu.description;
  }

  /** Wasm memory of the host-side neighbour list (GPU buffers are not counted). */
  get memoryBytes(): number {
    return this.host.memoryBytes;
  }

  createNeighborList(options: NeighborSearchOptions): NeighborSearch {
    return this.host.createNeighborList(options);
  }

  /** The arrays of an edge set of this device's (host) neighbour list. */
  private readEdges(edges: EdgeSet): HostEdges {
    const ws = this.host.ws;
    const p = edgePointers(edges, ws);
    const buf = ws.memory.buffer, n = edges.n, count = edges.count;
    return {
      n, count, rowStart: new Int32Array(buf, p.rowStart, n + 1), j: new Int32Array(buf, p.j, count),
      rev: new Int32Array(buf, p.rev, count), vec: new Float64Array(buf, p.vec, 3 * count),
    };
  }

  /** The evaluator answers once its kernels are compiled (the first call waits for them). */
  createEvaluator(model: CampModel, options: EvaluatorOptions = {}): ModelEvaluator {
    if (options.radial === 'table') throw new Error("backend webgpu: radial mode 'table' is not available on the GPU; use --radial exact or --backend wasm");
    const ready = WebGpuEvaluator.create(this.gpu.device, model, (e) => this.readEdges(e), softwareAdapter(this.gpu) ? 'atoms' : 'groups');
    ready.catch(() => {}); // reported by the first evaluate
    return {
      radial: 'exact',
      evaluate: async (n: number, types: Int32Array, edges: EdgeSet, opts: EvaluateOptions): Promise<EvaluateResult> => (await ready).evaluate(n, types, edges, opts),
    };
  }
}

export const webgpuBackend: Backend = {
  name: 'webgpu',
  async open(): Promise<WebGpuDevice> {
    const gpu = await openGpu();
    return new WebGpuDevice(gpu, (await wasmBackend.open()) as WasmDevice);
  },
};

/** Why an adapter should not run campjs by default: a software or fallback one (null: a real GPU). */
export function softwareAdapter(gpu: GpuHandle): string | null {
  if ((gpu.adapter.info as { isFallbackAdapter?: boolean } | undefined)?.isFallbackAdapter) return `the WebGPU adapter (${gpu.description}) is a fallback adapter`;
  if (/swiftshader|llvmpipe|lavapipe|software/i.test(gpu.description)) return `the WebGPU adapter (${gpu.description}) is a software renderer`;
  return null;
}
