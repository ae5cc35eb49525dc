// The Wasm model behind the public calculator (host/api.ts `loadModel`) proven against the
// plain-TypeScript reference and against itself, on seeded synthetic models (no ../shared
// needed): f64 energies equal the reference's, forces and stress are the derivatives of the
// energy, and the symmetries of physics hold for energies, forces and stress.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Atoms } from '../../host/atoms.js';
import type { Calculator, ComputeResult } from '../../host/calculator.js';
import type { CampModel } from '../../host/model/camp-model.js';
import { loadModel } from '../../host/api.js';
import { writeCampjs } from '../../host/format/campjs-file.js';
import { finiteDifferenceStress, referenceEdges, referenceEnergy } from '../support/reference-camp.js';
import { describeShape, PROPERTY_SHAPES, propertyStructures, seededRandom, syntheticModel } from '../support/synthetic-model.js';
import {
  applyToRows, equivalentCell, mat3, matMul, maxAbsDiff, permuteAtoms, rotation, supercell, transformAtoms, translateAtoms, transpose, type Mat3,
} from '../support/tensor-math.js';

// Tolerances. f64 Wasm vs f64 reference: same formulas, different summation order.
const ENERGY_REL_TOL = 1e-11;
// Central differences, h = 1e-4 Å: truncation ~h²·E''' and rounding ~1e-16·|E|/h, both ≲ 1e-7 here.
const FD_STEP = 1e-4;
const FORCE_FD_TOL = 1e-6; // eV/Å, scaled by (1 + max|F|)
const STRAIN_STEP = 1e-5;
const STRESS_FD_TOL = 1e-7; // eV/Å³, scaled by (1 + max|σ|)
// Exact symmetries evaluated in f64: rounding only.
const COVARIANCE_TOL = 1e-10; // relative to (1 + max|F|) or |E|
// f32 arithmetic (sanity bound only; real-model f32 accuracy is tested against PyTorch elsewhere).
const F32_ENERGY_REL_TOL = 1e-5;
const F32_FORCE_TOL = 1e-3; // scaled by (1 + max|F|)

/** The public calculator for a synthetic model, through the .campjs file format. */
function calculatorFor(model: CampModel): Promise<Calculator> {
  return loadModel(writeCampjs(model), { file: 'synthetic.campjs' });
}

const f64 = (calc: Calculator, atoms: Atoms, stress = false): ComputeResult => calc.compute(atoms, { forces: true, stress, precision: 'f64' });
const maxAbs = (a: ArrayLike<number>) => Array.from(a).reduce((m, x) => Math.max(m, Math.abs(x)), 0);

/** Distance of the pair nearest to r_cut (inside or out): finite differences must not cross it. */
function cutoffClearance(atoms: Atoms, rCut: number): number {
  const e = referenceEdges(atoms, rCut + 0.1);
  let clearance = Infinity;
  for (let k = 0; k < e.i.length; k++) clearance = Math.min(clearance, Math.abs(Math.hypot(e.vec[3 * k], e.vec[3 * k + 1], e.vec[3 * k + 2]) - rCut));
  return clearance;
}

/**
 * The energy differentiated here is the one computed alongside forces, so a mismatch means the
 * backward pass is wrong; the energy-only path is compared with the reference separately.
 */
const energyOf = (calc: Calculator, atoms: Atoms) => calc.compute(atoms, { forces: true, stress: false, precision: 'f64' }).energy;

function fdForces(calc: Calculator, atoms: Atoms): Float64Array {
  const forces = new Float64Array(atoms.positions.length);
  for (let c = 0; c < forces.length; c++) {
    const at = (dx: number) => {
      const positions = Float64Array.from(atoms.positions);
      positions[c] += dx;
      return energyOf(calc, { ...atoms, positions });
    };
    forces[c] = -(at(FD_STEP) - at(-FD_STEP)) / (2 * FD_STEP);
  }
  return forces;
}

/** Voigt [xx yy zz yz xz xy] → full 3×3, and the rotated stress R·σ·Rᵀ back to Voigt. */
function rotateVoigt(s: ArrayLike<number>, r: Mat3): Float64Array {
  const full = mat3([[s[0], s[5], s[4]], [s[5], s[1], s[3]], [s[4], s[3], s[2]]]);
  const m = matMul(matMul(r, full), transpose(r));
  return Float64Array.from([m[0], m[4], m[8], m[5], m[2], m[1]]);
}

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): number {
  const d = maxAbsDiff(actual, expected);
  assert.ok(d <= tol, `${what}: largest difference ${d.toExponential(2)} > ${tol.toExponential(2)}`);
  return d;
}

// ---------------------------------------------------------------- tests

for (const shape of PROPERTY_SHAPES) {
  const model = syntheticModel(shape);
  const rCut = model.hparams.rCut;

  test(`Wasm f64 energies equal the TypeScript reference: ${describeShape(shape)}`, async (t) => {
    const calc = await calculatorFor(model);
    for (const [kind, atoms] of Object.entries(propertyStructures(shape))) {
      const ref = referenceEnergy(model, atoms);
      let worst = 0;
      // The energy must not depend on whether forces are asked for (separate code paths).
      for (const forces of [true, false]) {
        const got = calc.compute(atoms, { forces, stress: false, precision: 'f64' });
        const what = `${kind}, forces: ${forces}`;
        assert.equal(got.edges, referenceEdges(atoms, rCut).i.length, `${what}: edge count`);
        const rel = Math.abs(got.energy - ref.energy) / Math.abs(ref.energy);
        assert.ok(rel <= ENERGY_REL_TOL, `${what}: Wasm ${got.energy} eV, reference ${ref.energy} eV (relative ${rel.toExponential(2)})`);
        assertClose(got.energies, ref.energies, ENERGY_REL_TOL * Math.abs(ref.energy), `${what}: per-atom energies`);
        worst = Math.max(worst, rel);
      }
      t.diagnostic(`${kind}: relative energy difference ${worst.toExponential(2)}`);
    }
  });

  test(`Wasm forces and stress are derivatives of the Wasm energy: ${describeShape(shape)}`, async (t) => {
    const calc = await calculatorFor(model);
    const { cluster, periodic } = propertyStructures(shape);
    for (const [kind, atoms] of Object.entries({ cluster, periodic })) {
      assert.ok(cutoffClearance(atoms, rCut) > 1e-3, `${kind}: a pair sits within 1e-3 Å of r_cut`);
      const got = f64(calc, atoms, kind === 'periodic');
      const scale = 1 + maxAbs(got.forces!);
      const d = assertClose(got.forces!, fdForces(calc, atoms), FORCE_FD_TOL * scale, `${kind} forces vs finite differences`);
      t.diagnostic(`${kind}: max |F| ${maxAbs(got.forces!).toFixed(3)} eV/Å, |F - F_fd| ≤ ${d.toExponential(2)}`);
    }
    const stress = f64(calc, periodic, true).stress!;
    const fd = finiteDifferenceStress(periodic, (a) => energyOf(calc, a), STRAIN_STEP);
    const d = assertClose(stress, fd, STRESS_FD_TOL * (1 + maxAbs(stress)), 'stress vs finite differences of strain');
    t.diagnostic(`periodic: max |σ| ${maxAbs(stress).toExponential(2)} eV/Å³, |σ - σ_fd| ≤ ${d.toExponential(2)}`);
    assert.equal(calc.compute(cluster, { forces: false }).stress ?? null, null, 'no stress without pbc');
  });

  test(`Wasm results are covariant under rotation, reflection, translation and permutation: ${describeShape(shape)}`, async () => {
    const calc = await calculatorFor(model);
    const rng = seededRandom(shape.seed + 500);
    for (const [kind, atoms] of Object.entries(propertyStructures(shape))) {
      const base = f64(calc, atoms, kind === 'periodic');
      const eTol = COVARIANCE_TOL * Math.abs(base.energy);
      const fTol = COVARIANCE_TOL * (1 + maxAbs(base.forces!));
      const r = rotation([rng() - 0.5, rng() - 0.5, rng() - 0.5], 2 * Math.PI * rng());
      for (const [what, m] of [['rotated', r], ['reflected', matMul(r, mat3([[-1, 0, 0], [0, 1, 0], [0, 0, 1]]))]] as const) {
        const moved = f64(calc, transformAtoms(atoms, m), kind === 'periodic');
        assert.ok(Math.abs(moved.energy - base.energy) <= eTol, `${kind} ${what}: energy`);
        assertClose(moved.forces!, applyToRows(m, base.forces!), fTol, `${kind} ${what}: F' = F·Rᵀ`);
        if (base.stress) assertClose(moved.stress!, rotateVoigt(base.stress, m), COVARIANCE_TOL * (1 + maxAbs(base.stress)), `${kind} ${what}: σ' = R·σ·Rᵀ`);
      }
      const shifted = f64(calc, translateAtoms(atoms, [3.7, -12.2, 0.45]), kind === 'periodic');
      assert.ok(Math.abs(shifted.energy - base.energy) <= eTol, `${kind} translated: energy`);
      assertClose(shifted.forces!, base.forces!, fTol, `${kind} translated: forces`);
      const order = Array.from({ length: atoms.numbers.length }, (_, k) => k).sort(() => rng() - 0.5);
      const permuted = f64(calc, permuteAtoms(atoms, order), kind === 'periodic');
      assert.ok(Math.abs(permuted.energy - base.energy) <= eTol, `${kind} permuted: energy`);
      assertClose(permuted.energies, order.map((k) => base.energies[k]), eTol, `${kind} permuted: per-atom energies`);
      assertClose(permuted.forces!, order.flatMap((k) => Array.from(base.forces!.subarray(3 * k, 3 * k + 3))), fTol, `${kind} permuted: forces`);
    }
  });

  test(`Wasm: equivalent cells and a 2×2×2 supercell give the same crystal: ${describeShape(shape)}`, async () => {
    const calc = await calculatorFor(model);
    const crystal = propertyStructures(shape).periodic;
    const base = f64(calc, crystal, true);
    const fTol = COVARIANCE_TOL * (1 + maxAbs(base.forces!));
    const sTol = COVARIANCE_TOL * (1 + maxAbs(base.stress!));
    const skewed = f64(calc, equivalentCell(crystal, mat3([[1, 0, 0], [2, 1, 0], [-1, 3, 1]])), true);
    assert.ok(Math.abs(skewed.energy - base.energy) <= COVARIANCE_TOL * Math.abs(base.energy), 'skewed cell: energy');
    assertClose(skewed.forces!, base.forces!, fTol, 'skewed cell: forces');
    assertClose(skewed.stress!, base.stress!, sTol, 'skewed cell: stress');
    const big = f64(calc, supercell(crystal, [2, 2, 2]), true);
    assert.ok(Math.abs(big.energy - 8 * base.energy) <= COVARIANCE_TOL * Math.abs(8 * base.energy), 'supercell: 8× energy');
    assertClose(big.forces!, Array.from({ length: 8 }, () => Array.from(base.forces!)).flat(), fTol, 'supercell: forces tile');
    assertClose(big.stress!, base.stress!, sTol, 'supercell: same stress');
  });

  test(`Wasm f32 stays near f64: ${describeShape(shape)}`, async () => {
    const calc = await calculatorFor(model);
    for (const [kind, atoms] of Object.entries(propertyStructures(shape))) {
      const hi = f64(calc, atoms);
      const lo = calc.compute(atoms, { forces: true, stress: false, precision: 'f32' });
      assert.ok(Math.abs(lo.energy - hi.energy) <= F32_ENERGY_REL_TOL * Math.abs(hi.energy), `${kind}: f32 ${lo.energy} vs f64 ${hi.energy} eV`);
      assertClose(lo.forces!, hi.forces!, F32_FORCE_TOL * (1 + maxAbs(hi.forces!)), `${kind}: f32 forces`);
    }
  });
}
