// Small md kernels on hand-checkable inputs: 3×3 inverse, Jacobi eigen-decomposition,
// momentum removal and the velocity-Verlet pieces.
import { inverse3, symmetricEigen3 } from "../../assembly/md/linalg3";
import { mdRemoveMomentum } from "../../assembly/md/init";
import { mdKick, mdDrift, mdAccelFactors, mdKineticEnergy } from "../../assembly/md/verlet";
import { MVV2E } from "../../assembly/md/units";

const A: usize = memory.data(72, 16);
const B: usize = memory.data(72, 16);
const W: usize = memory.data(24, 16);
const V: usize = memory.data(72, 16);

function set9(p: usize, a: f64, b: f64, c: f64, d: f64, e: f64, f: f64, g: f64, h: f64, i: f64): void {
  store<f64>(p, a); store<f64>(p, b, 8); store<f64>(p, c, 16);
  store<f64>(p, d, 24); store<f64>(p, e, 32); store<f64>(p, f, 40);
  store<f64>(p, g, 48); store<f64>(p, h, 56); store<f64>(p, i, 64);
}

describe("linalg3", () => {
  it("inverts a triclinic cell (A·A⁻¹ = I within 1e-15)", () => {
    set9(A, 5.2, 0, 0, 1.6, 5.0, 0, -0.9, 1.1, 5.4);
    const det = inverse3(A, B);
    expect(Math.abs(det - 5.2 * 5.0 * 5.4)).toBeLessThan(1e-12);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s: f64 = 0;
        for (let k = 0; k < 3; k++) s += load<f64>(A + <usize>(i * 3 + k) * 8) * load<f64>(B + <usize>(k * 3 + j) * 8);
        expect(Math.abs(s - (i == j ? 1.0 : 0.0))).toBeLessThan(1e-15);
      }
    }
    set9(A, 1, 2, 3, 2, 4, 6, 0, 1, 1);
    expect(inverse3(A, B)).toBe(0.0);
  });

  it("diagonalises a symmetric matrix: A·v = λ·v within 1e-13", () => {
    set9(A, 4, 1, -2, 1, 3, 0.5, -2, 0.5, 6);
    set9(B, 4, 1, -2, 1, 3, 0.5, -2, 0.5, 6);
    symmetricEigen3(A, W, V);
    let trace: f64 = 0;
    for (let k = 0; k < 3; k++) {
      const lambda = load<f64>(W + <usize>k * 8);
      trace += lambda;
      for (let i = 0; i < 3; i++) {
        let av: f64 = 0;
        for (let j = 0; j < 3; j++) av += load<f64>(B + <usize>(i * 3 + j) * 8) * load<f64>(V + <usize>(k * 3 + j) * 8);
        expect(Math.abs(av - lambda * load<f64>(V + <usize>(k * 3 + i) * 8))).toBeLessThan(1e-13);
      }
    }
    expect(Math.abs(trace - 13.0)).toBeLessThan(1e-13);
  });
});

const R: usize = memory.data(48, 16);
const VEL: usize = memory.data(48, 16);
const F: usize = memory.data(48, 16);
const M: usize = memory.data(16, 16);
const ACC: usize = memory.data(16, 16);

describe("verlet pieces", () => {
  it("kick, drift and kinetic energy use amu·Å²/fs² = MVV2E eV", () => {
    store<f64>(M, 2.0); store<f64>(M, 4.0, 8);
    for (let k = 0; k < 6; k++) { store<f64>(VEL + <usize>k * 8, 0.0); store<f64>(R + <usize>k * 8, 0.0); store<f64>(F + <usize>k * 8, <f64>(k + 1)); }
    mdAccelFactors(2, M, ACC);
    mdKick(2, VEL, F, ACC, 0.5);
    expect(load<f64>(VEL)).toBe(0.5 * (1.0 * (1.0 / (2.0 * MVV2E))));
    mdDrift(6, R, VEL, 2.0);
    expect(load<f64>(R, 40)).toBe(2.0 * load<f64>(VEL, 40));
    const vx = load<f64>(VEL), vy = load<f64>(VEL, 8), vz = load<f64>(VEL, 16);
    const wx = load<f64>(VEL, 24), wy = load<f64>(VEL, 32), wz = load<f64>(VEL, 40);
    const expected = 0.5 * MVV2E * (2.0 * (vx * vx + vy * vy + vz * vz) + 4.0 * (wx * wx + wy * wy + wz * wz));
    expect(Math.abs(mdKineticEnergy(2, VEL, M) - expected)).toBeLessThan(1e-18);
  });

  it("removes the centre-of-mass velocity", () => {
    store<f64>(M, 1.0); store<f64>(M, 3.0, 8);
    for (let k = 0; k < 6; k++) store<f64>(VEL + <usize>k * 8, <f64>(k * k) - 2.5);
    mdRemoveMomentum(2, VEL, M);
    for (let c = 0; c < 3; c++) {
      const p = load<f64>(VEL + <usize>c * 8) + 3.0 * load<f64>(VEL + <usize>(3 + c) * 8);
      expect(Math.abs(p)).toBeLessThan(1e-14);
    }
  });
});
