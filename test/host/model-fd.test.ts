// Forces and virial of the Wasm evaluator (hand-written reverse mode) against finite differences
// of its own f64 energy, on real checkpoints: a periodic water cell with many self-images and a
// molecule. Four-point central differences, step h: truncation O(h⁴·E⁽⁵⁾) and rounding
// ~1e-16·|E|/h are both far below the tolerances. The edge set must not change under the
// displacements (the energy jumps when a pair crosses r_cut), which each test checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { instantiateCore } from '../../host/backends/wasm/wasm.js';
import { Workspace } from '../../host/backends/wasm/workspace.js';
import { loadCampModel } from '../../host/model/load.js';
import { typeIndices, type CampModel } from '../../host/model/camp-model.js';
import { WasmCampEvaluator, type EvaluateResult } from '../../host/backends/wasm/evaluator.js';
import { bruteForceEdges, edgesIntoWorkspace } from '../support/model-edges.js';
import { needsShared, readShared, readSharedJson } from '../support/shared.js';

// Steps: the aspirin energy is stiffer (C–H bonds, |F| up to ~4 eV/Å), so a smaller step keeps
// its truncation error (∝ h⁴) below the tolerance while rounding (~ulp(E)/h ≈ 1e-8) stays small.
const H_POS = 1e-3; // Å, water cell
const H_POS_STIFF = 5e-4; // Å, aspirin
const H_STRAIN = 1e-4;
const FORCE_TOL = 1e-7; // eV/Å
const STRESS_TOL = 1e-9; // eV/Å³

interface Structure { name: string; numbers: number[]; positions: number[][]; cell: number[][] | null; pbc: [boolean, boolean, boolean] }

class Setup {
  constructor(readonly ws: Workspace, readonly model: CampModel, readonly ev: WasmCampEvaluator, readonly s: Structure) {}
  static async create(model: string, set: string, name: string): Promise<Setup> {
    const ws = new Workspace(await instantiateCore());
    const m = loadCampModel(readShared('models', `${model}.ckpt`));
    const s = readSharedJson<{ structures: Structure[] }>('reference', `${set}.json`).structures.find((x) => x.name === name)!;
    return new Setup(ws, m, new WasmCampEvaluator(ws, m), s);
  }
  /** f64 evaluation at the given positions and cell; `edges` = expected edge count (checked). */
  run(pos: Float64Array, cell: Float64Array | null, forces: boolean, edges?: number): EvaluateResult & { edges: number } {
    const e = bruteForceEdges(pos, cell, this.s.pbc, this.model.hparams.rCut);
    if (edges !== undefined) assert.equal(e.count, edges, 'a displacement changed the edge set');
    const r = this.ev.evaluate(this.s.numbers.length, typeIndices(this.model.hparams, this.s.numbers), edgesIntoWorkspace(this.ws, e), { precision: 'f64', forces, virial: forces });
    return { ...r, edges: e.count };
  }
}

/** (8(f(h) - f(-h)) - (f(2h) - f(-2h))) / 12h */
function derivative(f: (d: number) => number, h: number): number {
  return (8 * (f(h) - f(-h)) - (f(2 * h) - f(-2 * h))) / (12 * h);
}

function checkForces(setup: Setup, atoms: readonly number[], step: number): number {
  const pos0 = Float64Array.from(setup.s.positions.flat());
  const cell = setup.s.cell ? Float64Array.from(setup.s.cell.flat()) : null;
  const base = setup.run(pos0, cell, true);
  let worst = 0;
  for (const i of atoms) {
    for (let c = 0; c < 3; c++) {
      const fd = -derivative((d) => {
        const p = pos0.slice();
        p[3 * i + c] += d;
        return setup.run(p, cell, false, base.edges).energy;
      }, step);
      const err = Math.abs(fd - base.forces![3 * i + c]);
      assert.ok(err <= FORCE_TOL, `${setup.s.name}: F[${i}][${c}] = ${base.forces![3 * i + c]}, finite difference ${fd} (diff ${err.toExponential(2)})`);
      worst = Math.max(worst, err);
    }
  }
  return worst;
}

test('forces and stress equal finite differences of the energy: water, one H2O in a 3.104 Å cube', needsShared, async (t) => {
  const setup = await Setup.create('water', 'water__water_edge', 'h2o_in_3.104A_cube');
  const fErr = checkForces(setup, [0, 1, 2], H_POS);
  // Stress: σ_ab = (1/V) ∂E/∂ε_ab for a symmetric strain applied to positions and cell (x → x(I+ε)).
  const pos0 = Float64Array.from(setup.s.positions.flat());
  const cell0 = Float64Array.from(setup.s.cell!.flat());
  const base = setup.run(pos0, cell0, true);
  const [a, b, c, d, e, f, g, h, k] = cell0;
  const V = Math.abs(a * (e * k - f * h) - b * (d * k - f * g) + c * (d * h - e * g));
  let sErr = 0;
  for (const [p, q] of [[0, 0], [1, 1], [2, 2], [1, 2], [0, 2], [0, 1]]) {
    const strained = (delta: number): number => {
      const eps = new Float64Array(9);
      eps[3 * p + q] += p === q ? delta : delta / 2;
      eps[3 * q + p] += p === q ? 0 : delta / 2;
      const map = (rows: Float64Array): Float64Array => rows.map((_, m) => {
        const r = Math.floor(m / 3), col = m % 3;
        return rows[3 * r + col] + rows[3 * r] * eps[col] + rows[3 * r + 1] * eps[3 + col] + rows[3 * r + 2] * eps[6 + col];
      });
      return setup.run(map(pos0), map(cell0), false, base.edges).energy;
    };
    const fd = derivative(strained, H_STRAIN) / V;
    const err = Math.abs(fd - base.virial![3 * p + q] / V);
    assert.ok(err <= STRESS_TOL, `stress[${p}][${q}] = ${base.virial![3 * p + q] / V}, finite difference ${fd} (diff ${err.toExponential(2)})`);
    sErr = Math.max(sErr, err);
  }
  t.diagnostic(`h = ${H_POS} Å (strain ${H_STRAIN}): max force difference ${fErr.toExponential(2)} eV/Å, max stress difference ${sErr.toExponential(2)} eV/Å³`);
});

test('forces equal finite differences of the energy: aspirin molecule (max_v 3)', needsShared, async (t) => {
  const setup = await Setup.create('md17-aspirin', 'md17-aspirin__rdkit', 'aspirin_perturb1');
  const err = checkForces(setup, [0, 5, 12, 20], H_POS_STIFF);
  t.diagnostic(`h = ${H_POS_STIFF} Å: max force difference ${err.toExponential(2)} eV/Å`);
});
