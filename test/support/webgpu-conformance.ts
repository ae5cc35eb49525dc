// The WebGPU model against the PyTorch references (test/host/webgpu-model*.test.ts): a harness
// evaluating reference structures on the GPU with brute-force edges, and one conformance test
// per reference set — energies and forces within F32_FACTOR × PyTorch float32's own error,
// stress close to float64.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GpuHandle } from '../../host/backends/webgpu/adapter.js';
import { WebGpuEvaluator } from '../../host/backends/webgpu/evaluator.js';
import type { KernelMapping } from '../../host/backends/webgpu/model-kernels.js';
import { loadCampModel } from '../../host/model/load.js';
import { typeIndices, type CampModel } from '../../host/model/camp-model.js';
import type { EdgeSet, EvaluateResult } from '../../host/backends/backend.js';
import { bruteForceEdges } from './model-edges.js';
import { readShared, readSharedJson } from './shared.js';
import { F32_FACTOR, maxAbs, torchF32Errors } from './f32-criterion.js';
import type { BruteEdges } from './brute-neighbors.js';

export interface Output { energy?: number; forces?: number[][]; stress?: number[][] | null; error?: string }
export interface Structure { name: string; numbers: number[]; positions: number[][]; cell: number[][] | null; pbc: [boolean, boolean, boolean]; results: { float64: Output; float32: Output } }

export class GpuHarness {
  private readonly hosts = new WeakMap<EdgeSet, BruteEdges>();
  private constructor(readonly model: CampModel, readonly evaluator: WebGpuEvaluator) {}
  static async create(gpu: GpuHandle, name: string, mapping: KernelMapping = 'atoms'): Promise<GpuHarness> {
    const model = loadCampModel(readShared('models', `${name}.ckpt`), { file: `${name}.ckpt` });
    let h: GpuHarness | undefined;
    const evaluator = await WebGpuEvaluator.create(gpu.device, model, (e) => h!.hosts.get(e)!, mapping);
    h = new GpuHarness(model, evaluator);
    return h;
  }
  run(s: Structure): Promise<EvaluateResult> {
    const e = bruteForceEdges(s.positions.flat(), s.cell?.flat(), s.pbc, this.model.hparams.rCut);
    const set: EdgeSet = { n: e.n, count: e.count };
    this.hosts.set(set, e);
    return this.evaluator.evaluate(s.numbers.length, typeIndices(this.model.hparams, s.numbers), set, { precision: 'f32', forces: true, virial: true });
  }
}

function volume(cell: number[][]): number {
  const [a, b, c] = cell;
  return Math.abs(a[0] * (b[1] * c[2] - b[2] * c[1]) - a[1] * (b[0] * c[2] - b[2] * c[0]) + a[2] * (b[0] * c[1] - b[1] * c[0]));
}

export interface RefSet {
  readonly model: string;
  readonly set: string;
  /** Which structures (index, structure) this run evaluates. */
  readonly pick: (k: number, s: Structure) => boolean;
  /** A set that may pick none in this run. */
  readonly mayBeEmpty?: boolean;
}

/** One conformance test per set, on `gpu` with the kernels of `mapping`. */
export function conformanceTests(gpu: GpuHandle | string, skip: { skip: string | false }, sets: readonly RefSet[], mapping: KernelMapping = 'atoms'): void {
  for (const ref of sets) {
    test(`WebGPU (${mapping}) vs PyTorch ${ref.set}: f32 energies and forces within ${F32_FACTOR}× PyTorch float32's error, stress close`, skip, async (t) => {
      const h = await GpuHarness.create(gpu as GpuHandle, ref.model, mapping);
      const structures = readSharedJson<{ structures: Structure[] }>('reference', `${ref.set}.json`).structures;
      let count = 0, worstE = 0, worstF = 0, worstS = 0;
      for (const [k, s] of structures.entries()) {
        const r64 = s.results.float64;
        if (!ref.pick(k, s) || r64.error !== undefined) continue;
        count++;
        const r = await h.run(s);
        const torch = torchF32Errors(r64, s.results.float32);
        const eErr = Math.abs(r.energy - r64.energy!), fErr = maxAbs(r.forces!, r64.forces!);
        assert.ok(eErr <= F32_FACTOR * torch.energy, `${s.name}: energy error ${eErr.toExponential(2)} eV > ${F32_FACTOR}× PyTorch float32's ${torch.energy.toExponential(2)}`);
        assert.ok(fErr <= F32_FACTOR * torch.forces, `${s.name}: force error ${fErr.toExponential(2)} eV/Å > ${F32_FACTOR}× PyTorch float32's ${torch.forces.toExponential(2)}`);
        worstE = Math.max(worstE, eErr / torch.energy);
        worstF = Math.max(worstF, fErr / torch.forces);
        if (r64.stress) {
          // PyTorch's float32 stress is not in the references: bound by f32 rounding of the virial sum.
          const V = volume(s.cell!);
          let sErr = 0, sMax = 0;
          for (let q = 0; q < 9; q++) {
            const ref64 = r64.stress[Math.floor(q / 3)][q % 3];
            sErr = Math.max(sErr, Math.abs(r.virial![q] / V - ref64));
            sMax = Math.max(sMax, Math.abs(ref64));
          }
          assert.ok(sErr <= 1e-5 * Math.max(sMax, 1e-2), `${s.name}: stress error ${sErr.toExponential(2)} eV/Å³ (largest component ${sMax.toExponential(2)})`);
          worstS = Math.max(worstS, sErr);
        }
      }
      assert.ok(count > 0 || ref.mayBeEmpty, 'no structure evaluated');
      t.diagnostic(`${count} structures; worst error / PyTorch float32's: energy ${worstE.toFixed(3)}, forces ${worstF.toFixed(3)}; max stress error ${worstS.toExponential(2)} eV/Å³`);
    });
  }
}
