// The model's compute pipelines: each kernel of shaders/model/ compiled once per device and
// model sizes, with the generated layouts, the model's sizes and the shared code prepended,
// and an explicit bind-group layout (binding k = the k-th entry of its list below).
import { shaders } from '../../generated/shaders.js';
import { sizesWgsl, type ModelSizes } from './model-buffers.js';

type Binding = 'uniform' | 'read' | 'write';

interface KernelSpec {
  /** Files under shaders/model/ prepended before the kernel's own (after the layouts and sizes). */
  readonly includes: readonly string[];
  readonly bindings: readonly Binding[];
}

const MODEL: Binding[] = ['uniform', 'uniform', 'read']; // plan, params, model (common.wgsl)
const EDGE: Binding[] = [...MODEL, 'read', 'read', 'read', 'read']; // row, nbr, vec, g (edge.wgsl)

export const KERNELS = {
  'mix': { includes: ['common'], bindings: [...MODEL, 'read', 'write'] },
  'messages': { includes: ['common', 'edge', 'tile'], bindings: [...EDGE, 'write'] },
  'messages-groups': { includes: ['common', 'edge', 'cooperative'], bindings: [...EDGE, 'write'] },
  'atom-output': { includes: ['common', 'hyper'], bindings: [...MODEL, 'read', 'read', 'write', 'write'] },
  'readout-backward': { includes: ['common'], bindings: [...MODEL, 'read', 'write'] },
  'atom-adjoints': { includes: ['common', 'hyper'], bindings: [...MODEL, 'read', 'read', 'write'] },
  'edges-backward': { includes: ['common', 'edge', 'tile'], bindings: [...EDGE, 'write', 'write'] },
  'edges-backward-groups': { includes: ['common', 'edge', 'cooperative'], bindings: [...EDGE, 'write', 'write'] },
  'input-backward': { includes: ['common'], bindings: [...MODEL, 'read', 'write'] },
  'forces': { includes: [], bindings: ['uniform', 'read', 'read', 'read', 'write'] },
  'virial-blocks': { includes: [], bindings: ['uniform', 'read', 'read', 'read', 'write'] },
  'virial-total': { includes: [], bindings: ['uniform', 'read', 'read', 'write'] },
} as const satisfies Record<string, KernelSpec>;

export type KernelName = keyof typeof KERNELS;

/**
 * How the edge loops of the model map onto threads: 'atoms', one invocation per atom (the
 * default on software adapters: SwiftShader emulates workgroup barriers, which made 'groups'
 * ~7× slower there), or 'groups', a workgroup per atom with a thread per channel (hardware GPUs).
 * Both give the same results to f32 rounding; each gives the same bits run after run.
 */
export type KernelMapping = 'atoms' | 'groups';

/** The kernels a mapping does not use. */
const UNUSED: Record<KernelMapping, readonly KernelName[]> = {
  atoms: ['messages-groups', 'edges-backward-groups'],
  groups: ['messages', 'edges-backward'],
};

export interface Kernel {
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
}

function shaderText(name: string): string {
  const text = shaders[name];
  if (text === undefined) throw new Error(`webgpu: shader '${name}' is missing from this build (run npm run build)`);
  return text;
}

/**
 * Invocations per workgroup of the 'atoms' mapping's edge loops (messages, edges-backward: one
 * invocation per atom, long rows). Narrower than the other kernels' 64 so that a small system
 * still spreads over several workgroups: a software adapter runs a workgroup on one CPU thread.
 */
export const ROW_WG = 16;

/** Source of one kernel: layouts, sizes, includes, the kernel. */
export function kernelSource(name: KernelName, sizes: ModelSizes): string {
  const spec: KernelSpec = KERNELS[name];
  return [shaderText('generated/layouts.wgsl'), sizesWgsl(sizes), `const ROW_WG: u32 = ${ROW_WG}u;`, ...spec.includes.map((f) => shaderText(`model/${f}.wgsl`)), shaderText(`model/${name}.wgsl`)].join('\n');
}

const TYPE: Record<Binding, GPUBufferBindingType> = { uniform: 'uniform', read: 'read-only-storage', write: 'storage' };

/** Compiles the mapping's kernels for the model's sizes (errors name the kernel and WGSL's message). */
export async function buildKernels(device: GPUDevice, sizes: ModelSizes, mapping: KernelMapping = 'atoms'): Promise<Record<KernelName, Kernel>> {
  const out = {} as Record<KernelName, Kernel>;
  for (const name of Object.keys(KERNELS) as KernelName[]) {
    if (UNUSED[mapping].includes(name)) continue;
    const spec: KernelSpec = KERNELS[name];
    const module = device.createShaderModule({ label: `camp ${name}`, code: kernelSource(name, sizes) });
    const info = await module.getCompilationInfo();
    const errors = info.messages.filter((m) => m.type === 'error');
    if (errors.length) throw new Error(`webgpu: kernel ${name}.wgsl does not compile: ${errors.map((m) => `line ${m.lineNum}: ${m.message}`).join('; ')}`);
    const layout = device.createBindGroupLayout({
      label: `camp ${name}`,
      entries: spec.bindings.map((b, binding) => ({ binding, visibility: GPUShaderStage.COMPUTE, buffer: { type: TYPE[b] } })),
    });
    const pipeline = await device.createComputePipelineAsync({
      label: `camp ${name}`, layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }), compute: { module, entryPoint: 'main' },
    });
    out[name] = { pipeline, layout };
  }
  return out;
}
