// The plain-TypeScript reference evaluator (test/support/reference-camp.ts) against the original
// PyTorch CAMP code: energies of real structures with the real checkpoints (EMA weights, f64),
// and finite-difference forces/stress against PyTorch's autograd ones. Small structures only,
// the evaluator is deliberately slow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Atoms } from '../../host/atoms.js';
import type { CampModel } from '../../host/model/camp-model.js';
import { loadCampModel } from '../../host/model/load.js';
import { referenceEdges, referenceEnergy, referenceForces, referenceStress, VOIGT } from '../support/reference-camp.js';
import { needsShared, readShared, readSharedJson } from '../support/shared.js';

interface Output { energy?: number; forces?: number[][]; stress?: number[][] | null; error?: string }
interface Structure {
  name: string; numbers: number[]; positions: number[][]; cell: number[][] | null; pbc: [boolean, boolean, boolean];
  n_edges: number | null; results: { float64: Output; float64_raw?: Output };
}

const ENERGY_REL_TOL = 1e-9; // f64 vs f64: only summation order differs
const FORCE_TOL = 1e-5; // eV/Å; central differences with h = 1e-4 Å reproduce PyTorch to ~1e-6
const STRESS_TOL = 1e-8; // eV/Å³; README: FD of the reference itself agrees to 3.3e-10
/** Energy of an atom with no neighbours for water.ckpt (CAMP-SPEC.md, "Atoms without neighbours"). */
const WATER_LONE_O = -153.25694382845882;

const models = new Map<string, CampModel>();
function model(name: string, weights: 'ema' | 'raw' = 'ema'): CampModel {
  const key = `${name}/${weights}`;
  if (!models.has(key)) models.set(key, loadCampModel(readShared('models', `${name}.ckpt`), { file: `${name}.ckpt`, weights }));
  return models.get(key)!;
}

function structures(file: string): Map<string, Structure> {
  return new Map(readSharedJson<{ structures: Structure[] }>('reference', file).structures.map((s) => [s.name, s]));
}

function atomsOf(s: Structure): Atoms {
  return { numbers: s.numbers, positions: Float64Array.from(s.positions.flat()), cell: s.cell ? Float64Array.from(s.cell.flat()) : null, pbc: s.pbc };
}

/** Checks and returns the relative energy difference. */
function assertEnergy(actual: number, expected: number, what: string): number {
  const rel = Math.abs(actual - expected) / Math.abs(expected);
  assert.ok(rel <= ENERGY_REL_TOL, `${what}: E = ${actual} eV, PyTorch f64 ${expected} eV, relative difference ${rel.toExponential(2)} > ${ENERGY_REL_TOL}`);
  return rel;
}

const energyCases: [model: string, set: string, names: string[]][] = [
  ['water', 'water__water_edge', ['h2o_isolated', 'h2o_two_molecules_10A', 'O_first_then_h2o_10A', 'h2o_in_20A_box_pbc', 'h2o_in_3.104A_cube', 'two_h2o_small_triclinic']],
  ['lips-10', 'lips-10__lips', ['lips_config']],
  ['md17-aspirin', 'md17-aspirin__rdkit', ['aspirin_rdkit', 'aspirin_perturb2', 'aspirin_rotated']],
  ['md17-naphthalene', 'md17-naphthalene__rdkit', ['naphthalene_rdkit', 'naphthalene_perturb4']],
];

for (const [modelName, set, names] of energyCases) {
  test(`reference energies match PyTorch f64: ${set}`, needsShared, (t) => {
    const all = structures(`${set}.json`);
    let worst = 0;
    for (const name of names) {
      const s = all.get(name)!;
      const atoms = atomsOf(s);
      const edges = referenceEdges(atoms, model(modelName).hparams.rCut);
      assert.equal(edges.i.length, s.n_edges, `${name}: edge count (ASE primitive_neighbor_list)`);
      worst = Math.max(worst, assertEnergy(referenceEnergy(model(modelName), atoms, edges).energy, s.results.float64.energy!, name));
    }
    t.diagnostic(`largest relative energy difference ${worst.toExponential(2)}`);
  });
}

test('reference energy with the raw (non-EMA) weights matches PyTorch float64_raw', needsShared, () => {
  const s = structures('water__water_edge.json').get('two_h2o_small_triclinic')!;
  assertEnergy(referenceEnergy(model('water', 'raw'), atomsOf(s)).energy, s.results.float64_raw!.energy!, s.name);
});

test('atoms without neighbours: the value of the spec where PyTorch fails, and order does not matter', needsShared, () => {
  const all = structures('water__water_edge.json');
  for (const name of ['O_alone', 'O_in_20A_box_pbc']) {
    assert.ok(all.get(name)!.results.float64.error, `${name} is a case PyTorch fails on`);
    assertEnergy(referenceEnergy(model('water'), atomsOf(all.get(name)!)).energy, WATER_LONE_O, name);
  }
  // PyTorch crashes with the lone O listed last; listed first it gives the answer.
  assertEnergy(referenceEnergy(model('water'), atomsOf(all.get('h2o_then_O_last_10A')!)).energy, all.get('O_first_then_h2o_10A')!.results.float64.energy!, 'h2o_then_O_last_10A');
});

const forceCases: [model: string, set: string, name: string, atoms: number[]][] = [
  ['water', 'water__water_edge', 'h2o_isolated', [0, 1, 2]],
  ['water', 'water__water_edge', 'two_h2o_small_triclinic', [0, 4]],
  ['md17-aspirin', 'md17-aspirin__rdkit', 'aspirin_perturb1', [7]],
  ['md17-naphthalene', 'md17-naphthalene__rdkit', 'naphthalene_perturb1', [2]],
];

for (const [modelName, set, name, which] of forceCases) {
  test(`finite-difference forces of the reference match PyTorch: ${name} atoms ${which.join(',')}`, needsShared, (t) => {
    const s = structures(`${set}.json`).get(name)!;
    const f = referenceForces(model(modelName), atomsOf(s), 1e-4, which);
    let worst = 0;
    for (const i of which) {
      for (let a = 0; a < 3; a++) {
        const expected = s.results.float64.forces![i][a];
        worst = Math.max(worst, Math.abs(f[3 * i + a] - expected));
        assert.ok(Math.abs(f[3 * i + a] - expected) <= FORCE_TOL, `${name} F[${i}][${a}] = ${f[3 * i + a]}, PyTorch ${expected} (tolerance ${FORCE_TOL} eV/Å)`);
      }
    }
    t.diagnostic(`largest force difference ${worst.toExponential(2)} eV/Å`);
  });
}

test('finite-difference stress of the reference matches PyTorch: h2o_in_3.104A_cube (160 edges, self-images)', needsShared, (t) => {
  const s = structures('water__water_edge.json').get('h2o_in_3.104A_cube')!;
  const sigma = referenceStress(model('water'), atomsOf(s), 1e-5);
  let worst = 0;
  VOIGT.forEach(([a, b], k) => {
    const expected = s.results.float64.stress![a][b];
    worst = Math.max(worst, Math.abs(sigma[k] - expected));
    assert.ok(Math.abs(sigma[k] - expected) <= STRESS_TOL, `σ[${a}][${b}] = ${sigma[k]}, PyTorch ${expected} (tolerance ${STRESS_TOL} eV/Å³)`);
  });
  t.diagnostic(`largest stress difference ${worst.toExponential(2)} eV/Å³`);
});
