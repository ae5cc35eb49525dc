// A Lennard-Jones GpuForcePass (shaders/potentials/pair-lj.wgsl) from a `lj:` pair spec (the
// CLI's `--model lj:...`): the force pass of GPU MD tests and benchmarks before a model's.
// The cutoff terms φ(rc), φ'(rc) of the shift modes are computed here in f64, as pair.ts does.
import type { EncodeOptions, GpuEdges, GpuForceOutputs, GpuForcePass } from './gpu-contract.js';
import { parsePairSpec, type PairSpec } from '../../calculators/pair-spec.js';
import { Kernels, dispatch } from './kernels.js';
import { LJ_UNIFORM } from '../../generated/layouts.js';

/** φ(r) and φ'(r) of LJ, eV and eV/Å. */
function lj(eps: number, sigma: number, r: number): [number, number] {
  const s2 = (sigma * sigma) / (r * r);
  const s6 = s2 * s2 * s2;
  const s12 = s6 * s6;
  return [4 * eps * (s12 - s6), ((4 * eps) / r) * (6 * s6 - 12 * s12)];
}

export class LjForcePass implements GpuForcePass {
  readonly spec: PairSpec;
  private readonly params: GPUBuffer;
  private readonly pipeline: GPUComputePipeline;
  private cached: { edges: GpuEdges; row: GPUBuffer; vec: GPUBuffer; out: GpuForceOutputs; group: GPUBindGroup } | null = null;

  /** `spec`: 'lj:epsilon=…,sigma=…,cutoff=…[,shift=none|energy|force]'. */
  constructor(private readonly kernels: Kernels, readonly n: number, spec: string) {
    this.spec = parsePairSpec(spec);
    if (this.spec.kind !== 'lj') throw new Error(`webgpu pair force pass: only lj: specs run on the GPU, got '${spec}'`);
    const { p0: eps, p1: sigma, cutoff, shift } = this.spec;
    const [phiC, dphiC] = lj(eps, sigma, cutoff);
    const words = new ArrayBuffer(4 * LJ_UNIFORM.WORDS), f = new Float32Array(words);
    new Uint32Array(words)[LJ_UNIFORM.n] = n;
    f.set([eps, sigma, cutoff, Math.fround(cutoff) * Math.fround(cutoff)], LJ_UNIFORM.params);
    f.set([shift === 'none' ? 0 : phiC, shift === 'force' ? dphiC : 0], LJ_UNIFORM.shift);
    this.params = kernels.uniform(new Uint32Array(words), 'lj.params');
    this.pipeline = kernels.pipeline('potentials/pair-lj.wgsl');
  }

  /** The cutoff, Å: the neighbour list's must be at least this. */
  get cutoff(): number {
    return this.spec.cutoff;
  }

  encode(encoder: GPUCommandEncoder, edges: GpuEdges, out: GpuForceOutputs, options: EncodeOptions = {}): void {
    if (edges.n !== this.n) throw new Error(`webgpu pair force pass: made for ${this.n} atoms, given edges of ${edges.n}`);
    if (!out.forces) throw new Error('webgpu pair force pass: needs a forces buffer (energies-only is not implemented)');
    if (out.virial) throw new Error('webgpu pair force pass: the virial is not implemented (MD at fixed cell needs none)');
    let c = this.cached;
    if (!c || c.edges !== edges || c.row !== edges.row || c.vec !== edges.vec || c.out.energies !== out.energies || c.out.forces !== out.forces) {
      const group = this.kernels.bind(this.pipeline, [this.params, edges.row, edges.vec, out.energies, out.forces]);
      c = { edges, row: edges.row, vec: edges.vec, out, group };
      this.cached = c;
    }
    const pass = encoder.beginComputePass();
    dispatch(pass, this.pipeline, c.group, this.n, options.gate);
    pass.end();
  }

  destroy(): void {
    this.params.destroy();
  }
}
