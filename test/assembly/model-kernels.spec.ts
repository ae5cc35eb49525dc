// Building blocks of the model kernels: the SIMD exp (accuracy against Math.exp), SiLU and its
// derivative, the radial basis derivative, outer powers of a direction kept as distinct entries
// (against the full tensor, and reverse mode through them), and the blocked matrix product
// against the one-column one (same bits).
import { expF32x4, expF64x2, siluForward, siluBackward } from "../../assembly/model/silu";
import { radialBasis } from "../../assembly/model/radial";
import { outerPowers, outerPowerGrad, weigh, symOf, symOffset, symCount } from "../../assembly/model/tensors";
import { matmul4, matvecRows, mapVectors, axpy, axpyColumns } from "../../assembly/model/vec";

const BUF_A: usize = memory.data(4096, 16);
const BUF_B: usize = memory.data(4096, 16);
const BUF_C: usize = memory.data(4096, 16);
const BUF_D: usize = memory.data(4096, 16);

function relErr(a: f64, b: f64): f64 {
  return Math.abs(a - b) / Math.abs(b);
}

describe("SIMD exp", () => {
  it("f32x4 is within 2 ulp (2.4e-7 relative) of Math.exp on [-87, 88]", () => {
    let worst: f64 = 0;
    for (let x: f64 = -87; x < 88; x += 0.0371) {
      const y = v128.extract_lane<f32>(expF32x4(f32x4.splat(<f32>x)), 2);
      worst = Math.max(worst, relErr(<f64>y, Math.exp(<f64><f32>x)));
    }
    expect(worst).toBeLessThan(2.4e-7);
  });
  it("f64x2 is within 2 ulp (4.5e-16 relative) of Math.exp on [-700, 700]", () => {
    let worst: f64 = 0;
    for (let x: f64 = -700; x < 700; x += 0.1731) {
      const y = v128.extract_lane<f64>(expF64x2(f64x2.splat(x)), 1);
      worst = Math.max(worst, relErr(y, Math.exp(x)));
    }
    expect(worst).toBeLessThan(4.5e-16);
  });
});

describe("SiLU", () => {
  it("forward is z·σ(z) and backward multiplies by its derivative (central differences, 1e-9)", () => {
    for (let k = 0; k < 8; k++) store<f64>(BUF_A + (<usize>k << 3), -6.0 + 1.7 * <f64>k);
    siluForward<f64>(BUF_A, BUF_B, BUF_C, 8);
    for (let k = 0; k < 8; k++) store<f64>(BUF_D + (<usize>k << 3), 1.0);
    siluBackward<f64>(BUF_A, BUF_B, BUF_D, 8);
    for (let k = 0; k < 8; k++) {
      const z = load<f64>(BUF_A + (<usize>k << 3));
      const silu = (t: f64): f64 => t / (1 + Math.exp(-t));
      expect(Math.abs(load<f64>(BUF_C + (<usize>k << 3)) - silu(z))).toBeLessThan(1e-15);
      const h = 1e-5;
      const fd = (silu(z + h) - silu(z - h)) / (2 * h);
      expect(Math.abs(load<f64>(BUF_D + (<usize>k << 3)) - fd)).toBeLessThan(1e-9);
    }
  });
});

describe("radial basis", () => {
  it("dQ/dr matches central differences and Q vanishes at the cutoff", () => {
    const rc: f64 = 5.0;
    for (let r: f64 = 0.7; r < 5.0; r += 0.61) {
      radialBasis<f64>(r, rc, 9, BUF_A, BUF_B);
      radialBasis<f64>(r + 1e-6, rc, 9, BUF_C, 0);
      radialBasis<f64>(r - 1e-6, rc, 9, BUF_D, 0);
      for (let k = 0; k < 9; k++) {
        const fd = (load<f64>(BUF_C + (<usize>k << 3)) - load<f64>(BUF_D + (<usize>k << 3))) / 2e-6;
        expect(Math.abs(load<f64>(BUF_B + (<usize>k << 3)) - fd)).toBeLessThan(1e-7);
      }
    }
    radialBasis<f64>(rc, rc, 9, BUF_A, BUF_B);
    for (let k = 0; k < 9; k++) {
      expect(Math.abs(load<f64>(BUF_A + (<usize>k << 3)))).toBeLessThan(1e-14);
      expect(Math.abs(load<f64>(BUF_B + (<usize>k << 3)))).toBeLessThan(1e-12);
    }
  });
});

describe("outer powers", () => {
  it("every full index's entry is n⊗…⊗n at that index, ranks 0..4", () => {
    const n = BUF_A, D = BUF_B;
    store<f64>(n, 0.3); store<f64>(n, -0.5, 8); store<f64>(n, 0.8, 16);
    outerPowers<f64>(n, 4, D);
    for (let v = 0; v <= 4; v++) {
      for (let t = 0; t < pow3i(v); t++) {
        let want: f64 = 1;
        for (let q = 0, u = t; q < v; q++, u /= 3) want *= load<f64>(n + (<usize>(u % 3) << 3));
        expect(Math.abs(load<f64>(D + (<usize>(symOffset(v) + symOf(v, t)) << 3)) - want)).toBeLessThan(1e-15);
      }
    }
  });

  it("a symmetric tensor meets D_v through its weighted entries (ranks 1..4)", () => {
    const n = BUF_A, D = BUF_B, S = BUF_C, W = BUF_D;
    store<f64>(n, 0.3); store<f64>(n, -0.5, 8); store<f64>(n, 0.8, 16);
    outerPowers<f64>(n, 4, D);
    for (let v = 1; v <= 4; v++) {
      // P = 2: both lanes hold the entry.
      for (let k = 0; k < symCount(v); k++) {
        const x = Math.sin(1.3 * <f64>k + 0.2);
        store<f64>(S + (<usize>(2 * k) << 3), x); store<f64>(S + (<usize>(2 * k + 1) << 3), x);
      }
      let full: f64 = 0;
      for (let t = 0; t < pow3i(v); t++) {
        let d: f64 = 1;
        for (let q = 0, u = t; q < v; q++, u /= 3) d *= load<f64>(n + (<usize>(u % 3) << 3));
        full += load<f64>(S + (<usize>(2 * symOf(v, t)) << 3)) * d;
      }
      memory.fill(W, 0, symCount(v) * 16);
      weigh<f64>(S, v, 2, W);
      let sym: f64 = 0;
      for (let k = 0; k < symCount(v); k++) sym += load<f64>(W + (<usize>(2 * k + 1) << 3)) * load<f64>(D + (<usize>(symOffset(v) + k) << 3));
      expect(Math.abs(sym - full)).toBeLessThan(1e-14);
    }
  });

  it("reverse mode through the distinct entries matches central differences for ranks 1..4", () => {
    const n = BUF_A, X = BUF_B, nbar = BUF_C, D = BUF_D;
    store<f64>(n, 0.3); store<f64>(n, -0.5, 8); store<f64>(n, 0.8, 16);
    for (let k = 0; k < 15; k++) store<f64>(X + (<usize>k << 3), Math.sin(1.3 * <f64>k + 0.2));
    for (let v = 1; v <= 4; v++) {
      memory.fill(nbar, 0, 32);
      outerPowers<f64>(n, 4, D);
      outerPowerGrad<f64>(v, X, D, nbar);
      for (let c = 0; c < 3; c++) {
        // f(n) = Σ_k X[k]·D_v(n)[k]
        const x0 = load<f64>(n + (<usize>c << 3));
        let f = [0.0, 0.0];
        for (let s = 0; s < 2; s++) {
          store<f64>(n + (<usize>c << 3), x0 + (s == 0 ? 1e-6 : -1e-6));
          outerPowers<f64>(n, 4, D);
          let acc: f64 = 0;
          for (let k = 0; k < symCount(v); k++) acc += load<f64>(X + (<usize>k << 3)) * load<f64>(D + (<usize>(symOffset(v) + k) << 3));
          f[s] = acc;
        }
        store<f64>(n + (<usize>c << 3), x0);
        expect(Math.abs(load<f64>(nbar + (<usize>c << 3)) - (f[0] - f[1]) / 2e-6)).toBeLessThan(1e-8);
      }
    }
  });
});

function pow3i(v: i32): i32 {
  return v == 0 ? 1 : v == 1 ? 3 : v == 2 ? 9 : v == 3 ? 27 : 81;
}

describe("matrix products", () => {
  it("four columns at once give the bits of one column at a time (f32 and f64)", () => {
    const rows = 9, outP = 12;
    for (let k = 0; k < rows * outP; k++) store<f64>(BUF_A + (<usize>k << 3), Math.cos(0.7 * <f64>k));
    for (let k = 0; k < 4 * rows; k++) store<f64>(BUF_B + (<usize>k << 3), Math.sin(0.3 * <f64>k + 1));
    matmul4<f64>(BUF_A, rows, outP, BUF_B, rows, 0, 0, BUF_C, outP);
    for (let c = 0; c < 4; c++) matvecRows<f64>(BUF_A, rows, outP, BUF_B + <usize>(c * rows * 8), 0, BUF_D + <usize>(c * outP * 8));
    for (let k = 0; k < 4 * outP; k++) expect(load<f64>(BUF_C + (<usize>k << 3))).toBe(load<f64>(BUF_D + (<usize>k << 3)));
    for (let k = 0; k < rows * outP; k++) store<f32>(BUF_A + (<usize>k << 2), <f32>Math.cos(0.7 * <f64>k));
    for (let k = 0; k < 4 * rows; k++) store<f32>(BUF_B + (<usize>k << 2), <f32>Math.sin(0.3 * <f64>k + 1));
    matmul4<f32>(BUF_A, rows, outP, BUF_B, rows, BUF_B, 0, BUF_C, outP);
    for (let c = 0; c < 4; c++) matvecRows<f32>(BUF_A, rows, outP, BUF_B + <usize>(c * rows * 4), BUF_B, BUF_D + <usize>(c * outP * 4));
    for (let k = 0; k < 4 * outP; k++) expect(load<f32>(BUF_C + (<usize>k << 2))).toBe(load<f32>(BUF_D + (<usize>k << 2)));
  });

  it("a channel map over m strided vectors, with per-vector biases aliasing the output, has matvecRows' bits", () => {
    // m = 7: one block of four through matmul4, three through matvecRows; P = 12 (three f32
    // registers); inputs xS = 16 and outputs yS = 24 elements apart (as across atoms' blocks).
    const rows = 10, P = 12, m = 7, xS = 16, yS = 24;
    for (let k = 0; k < rows * P; k++) store<f32>(BUF_A + (<usize>k << 2), <f32>Math.cos(0.37 * <f64>k));
    for (let k = 0; k < m * xS; k++) store<f32>(BUF_B + (<usize>k << 2), <f32>Math.sin(0.11 * <f64>k + 2));
    for (let k = 0; k < m * yS; k++) {
      const b = <f32>Math.cos(0.05 * <f64>k - 1);
      store<f32>(BUF_C + (<usize>k << 2), b);
      store<f32>(BUF_D + (<usize>k << 2), b);
    }
    mapVectors<f32>(BUF_A, rows, P, BUF_B, xS, BUF_C, yS, BUF_C, yS, m);
    for (let c = 0; c < m; c++) {
      const o = <usize>(c * yS * 4);
      matvecRows<f32>(BUF_A, rows, P, BUF_B + <usize>(c * xS * 4), BUF_D + o, BUF_D + o);
    }
    for (let k = 0; k < m * yS; k++) expect(load<f32>(BUF_C + (<usize>k << 2))).toBe(load<f32>(BUF_D + (<usize>k << 2)));
  });

  it("adding n columns at once (any n, as many as a block holds) has the bits of n axpys in turn", () => {
    // P = 12 f32; the scalars 3 elements apart, the columns 16 apart (as q and D in a block).
    const P = 12, aS = 3, xS = 16;
    for (let k = 0; k < 9 * xS; k++) store<f32>(BUF_B + (<usize>k << 2), <f32>Math.sin(0.23 * <f64>k + 0.5));
    for (let k = 0; k < 9 * aS; k++) store<f32>(BUF_A + (<usize>k << 2), <f32>Math.cos(0.41 * <f64>k));
    for (let n = 1; n <= 9; n++) {
      for (let k = 0; k < P; k++) {
        const y = <f32>Math.cos(0.9 * <f64>k - 2);
        store<f32>(BUF_C + (<usize>k << 2), y);
        store<f32>(BUF_D + (<usize>k << 2), y);
      }
      axpyColumns<f32>(BUF_C, BUF_A, aS * 4, BUF_B, xS * 4, n, P);
      for (let c = 0; c < n; c++) axpy<f32>(BUF_D, load<f32>(BUF_A + <usize>(c * aS * 4)), BUF_B + <usize>(c * xS * 4), P);
      for (let k = 0; k < P; k++) expect(load<f32>(BUF_C + (<usize>k << 2))).toBe(load<f32>(BUF_D + (<usize>k << 2)));
    }
  });
});
