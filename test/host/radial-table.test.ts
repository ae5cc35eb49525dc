// Tabulated radial mode (issue #14): the radial maps as quintic splines built in Wasm from the
// f64 model (f64 Hermite knots for f64 evaluations, f32 coefficients on a coarser grid for f32). Checked: accuracy against the exact evaluator (synthetic models, always)
// and against the PyTorch float64 references of every shared set (f64 forces within 1e-7 eV/Å;
// f32 no worse than PyTorch float32's own error); forces are the exact derivatives of the
// table-mode energy (finite differences, on a deliberately coarse grid where the spline differs
// visibly from the exact map); the cutoff jump is kept; same bits run to run, whatever the
// reverse pass keeps; bad options are refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Atoms } from '../../host/atoms.js';
import { instantiateCore } from '../../host/backends/wasm/wasm.js';
import { Workspace } from '../../host/backends/wasm/workspace.js';
import { loadCampModel } from '../../host/model/load.js';
import { typeIndices, type CampModel } from '../../host/model/camp-model.js';
import { WasmCampEvaluator, type ActivationMode, type EvaluateResult, type EvaluatorOptions } from '../../host/backends/wasm/evaluator.js';
import { DEFAULT_RADIAL_KNOTS, f32Knots } from '../../host/model/radial-table.js';
import { NeighborList } from '../../host/backends/wasm/neighbor-list.js';
import { needsShared, readShared, readSharedJson } from '../support/shared.js';
import { propertyStructures, seededRandom, syntheticAtoms, syntheticModel, type SyntheticModelOptions } from '../support/synthetic-model.js';

type Precision = 'f64' | 'f32';

const SHAPES: readonly SyntheticModelOptions[] = [
  { seed: 41, atomicNumbers: [1, 8], maxV: 1, numLayers: 2, nU: 5, radialHidden: [], outputHidden: [] },
  { seed: 42, atomicNumbers: [1, 6, 8], maxV: 2, numLayers: 2, nU: 6, dtype: 'float64' },
  { seed: 43, atomicNumbers: [1, 6, 7, 8], maxV: 3, numLayers: 3, nU: 6, radialHidden: [5, 7, 3], perTypeEnergy: true },
  { seed: 44, atomicNumbers: [3, 15], maxV: 4, numLayers: 2, nU: 4, radialHidden: [6], outputHidden: [5, 3] },
];

/** An evaluator with the core's own neighbour list (brute-force edges would take minutes for the 1536-atom cell). */
class Harness {
  private constructor(readonly ws: Workspace, readonly ev: WasmCampEvaluator, private readonly nl: NeighborList) {}
  static async create(model: CampModel, options: EvaluatorOptions = {}): Promise<Harness> {
    const ws = new Workspace(await instantiateCore());
    return new Harness(ws, new WasmCampEvaluator(ws, model, options), new NeighborList(ws, { cutoff: model.hparams.rCut }));
  }
  run(atoms: Atoms, precision: Precision, forces = true, activations?: ActivationMode): EvaluateResult & { edges: number } {
    const hp = this.ev.model.hparams;
    const e = this.nl.build(atoms);
    const r = this.ev.evaluate(atoms.numbers.length, typeIndices(hp, atoms.numbers), e, { precision, forces, virial: forces, activations });
    return { ...r, edges: e.count };
  }
}

const bytes = (a: Float64Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

function assertSameBits(a: EvaluateResult, b: EvaluateResult, what: string): void {
  for (const [name, x, y] of [
    ['energy', Float64Array.of(a.energy), Float64Array.of(b.energy)], ['energies', a.energies, b.energies],
    ['forces', a.forces!, b.forces!], ['virial', a.virial!, b.virial!],
  ] as const) {
    assert.ok(x.every(Number.isFinite), `${what}: ${name} not finite`);
    assert.ok(bytes(x).equals(bytes(y)), `${what}: ${name} differ`);
  }
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k] - b[k]));
  return m;
}

function withOddCluster(shape: SyntheticModelOptions): Atoms[] {
  const { cluster, periodic } = propertyStructures(shape);
  // 7 atoms: the last edge block is padded.
  return [cluster, periodic, syntheticAtoms(seededRandom(shape.seed), { elements: shape.atomicNumbers, count: 7, box: 4.5, minDistance: 1.1 })];
}

for (const shape of SHAPES) {
  test(`synthetic model (max_v ${shape.maxV}, ${shape.numLayers} layers, ${shape.atomicNumbers.length} elements, radial hidden [${shape.radialHidden ?? [8, 8]}]): table mode matches exact, same bits every run`, async () => {
    const model = syntheticModel(shape);
    const exact = await Harness.create(model), table = await Harness.create(model, { radial: 'table' });
    const again = await Harness.create(model, { radial: 'table' });
    for (const [k, atoms] of withOddCluster(shape).entries()) {
      const x64 = exact.run(atoms, 'f64');
      for (const precision of ['f64', 'f32'] as const) {
        const what = `structure ${k}, ${precision}`;
        const t = table.run(atoms, precision);
        // f64: spline error only; f32: its rounding dominates (O(1) energies and forces).
        const tol = precision === 'f64' ? 1e-9 : 2e-4;
        assert.ok(Math.abs(t.energy - x64.energy) <= tol * Math.max(1, Math.abs(x64.energy)), `${what}: E ${t.energy} vs exact ${x64.energy}`);
        assert.ok(maxDiff(t.forces!, x64.forces!) <= tol, `${what}: forces differ from exact by ${maxDiff(t.forces!, x64.forces!).toExponential(2)} eV/Å`);
        assert.ok(maxDiff(t.virial!, x64.virial!) <= tol, `${what}: virial differs from exact by ${maxDiff(t.virial!, x64.virial!).toExponential(2)} eV`);
        // Determinism: another core instance, and whatever the reverse pass is allowed to keep.
        assertSameBits(again.run(atoms, precision), t, `${what}, second instance`);
        for (const mode of ['store', 'adjoints', 'recompute'] as const) assertSameBits(table.run(atoms, precision, true, mode), t, `${what}, activations '${mode}'`);
        assert.equal(table.run(atoms, precision, false).energy, t.energy, `${what}: energy-only pass`);
      }
      // The exact evaluator is untouched by tables elsewhere in the process.
      assertSameBits(exact.run(atoms, 'f64'), x64, `structure ${k}, exact again`);
    }
  });
}

/** (8(f(h) - f(-h)) - (f(2h) - f(-2h))) / 12h */
function derivative(f: (d: number) => number, h: number): number {
  return (8 * (f(h) - f(-h)) - (f(2 * h) - f(-2 * h))) / (12 * h);
}

test('table-mode forces and virial are the derivatives of the table-mode energy (coarse 24-knot grid)', async () => {
  const shape = SHAPES[2];
  const model = syntheticModel(shape);
  const coarse = await Harness.create(model, { radial: 'table', radialKnots: 24 }), exact = await Harness.create(model);
  const atoms = propertyStructures(shape).cluster;
  const base = coarse.run(atoms, 'f64');
  // The coarse spline is visibly not the exact map, so agreement below is the spline's own.
  const off = maxDiff(base.forces!, exact.run(atoms, 'f64').forces!);
  assert.ok(off > 1e-4, `24 knots should differ visibly from exact (forces differ by ${off.toExponential(2)})`);
  let worst = 0;
  for (let i = 0; i < atoms.numbers.length; i++) {
    for (let c = 0; c < 3; c++) {
      const fd = -derivative((d) => {
        const p = atoms.positions.slice();
        p[3 * i + c] += d;
        const r = coarse.run({ ...atoms, positions: p }, 'f64', false);
        assert.equal(r.edges, base.edges, 'a displacement changed the edge set');
        return r.energy;
      }, 1e-4);
      worst = Math.max(worst, Math.abs(fd - base.forces![3 * i + c]));
    }
  }
  assert.ok(worst <= 1e-7, `forces differ from finite differences of the table energy by ${worst.toExponential(2)} eV/Å`);
});

test('the cutoff jump is kept: a pair just inside r_cut jumps the energy as in exact mode', async () => {
  const shape = SHAPES[1];
  const model = syntheticModel(shape);
  const exact = await Harness.create(model), table = await Harness.create(model, { radial: 'table' });
  const rc = model.hparams.rCut;
  const dimer = (d: number): Atoms => ({ numbers: [1, 8], positions: Float64Array.from([0, 0, 0, d, 0, 0]), cell: null, pbc: [false, false, false] });
  for (const precision of ['f64', 'f32'] as const) {
    const jump = (h: Harness): number => h.run(dimer(rc * (1 - 1e-12)), precision, false).energy - h.run(dimer(rc * 1.001), precision, false).energy;
    const x = jump(exact), t = jump(table);
    assert.ok(Math.abs(x) > 1e-3, `the synthetic model has a cutoff jump (${x} eV)`);
    assert.ok(Math.abs(t - x) <= (precision === 'f64' ? 1e-12 : 1e-5), `${precision}: jump ${t} eV in table mode, ${x} eV exact`);
  }
});

test('each precision reads its own tables, built on its first use: f32 ones a third the knots and a third the bytes of f64', async () => {
  const shape = SHAPES[1];
  const model = syntheticModel(shape);
  const h = await Harness.create(model, { radial: 'table' });
  const table = h.ev.table!;
  assert.equal(table.bytes, 0, 'tables built before any evaluation');
  const atoms = propertyStructures(shape).cluster;
  const a = h.run(atoms, 'f32');
  assert.equal(table.bytes, table.bytesFor('f32'), 'an f32 evaluation should build the f32 tables only');
  assert.equal(table.forPrecision('f32').knots, f32Knots(DEFAULT_RADIAL_KNOTS));
  // (K/3 - 1) intervals × 6 f32 coefficients against K knots × 3 f64 values.
  const ratio = table.bytesFor('f32') / table.bytesFor('f64');
  assert.ok(Math.abs(ratio - ((f32Knots(DEFAULT_RADIAL_KNOTS) - 1) * 24) / (DEFAULT_RADIAL_KNOTS * 24)) < 1e-3, `f32/f64 table bytes ${ratio}`);
  h.run(atoms, 'f64');
  assert.equal(table.bytes, table.bytesFor('f32') + table.bytesFor('f64'));
  // Building the f64 tables leaves the f32 ones (and their results) as they were.
  assertSameBits(h.run(atoms, 'f32'), a, 'f32 after the f64 tables were built');
});

test('new weights (replaceWeights) rebuild the tables: results equal a fresh table-mode evaluator of the new model', async () => {
  const shape = SHAPES[1];
  const [a, b] = [syntheticModel(shape), syntheticModel({ ...shape, seed: shape.seed + 100 })];
  const h = await Harness.create(a, { radial: 'table' }), fresh = await Harness.create(b, { radial: 'table' });
  const atoms = propertyStructures(shape).cluster;
  for (const precision of ['f64', 'f32'] as const) h.run(atoms, precision);
  h.ev.replaceWeights(b);
  for (const precision of ['f64', 'f32'] as const) assertSameBits(h.run(atoms, precision), fresh.run(atoms, precision), `${precision} after replaceWeights`);
});

test('bad radial options are refused naming the option', async () => {
  const model = syntheticModel(SHAPES[0]);
  const ws = new Workspace(await instantiateCore());
  assert.throws(() => new WasmCampEvaluator(ws, model, { radial: 'fast' as never }), /radial must be one of 'exact', 'table', got 'fast'/);
  for (const k of [1, 2.5, -3, 2 ** 21, Number.NaN]) {
    assert.throws(() => new WasmCampEvaluator(ws, model, { radial: 'table', radialKnots: k }), /radialKnots must be an integer from 2 to/);
  }
});

// ---- the shared checkpoints against PyTorch ----

interface Output { energy?: number; forces?: number[][]; stress?: number[][] | null; error?: string }
interface Structure {
  name: string; numbers: number[]; positions: number[][]; cell: number[][] | null; pbc: [boolean, boolean, boolean];
  results: { float64: Output; float32: Output };
}

const SETS: ReadonlyArray<[string, string]> = [
  ['md17-aspirin', 'md17-aspirin__rdkit'],
  ['md17-naphthalene', 'md17-naphthalene__rdkit'],
  ['lips-10', 'lips-10__lips'],
  ['water', 'water__water_edge'],
  ['water', 'water__water_test'],
];

const F64_FORCE_TOL = 1e-7; // eV/Å (issue #14)

/** Half an ulp of x as a float32: PyTorch float32 cannot be more accurate than that. */
function halfUlp32(x: number): number {
  return 2 ** (Math.floor(Math.log2(Math.max(Math.abs(x), 2 ** -126))) - 24);
}

function volume(c: number[][]): number {
  const [a, b, d] = c;
  return Math.abs(a[0] * (b[1] * d[2] - b[2] * d[1]) - a[1] * (b[0] * d[2] - b[2] * d[0]) + a[2] * (b[0] * d[1] - b[1] * d[0]));
}

/** Voigt-free comparison: max |W/V - σ| over the 3×3. */
function stressErr(virial: Float64Array, V: number, s: number[][]): number {
  let m = 0;
  for (let q = 0; q < 9; q++) m = Math.max(m, Math.abs(virial[q] / V - s[Math.floor(q / 3)][q % 3]));
  return m;
}

for (const [name, set] of SETS) {
  test(`${set}: table mode vs PyTorch float64 (f64 forces ≤ 1e-7 eV/Å; f32 no worse than PyTorch float32)`, needsShared, async (t) => {
    const model = loadCampModel(readShared('models', `${name}.ckpt`), { file: `${name}.ckpt` });
    const h = await Harness.create(model, { radial: 'table' });
    const all = readSharedJson<{ structures: Structure[] }>('reference', `${set}.json`).structures;
    const picked = all.filter((s, k) => s.results.float64.error === undefined && (set !== 'water__water_test' || k % 8 === 0));
    const worst = { e: 0, f: 0, s: 0, e32: 0, f32: 0, s32: 0 };
    for (const s of picked) {
      const atoms: Atoms = { numbers: s.numbers, positions: Float64Array.from(s.positions.flat()), cell: s.cell ? Float64Array.from(s.cell.flat()) : null, pbc: s.pbc };
      const r64 = s.results.float64, r32 = s.results.float32;
      const a = h.run(atoms, 'f64');
      const fErr = maxDiff(a.forces!, r64.forces!.flat());
      assert.ok(fErr <= F64_FORCE_TOL, `${s.name}: f64 table forces differ from PyTorch float64 by ${fErr.toExponential(2)} eV/Å`);
      const eErr = Math.abs(a.energy - r64.energy!);
      assert.ok(eErr <= 1e-9 * Math.abs(r64.energy!), `${s.name}: f64 table energy ${a.energy}, PyTorch ${r64.energy}`);
      worst.e = Math.max(worst.e, eErr);
      worst.f = Math.max(worst.f, fErr);
      const b = h.run(atoms, 'f32');
      const torchE = Math.max(Math.abs(Math.fround(r32.energy!) - r64.energy!), halfUlp32(r64.energy!));
      const oursE = Math.abs(b.energy - r64.energy!);
      const f64flat = r64.forces!.flat(), f32flat = r32.forces!.flat().map(Math.fround);
      const torchF = Math.max(maxDiff(f32flat, f64flat), halfUlp32(Math.max(...f64flat.map(Math.abs))));
      const oursF = maxDiff(b.forces!, f64flat);
      assert.ok(oursE <= torchE, `${s.name}: f32 table energy error ${oursE.toExponential(2)} eV > PyTorch float32's ${torchE.toExponential(2)}`);
      assert.ok(oursF <= torchF, `${s.name}: f32 table force error ${oursF.toExponential(2)} eV/Å > PyTorch float32's ${torchF.toExponential(2)}`);
      worst.e32 = Math.max(worst.e32, oursE / torchE);
      worst.f32 = Math.max(worst.f32, oursF / torchF);
      if (r64.stress && r32.stress) {
        const V = volume(s.cell!);
        const sErr = stressErr(a.virial!, V, r64.stress);
        assert.ok(sErr <= 1e-9, `${s.name}: f64 table stress differs by ${sErr.toExponential(2)} eV/Å³`);
        worst.s = Math.max(worst.s, sErr);
        const torchS = Math.max(stressErr(Float64Array.from(r32.stress.flat().map((x) => Math.fround(x) * V)), V, r64.stress), halfUlp32(Math.max(...r64.stress.flat().map(Math.abs))));
        const oursS = stressErr(b.virial!, V, r64.stress);
        assert.ok(oursS <= torchS, `${s.name}: f32 table stress error ${oursS.toExponential(2)} eV/Å³ > PyTorch float32's ${torchS.toExponential(2)}`);
        worst.s32 = Math.max(worst.s32, oursS / torchS);
      }
    }
    assert.ok(picked.length > 0, 'no structure evaluated');
    const mib = (p: Precision) => (h.ev.table!.bytesFor(p) / 2 ** 20).toFixed(1);
    t.diagnostic(`${picked.length} structures; tables: f64 ${DEFAULT_RADIAL_KNOTS} knots, ${mib('f64')} MiB; f32 ${f32Knots(DEFAULT_RADIAL_KNOTS)} knots, ${mib('f32')} MiB`);
    t.diagnostic(`f64: max |ΔE| ${worst.e.toExponential(2)} eV, |ΔF| ${worst.f.toExponential(2)} eV/Å, |Δσ| ${worst.s.toExponential(2)} eV/Å³`);
    t.diagnostic(`f32: worst error / PyTorch float32's: energy ${worst.e32.toFixed(3)}, forces ${worst.f32.toFixed(3)}, stress ${worst.s32.toFixed(3)}`);
  });
}
