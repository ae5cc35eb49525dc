// The evaluator's contract without ../shared: packing errors name the problem, inputs are
// checked, buffers are reused across calls, and the kernels are general in max_v (1..4),
// layer count, MLP depths and element count — checked on seeded synthetic models against the
// plain-TypeScript reference energy and finite differences of the Wasm energy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Atoms } from '../../host/atoms.js';
import { instantiateCore } from '../../host/backends/wasm/wasm.js';
import { Workspace } from '../../host/backends/wasm/workspace.js';
import { typeIndices, type CampModel, type Tensor } from '../../host/model/camp-model.js';
import { packModel } from '../../host/model/pack.js';
import { WasmCampEvaluator } from '../../host/backends/wasm/evaluator.js';
import { edgePointers, wasmEdgeSet } from '../../host/backends/wasm/edge-list.js';
import { bruteForceEdges, edgesIntoWorkspace } from '../support/model-edges.js';
import { referenceEnergy } from '../support/reference-camp.js';
import { syntheticAtoms, seededRandom, syntheticModel, type SyntheticModelOptions } from '../support/synthetic-model.js';

const ENERGY_REL_TOL = 1e-12; // f64 Wasm vs f64 TypeScript reference: summation order only
const FD_STEP = 1e-3; // Å, four-point central differences
const FORCE_FD_TOL = 1e-7; // eV/Å
const F32_REL_TOL = 1e-5; // f32 vs f64 energy, relative (a sanity bound; real-model f32 accuracy is tested against PyTorch)

const SHAPES: readonly SyntheticModelOptions[] = [
  { seed: 21, atomicNumbers: [1, 8], maxV: 1, numLayers: 2, nU: 5, radialHidden: [], outputHidden: [] },
  { seed: 22, atomicNumbers: [6], maxV: 2, numLayers: 1, nU: 7 },
  { seed: 23, atomicNumbers: [1, 6, 7, 8], maxV: 3, numLayers: 3, nU: 6, radialHidden: [5, 7, 3], perTypeEnergy: true },
  { seed: 24, atomicNumbers: [3, 15], maxV: 4, numLayers: 2, nU: 4, radialHidden: [6], outputHidden: [5, 3] },
];

async function setup(model: CampModel): Promise<{ ws: Workspace; ev: WasmCampEvaluator }> {
  const ws = new Workspace(await instantiateCore());
  return { ws, ev: new WasmCampEvaluator(ws, model) };
}

function evaluate(ws: Workspace, ev: WasmCampEvaluator, atoms: Atoms, precision: 'f64' | 'f32', forces: boolean) {
  const e = bruteForceEdges(atoms.positions, atoms.cell, atoms.pbc, ev.model.hparams.rCut);
  const r = ev.evaluate(atoms.numbers.length, typeIndices(ev.model.hparams, atoms.numbers), edgesIntoWorkspace(ws, e), { precision, forces, virial: forces });
  return { ...r, edges: e.count };
}

/** Distance of the closest pair to the cutoff (so a finite-difference step cannot cross it). */
function cutoffMargin(atoms: Atoms, rCut: number): number {
  const e = bruteForceEdges(atoms.positions, atoms.cell, atoms.pbc, rCut + 0.1);
  let m = Infinity;
  for (let k = 0; k < e.count; k++) m = Math.min(m, Math.abs(Math.hypot(e.vec[3 * k], e.vec[3 * k + 1], e.vec[3 * k + 2]) - rCut));
  return m;
}

for (const shape of SHAPES) {
  const label = `max_v ${shape.maxV}, ${shape.numLayers} layer(s), ${shape.atomicNumbers.length} element(s), radial hidden [${shape.radialHidden ?? [8, 8]}]`;
  test(`synthetic model (${label}): energy equals the reference, forces equal finite differences`, async () => {
    const model = syntheticModel(shape);
    const { ws, ev } = await setup(model);
    const rng = seededRandom(shape.seed * 7);
    const structures: Atoms[] = [
      syntheticAtoms(rng, { elements: shape.atomicNumbers, count: 7, box: 4.5, minDistance: 1.1 }),
      syntheticAtoms(rng, { elements: shape.atomicNumbers, count: 5, box: 4.4, periodic: true }),
    ];
    for (const atoms of structures) {
      const what = atoms.cell ? 'periodic' : 'cluster';
      const ref = referenceEnergy(model, atoms).energy;
      const a = evaluate(ws, ev, atoms, 'f64', true);
      assert.ok(a.edges > 0);
      assert.ok(Math.abs(a.energy - ref) <= ENERGY_REL_TOL * Math.abs(ref), `${what}: Wasm ${a.energy} eV, reference ${ref} eV`);
      assert.equal(evaluate(ws, ev, atoms, 'f64', false).energy, a.energy, `${what}: energy-only pass differs`);
      const b = evaluate(ws, ev, atoms, 'f32', true);
      assert.ok(Math.abs(b.energy - a.energy) <= F32_REL_TOL * Math.abs(a.energy), `${what}: f32 ${b.energy} vs f64 ${a.energy}`);
      assert.ok(cutoffMargin(atoms, model.hparams.rCut) > 4 * FD_STEP, `${what}: a pair lies within ${4 * FD_STEP} Å of r_cut; pick another seed`);
      for (let i = 0; i < atoms.numbers.length; i += 2) {
        for (let c = 0; c < 3; c++) {
          const at = (d: number): number => {
            const p = atoms.positions.slice();
            p[3 * i + c] += d;
            return evaluate(ws, ev, { ...atoms, positions: p }, 'f64', false).energy;
          };
          const fd = -(8 * (at(FD_STEP) - at(-FD_STEP)) - (at(2 * FD_STEP) - at(-2 * FD_STEP))) / (12 * FD_STEP);
          assert.ok(Math.abs(fd - a.forces![3 * i + c]) <= FORCE_FD_TOL, `${what}: F[${i}][${c}] = ${a.forces![3 * i + c]}, finite difference ${fd}`);
        }
      }
    }
  });
}

test('buffers are reused: repeated evaluations of the same size allocate nothing', async () => {
  const model = syntheticModel(SHAPES[2]);
  const { ws, ev } = await setup(model);
  const atoms = syntheticAtoms(seededRandom(5), { elements: SHAPES[2].atomicNumbers, count: 6, box: 4.4, periodic: true });
  const first = evaluate(ws, ev, atoms, 'f64', true);
  evaluate(ws, ev, atoms, 'f32', true);
  const used = ws.bytesUsed;
  for (const precision of ['f64', 'f32', 'f64'] as const) {
    const again = evaluate(ws, ev, atoms, precision, true);
    if (precision === 'f64') {
      assert.equal(again.energy, first.energy, 'the same call gives the same bits');
      assert.deepEqual(again.forces, first.forces);
    }
  }
  assert.equal(ws.bytesUsed, used, 'workspace grew on a call of the same size');
});

test('the virial is symmetric and zero without edges; lone atoms have no force', async () => {
  const model = syntheticModel(SHAPES[0]);
  const { ws, ev } = await setup(model);
  const atoms: Atoms = { numbers: [1, 8, 1], positions: Float64Array.from([0, 0, 0, 0.96, 0, 0, 30, 0, 0]), cell: null, pbc: [false, false, false] };
  const r = evaluate(ws, ev, atoms, 'f64', true);
  assert.deepEqual(Array.from(r.forces!.subarray(6, 9)), [0, 0, 0]);
  for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) assert.equal(r.virial![3 * a + b], r.virial![3 * b + a]);
  // The same element alone: no edges, no virial, and the same atomic energy as the far atom above.
  const alone = evaluate(ws, ev, { ...atoms, numbers: [1], positions: Float64Array.from([0, 0, 0]) }, 'f64', true);
  assert.equal(alone.edges, 0);
  assert.deepEqual(Array.from(alone.virial!), new Array(9).fill(0));
  assert.equal(alone.energy, r.energies[2]);
});

test('packing refuses malformed models, naming the tensor', () => {
  const model = syntheticModel(SHAPES[1]);
  const withTensor = (name: string, t: Tensor | null): CampModel => {
    const tensors = new Map(model.tensors);
    if (t) tensors.set(name, t);
    else tensors.delete(name);
    return { ...model, tensors };
  };
  const name = 'layers.0.atom_moment.radial_mlp.1_0_1.layers.2.weight';
  const t = model.tensors.get(name)!;
  assert.throws(() => packModel(withTensor(name, { ...t, shape: [t.shape[0], t.shape[1] + 1] })), new RegExp(`'${name.replace(/\./g, '\\.')}' has shape`));
  assert.throws(() => packModel(withTensor(name, null)), /no tensor 'layers\.0\.atom_moment\.radial_mlp\.1_0_1\.layers\.2\.weight'/);
  const nan = Float32Array.from(t.data as Float32Array);
  nan[3] = NaN;
  assert.throws(() => packModel(withTensor(name, { ...t, data: nan })), /non-finite value at flat index 3/);
  assert.throws(() => packModel({ ...model, hparams: { ...model.hparams, maxV: 5 } }), /max_v = 5/);
  assert.throws(() => packModel({ ...model, hparams: { ...model.hparams, numAverageNeigh: 0 } }), /num_average_neigh/);
});

test('evaluate refuses bad inputs with a clear error', async () => {
  const model = syntheticModel(SHAPES[0]);
  const { ws, ev } = await setup(model);
  const atoms: Atoms = { numbers: [1, 8], positions: Float64Array.from([0, 0, 0, 1, 0, 0]), cell: null, pbc: [false, false, false] };
  const edges = edgesIntoWorkspace(ws, bruteForceEdges(atoms.positions, null, null, model.hparams.rCut));
  const opts = { precision: 'f64', forces: true, virial: false } as const;
  assert.throws(() => ev.evaluate(2, Int32Array.from([0, 2]), edges, opts), /atom 1 has type index 2, outside 0\.\.1/);
  assert.throws(() => ev.evaluate(2, Int32Array.from([0]), edges, opts), /1 type indices for 2 atoms/);
  assert.throws(() => ev.evaluate(2, Int32Array.from([0, 1]), wasmEdgeSet(ws, edgePointers(edges, ws), 5, 2), opts), /edge rows cover 0\.\.2 but there are 5 edges/);
  // Edge sets are opaque handles: a copy (or another device's) is refused, not read as pointers.
  assert.throws(() => ev.evaluate(2, Int32Array.from([0, 1]), { ...edges }, opts), /not made in this Wasm device/);
  assert.throws(() => ev.evaluate(2, Int32Array.from([0, 1]), edges, { ...opts, precision: 'f16' as 'f32' }), /precision must be 'f64' or 'f32'/);
});
