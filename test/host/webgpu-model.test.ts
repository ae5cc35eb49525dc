// The CAMP model on WebGPU (SwiftShader here) against the PyTorch float64 references of every
// shared set: energy and forces no worse than 2× PyTorch float32's own error (the Wasm f32
// criterion, test/support/f32-criterion.ts), stress compared with the Wasm f32 core's own
// error; the same evaluation twice gives the same bits. SwiftShader runs the kernels on the
// CPU, so the default picks a few structures per set (the 192- and 1536-atom water boxes only
// and water_test with CAMPJS_FULL=1: ~20-40 s each here); edges come from the brute-force search of test/support/model-edges.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testGpu } from '../support/webgpu.js';
import { WebGpuEvaluator } from '../../host/backends/webgpu/evaluator.js';
import { loadCampModel } from '../../host/model/load.js';
import { typeIndices, type CampModel } from '../../host/model/camp-model.js';
import type { EdgeSet, EvaluateResult } from '../../host/backends/backend.js';
import { bruteForceEdges } from '../support/model-edges.js';
import { needsShared, readShared, readSharedJson, haveShared } from '../support/shared.js';
import { F32_FACTOR, maxAbs, torchF32Errors } from '../support/f32-criterion.js';
import type { BruteEdges } from '../support/brute-neighbors.js';

const FULL = process.env.CAMPJS_FULL === '1';
const gpu = haveShared ? await testGpu() : 'no ../shared';
const skip = typeof gpu === 'string' ? { skip: gpu } : needsShared;

interface Output { energy?: number; forces?: number[][]; stress?: number[][] | null; error?: string }
interface Structure { name: string; numbers: number[]; positions: number[][]; cell: number[][] | null; pbc: [boolean, boolean, boolean]; results: { float64: Output; float32: Output } }

const SETS = [
  { model: 'md17-aspirin', set: 'md17-aspirin__rdkit', pick: (k: number) => FULL || k === 0 },
  { model: 'md17-naphthalene', set: 'md17-naphthalene__rdkit', pick: (k: number) => FULL || k === 0 },
  { model: 'lips-10', set: 'lips-10__lips', pick: (k: number) => FULL || k === 0 },
  { model: 'water', set: 'water__water_edge', pick: (k: number, s: Structure) => FULL || s.numbers.length < 100 },
  { model: 'water', set: 'water__water_test', pick: (k: number) => FULL && k % 16 === 0 },
];

class GpuHarness {
  private readonly hosts = new WeakMap<EdgeSet, BruteEdges>();
  private constructor(readonly model: CampModel, readonly evaluator: WebGpuEvaluator) {}
  static async create(name: string, hosts?: GpuHarness): Promise<GpuHarness> {
    const model = loadCampModel(readShared('models', `${name}.ckpt`), { file: `${name}.ckpt` });
    let h: GpuHarness | undefined = hosts;
    const evaluator = await WebGpuEvaluator.create((gpu as Exclude<typeof gpu, string>).device, model, (e) => h!.hosts.get(e)!);
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

for (const ref of SETS) {
  test(`WebGPU vs PyTorch ${ref.set}: f32 energies and forces within ${F32_FACTOR}× PyTorch float32's error, stress close`, skip, async (t) => {
    const h = await GpuHarness.create(ref.model);
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
    assert.ok(count > 0 || !FULL && ref.set === 'water__water_test', 'no structure evaluated');
    t.diagnostic(`${count} structures; worst error / PyTorch float32's: energy ${worstE.toFixed(3)}, forces ${worstF.toFixed(3)}; max stress error ${worstS.toExponential(2)} eV/Å³`);
  });
}

test('WebGPU: the same evaluation twice gives the same bits (aspirin)', skip, async () => {
  const h = await GpuHarness.create('md17-aspirin');
  const s = readSharedJson<{ structures: Structure[] }>('reference', 'md17-aspirin__rdkit.json').structures[0];
  const a = await h.run(s), b = await h.run(s);
  assert.ok(a.energies.every((x, i) => Object.is(x, b.energies[i])), 'atomic energies differ');
  assert.ok(a.forces!.every((x, i) => Object.is(x, b.forces![i])), 'forces differ');
  assert.ok(a.virial!.every((x, i) => Object.is(x, b.virial![i])), 'virial differs');
  assert.ok(a.forces!.some((x) => x !== 0), 'forces are all zero');
});

test('WebGPU: an atom without neighbours gets the isolated-atom energy and no force (water)', skip, async () => {
  const h = await GpuHarness.create('water');
  const byName = new Map(readSharedJson<{ structures: Structure[] }>('reference', 'water__water_edge.json').structures.map((s) => [s.name, s]));
  const WATER_LONE_O = -153.25694382845882; // CAMP-SPEC.md, "Atoms without neighbours" (f64)
  for (const [name, lone] of [['O_alone', 0], ['h2o_then_O_last_10A', 3]] as const) {
    const r = await h.run(byName.get(name)!);
    assert.ok(Math.abs(r.energies[lone] - WATER_LONE_O) <= 1e-6 * Math.abs(WATER_LONE_O), `${name}: lone atom energy ${r.energies[lone]}`);
    assert.deepEqual(Array.from(r.forces!.subarray(3 * lone, 3 * lone + 3)), [0, 0, 0], `${name}: force on the lone atom`);
  }
});

test('WebGPU: an error of the device is reported by the call, not read back as numbers', skip, async () => {
  const h = await GpuHarness.create('md17-naphthalene');
  const s = readSharedJson<{ structures: Structure[] }>('reference', 'md17-naphthalene__rdkit.json').structures[0];
  await h.run(s);
  // White-box: the evaluator's energies buffer destroyed under it makes the next submit invalid.
  (h.evaluator as unknown as { outputs: { energies: GPUBuffer } }).outputs.energies.destroy();
  await assert.rejects(h.run(s), /webgpu: the device refused the model's work for 18 atoms and \d+ edges \(.+\)/);
});
