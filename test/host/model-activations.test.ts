// Keeping the radial MLPs' activations for the reverse pass (the activation store), and the
// adjoints of mixed-type edges (the mixed-edge store), is a speed and memory choice only:
// energy, atomic energies, forces and virial must be the same BITS as when the reverse pass
// recomputes them. Checked in f64 and f32 on synthetic models (mixed and
// single element, no hidden layer, deep MLPs, max_v 1..4) and on the real checkpoints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Atoms } from '../../host/atoms.js';
import { instantiateCore } from '../../host/backends/wasm/wasm.js';
import { Workspace } from '../../host/backends/wasm/workspace.js';
import { loadCampModel } from '../../host/model/load.js';
import { typeIndices, type CampModel } from '../../host/model/camp-model.js';
import { WasmCampEvaluator, type ActivationMode, type EvaluateResult } from '../../host/backends/wasm/evaluator.js';
import { CampCalculator } from '../../host/calculators/camp-calculator.js';
import { bruteForceEdges, edgesIntoWorkspace } from '../support/model-edges.js';
import { needsShared, readShared, readSharedJson } from '../support/shared.js';
import { propertyStructures, syntheticAtoms, seededRandom, syntheticModel, type SyntheticModelOptions } from '../support/synthetic-model.js';

const SHAPES: readonly SyntheticModelOptions[] = [
  { seed: 31, atomicNumbers: [1, 8], maxV: 1, numLayers: 2, nU: 5, radialHidden: [], outputHidden: [] },
  { seed: 32, atomicNumbers: [6], maxV: 2, numLayers: 1, nU: 7 },
  { seed: 33, atomicNumbers: [1, 6, 7, 8], maxV: 3, numLayers: 3, nU: 6, radialHidden: [5, 7, 3], perTypeEnergy: true },
  { seed: 34, atomicNumbers: [3, 15], maxV: 4, numLayers: 2, nU: 4, radialHidden: [6], outputHidden: [5, 3] },
];

function run(ws: Workspace, ev: WasmCampEvaluator, atoms: Atoms, precision: 'f64' | 'f32', activations: ActivationMode): EvaluateResult {
  const e = bruteForceEdges(atoms.positions, atoms.cell, atoms.pbc, ev.model.hparams.rCut);
  assert.ok(e.count > 0, 'the structure has edges');
  return ev.evaluate(atoms.numbers.length, typeIndices(ev.model.hparams, atoms.numbers), edgesIntoWorkspace(ws, e),
    { precision, forces: true, virial: true, activations });
}

const bytes = (a: Float64Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Same bits of every output (a NaN anywhere fails: the outputs must also be finite). */
function assertSameBits(a: EvaluateResult, b: EvaluateResult, what: string): void {
  for (const [name, x, y] of [
    ['energy', Float64Array.of(a.energy), Float64Array.of(b.energy)],
    ['energies', a.energies, b.energies],
    ['forces', a.forces!, b.forces!],
    ['virial', a.virial!, b.virial!],
  ] as const) {
    assert.ok(x.every(Number.isFinite), `${what}: ${name} not finite`);
    assert.ok(bytes(x).equals(bytes(y)), `${what}: ${name} differ between kept and recomputed values`);
  }
}

async function checkModel(model: CampModel, structures: readonly Atoms[], label: string): Promise<void> {
  const ws = new Workspace(await instantiateCore());
  const ev = new WasmCampEvaluator(ws, model);
  for (const [k, atoms] of structures.entries()) {
    for (const precision of ['f64', 'f32'] as const) {
      const stored = run(ws, ev, atoms, precision, 'store');
      const recomputed = run(ws, ev, atoms, precision, 'recompute');
      assertSameBits(stored, recomputed, `${label}, structure ${k}, ${precision}`);
      assertSameBits(run(ws, ev, atoms, precision, 'adjoints'), recomputed, `${label}, structure ${k}, ${precision}, adjoints kept`);
      // And again in the other order: nothing carries over between calls.
      assertSameBits(run(ws, ev, atoms, precision, 'store'), recomputed, `${label}, structure ${k}, ${precision}, repeated`);
    }
  }
}

for (const shape of SHAPES) {
  test(`synthetic model (max_v ${shape.maxV}, ${shape.numLayers} layers, ${shape.atomicNumbers.length} elements, radial hidden [${shape.radialHidden ?? [8, 8]}]): stored activations give the same bits`, async () => {
    const { cluster, periodic } = propertyStructures(shape);
    // A 7-atom cluster: 7 edges pad the last block of four edges.
    const odd = syntheticAtoms(seededRandom(shape.seed), { elements: shape.atomicNumbers, count: 7, box: 4.5, minDistance: 1.1 });
    await checkModel(syntheticModel(shape), [cluster, periodic, odd], `synthetic seed ${shape.seed}`);
  });
}

interface RefStructure { numbers: number[]; positions: number[][]; cell: number[][] | null; pbc: [boolean, boolean, boolean] }

const REAL: ReadonlyArray<[string, string]> = [
  ['md17-aspirin', 'md17-aspirin__rdkit'],
  ['md17-naphthalene', 'md17-naphthalene__rdkit'],
  ['lips-10', 'lips-10__lips'],
  ['water', 'water__water_edge'],
];

for (const [name, set] of REAL) {
  test(`${name}.ckpt: stored activations give the same bits as recomputed ones`, needsShared, async () => {
    const model = loadCampModel(readShared('models', `${name}.ckpt`), { file: `${name}.ckpt` });
    const all = readSharedJson<{ structures: RefStructure[] }>('reference', `${set}.json`).structures;
    const picked = all.filter((s) => s.numbers.length <= 200).slice(0, 2);
    assert.ok(picked.length > 0, `${set}: no structure of at most 200 atoms`);
    const structures: Atoms[] = picked.map((s) => ({
      numbers: s.numbers, positions: Float64Array.from(s.positions.flat()), cell: s.cell ? Float64Array.from(s.cell.flat()) : null, pbc: s.pbc,
    }));
    await checkModel(model, structures, name);
  });
}

test("'auto' keeps activations and mixed-edge adjoints only within the evaluator's budget", async () => {
  const shape = SHAPES[2];
  const model = syntheticModel(shape);
  const atoms = propertyStructures(shape).periodic;
  const grown = async (budget: number | undefined, activations: ActivationMode): Promise<number> => {
    const ws = new Workspace(await instantiateCore());
    const ev = new WasmCampEvaluator(ws, model, budget === undefined ? {} : { activationBudget: budget });
    const before = ws.bytesUsed;
    run(ws, ev, atoms, 'f64', activations);
    return ws.bytesUsed - before;
  };
  const recompute = await grown(undefined, 'recompute'), store = await grown(undefined, 'store');
  assert.ok(store > recompute, `the store takes memory (${store} vs ${recompute} bytes)`);
  assert.equal(await grown(undefined, 'auto'), store, 'a small system fits the default budget');
  assert.equal(await grown(0, 'auto'), recompute, 'a zero budget recomputes');
  assert.equal(await grown(0, 'store'), store, "'store' ignores the budget");
  const adjoints = await grown(undefined, 'adjoints');
  assert.ok(adjoints > recompute && adjoints < store, `the adjoints take memory, less than everything (${adjoints})`);
  assert.equal(await grown(adjoints - recompute, 'auto'), adjoints, 'a budget for the adjoints alone keeps just them');
  const ws = new Workspace(await instantiateCore());
  assert.throws(() => new WasmCampEvaluator(ws, model, { activationBudget: -1 }), /activationBudget must be a non-negative/);
});

test('CampCalculator: activationBudget 0 gives the same bits as the default, in no more memory', async () => {
  const shape = SHAPES[2];
  const model = syntheticModel(shape);
  const atoms = propertyStructures(shape).periodic;
  const lean = await CampCalculator.create(model, { activationBudget: 0 }), roomy = await CampCalculator.create(model);
  for (const precision of ['f64', 'f32'] as const) {
    const a = lean.compute(atoms, { precision }), b = roomy.compute(atoms, { precision });
    assertSameBits({ energy: a.energy, energies: a.energies, forces: a.forces, virial: a.stress! },
      { energy: b.energy, energies: b.energies, forces: b.forces, virial: b.stress! }, `budget 0 vs default, ${precision}`);
  }
  assert.ok(lean.memoryBytes <= roomy.memoryBytes, `${lean.memoryBytes} vs ${roomy.memoryBytes} bytes`);
});
