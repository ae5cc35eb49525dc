// The packed model on the GPU: the plan header (host/model/pack.ts's i32 words, the same the
// Wasm core reads) as a uniform array of vec4<i32>, and the weights rounded once to f32 with the
// atom types after them in one read-only storage buffer (the type indices of the structure a
// force pass was made for). The per-model sizes that fix the kernels' private arrays come from
// the header here too (the kernels read every offset from the plan itself).
import type { PackedModel } from '../../model/pack.js';
import { H, LIN, LAYER, PATH } from '../../generated/layouts.js';

const pad4 = (n: number): number => (n + 3) & ~3;
const pow3 = (v: number): number => 3 ** v;
const comps = (v: number): number => (pow3(v + 1) - 1) / 2;

/** Sizes a model's kernels are compiled for (WGSL private arrays need constant lengths). */
export interface ModelSizes {
  readonly P: number;
  readonly MAXV: number;
  /** Components of ranks 0..MAXV. */
  readonly TV: number;
  /** (MAXV + 1)·P: per-rank channel vectors of one edge. */
  readonly QV: number;
  /** 3^MAXV·P: hyper moments of one output rank. */
  readonly HMAX: number;
  readonly MAXW: number;
  /** Hidden activations of the widest MLP (z of every hidden layer). */
  readonly ACTMAX: number;
  readonly NBP: number;
  readonly PLAN_VEC4: number;
  /** Word where the atom types start in the model buffer. */
  readonly TYPES_AT: number;
  readonly LAYERS: number;
  /** Threads per workgroup of the cooperative kernels: a multiple of 32 ≥ every width (MAXW). */
  readonly WG: number;
}

/** Hidden widths (padded) summed over an MLP's hidden layers. */
function hiddenElems(header: Int32Array, lin: number, nlin: number): number {
  let n = 0;
  for (let k = 0; k < nlin - 1; k++) n += header[lin + k * LIN.SIZE + LIN.OUTP];
  return n;
}

/** Threads per workgroup and hidden layers per radial MLP the cooperative kernels allow. */
const MAX_WG = 256;
const MAX_RADIAL_HIDDEN = 8;

export function modelSizes(packed: PackedModel): ModelSizes {
  const h = packed.header;
  if (h[H.MAXW] > MAX_WG) throw new Error(`webgpu: layers of ${h[H.MAXW]} units are wider than a workgroup (${MAX_WG} threads); use --backend wasm`);
  if (h[H.RAD_NLIN] - 1 > MAX_RADIAL_HIDDEN) throw new Error(`webgpu: radial MLPs with ${h[H.RAD_NLIN] - 1} hidden layers (at most ${MAX_RADIAL_HIDDEN}); use --backend wasm`);
  const maxV = h[H.MAXV], P = h[H.P];
  let act = hiddenElems(h, h[H.HDR_OUT_MLP], h[H.OUT_NLIN]);
  for (let l = 0; l < h[H.LAYERS]; l++) {
    const lh = h[h[H.HDR_LAYERS] + l];
    act = Math.max(act, hiddenElems(h, h[lh + LAYER.HDR_PATHS] + PATH.LIN, h[H.RAD_NLIN]));
  }
  return {
    P, MAXV: maxV, TV: comps(maxV), QV: (maxV + 1) * P, HMAX: pow3(maxV) * P, MAXW: h[H.MAXW], ACTMAX: Math.max(act, 4),
    NBP: pad4(h[H.NB]), PLAN_VEC4: Math.ceil(h.length / 4), TYPES_AT: packed.f32.length, LAYERS: h[H.LAYERS],
    WG: Math.max(32, Math.ceil(h[H.MAXW] / 32) * 32),
  };
}

/** The WGSL constants of `sizes`, prepended to every model kernel after the layouts. */
export function sizesWgsl(s: ModelSizes): string {
  const names: (keyof ModelSizes)[] = ['P', 'MAXV', 'TV', 'QV', 'HMAX', 'MAXW', 'ACTMAX', 'NBP', 'PLAN_VEC4', 'TYPES_AT'];
  return names.map((k) => `const ${k}: i32 = ${s[k]};`).join('\n') + `\nconst WG: u32 = ${s.WG}u;\n`;
}

function upload(device: GPUDevice, data: ArrayBufferView & { byteLength: number }, usage: number, label: string): GPUBuffer {
  const size = Math.max(16, Math.ceil(data.byteLength / 16) * 16);
  const buf = device.createBuffer({ label, size, usage: usage | GPUBufferUsage.COPY_DST, mappedAtCreation: true });
  new Uint8Array(buf.getMappedRange()).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  buf.unmap();
  return buf;
}

/** The plan header as a uniform buffer (padded to whole vec4s). */
export function uploadPlan(device: GPUDevice, packed: PackedModel): GPUBuffer {
  const words = new Int32Array(Math.ceil(packed.header.length / 4) * 4);
  words.set(packed.header);
  return upload(device, words, GPUBufferUsage.UNIFORM, 'camp plan');
}

/** f32 weights, then the n type indices (u32): the kernels' `model` binding. */
export function uploadModel(device: GPUDevice, packed: PackedModel, types: Int32Array, n: number): GPUBuffer {
  const words = new Uint32Array(packed.f32.length + Math.max(n, 1));
  words.set(new Uint32Array(packed.f32.buffer, packed.f32.byteOffset, packed.f32.length));
  words.set(types.subarray(0, n), packed.f32.length);
  return upload(device, words, GPUBufferUsage.STORAGE, 'camp weights and types');
}
