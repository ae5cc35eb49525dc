// Compute pipelines from the bundled WGSL (host/generated/shaders.ts, keyed by path under
// shaders/) and dispatches inside WebGPU's default limits. Every kernel is compiled with the
// same prelude: the generated layouts and the fixed-point helpers, plus any helper files named.
import { shaders } from '../../generated/shaders.js';

/** Invocations per workgroup of every kernel here (WebGPU's default maxComputeInvocationsPerWorkgroup). */
export const WORKGROUP = 256;
const PRELUDE = ['generated/layouts.wgsl', 'md/fixed.wgsl'];

function source(file: string): string {
  const text = shaders[file];
  if (text === undefined) throw new Error(`webgpu: shader '${file}' is not in this build (run npm run build)`);
  return text;
}

/** One device's pipelines, compiled once per (file, entry point). */
export class Kernels {
  private readonly cache = new Map<string, GPUComputePipeline>();
  constructor(readonly device: GPUDevice) {}

  pipeline(file: string, entryPoint = 'main', helpers: readonly string[] = []): GPUComputePipeline {
    const key = `${file}#${entryPoint}`;
    let p = this.cache.get(key);
    if (!p) {
      const code = [...PRELUDE, ...helpers, file].map(source).join('\n');
      const module = this.device.createShaderModule({ code, label: file });
      p = this.device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint }, label: key });
      this.cache.set(key, p);
    }
    return p;
  }

  /** A bind group of group 0 with buffers[k] at binding k (null: binding k unused by this entry point). */
  bind(pipeline: GPUComputePipeline, buffers: readonly (GPUBuffer | null)[]): GPUBindGroup {
    const entries: GPUBindGroupEntry[] = [];
    buffers.forEach((buffer, binding) => { if (buffer) entries.push({ binding, resource: { buffer } }); });
    return this.device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
  }

  /** A small uniform buffer holding `words` (u32/i32/f32 as given by the typed array). */
  uniform(words: Uint32Array | Int32Array | Float32Array, label: string): GPUBuffer {
    const size = Math.max(16, Math.ceil(words.byteLength / 16) * 16);
    const b = this.device.createBuffer({ size, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, label });
    this.device.queue.writeBuffer(b, 0, words.buffer, words.byteOffset, words.byteLength);
    return b;
  }
}

/**
 * The words of a uniform block (a record of host/generated/layouts.ts: field → word index, and
 * WORDS) with the named fields set as u32 and every other word 0.
 */
export function uniformWords<R extends { readonly WORDS: number }>(record: R, fields: Partial<Record<Exclude<keyof R, 'WORDS'>, number>>): Uint32Array {
  const words = new Uint32Array(record.WORDS);
  for (const [name, value] of Object.entries(fields) as [keyof R, number][]) words[record[name] as number] = value;
  return words;
}

/** Issues a dispatch of (x, y) workgroups some other way than directly (a StepGate: indirectly). */
export interface Gate {
  dispatch(pass: GPUComputePassEncoder, x: number, y: number): void;
}

/** The most workgroups per grid dimension (WebGPU's default maxComputeWorkgroupsPerDimension). */
const MAX_PER_DIMENSION = 65535;

/**
 * Dispatches `threads` invocations (kernels index them with flat_index): past
 * maxComputeWorkgroupsPerDimension groups the grid becomes two-dimensional. Through `gate`
 * when one is given.
 */
export function dispatch(pass: GPUComputePassEncoder, pipeline: GPUComputePipeline, group: GPUBindGroup, threads: number, gate?: Gate): void {
  const groups = Math.ceil(threads / WORKGROUP);
  if (groups === 0) return;
  const x = Math.min(groups, MAX_PER_DIMENSION);
  const y = Math.ceil(groups / x);
  if (y > MAX_PER_DIMENSION) throw new Error(`webgpu: ${threads} invocations exceed maxComputeWorkgroupsPerDimension² workgroups`);
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, group);
  dispatchGroups(pass, x, y, gate);
}

/** Dispatches (x, y) workgroups of the pipeline and bind group already set: directly, or through `gate`. */
export function dispatchGroups(pass: GPUComputePassEncoder, x: number, y: number, gate?: Gate): void {
  if (gate) gate.dispatch(pass, x, y);
  else pass.dispatchWorkgroups(x, y);
}
