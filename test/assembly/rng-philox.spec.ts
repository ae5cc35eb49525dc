// Philox4x32-10 against the Random123 known-answer vectors (tests/kat_vectors of the reference
// distribution: counter[4] key[2] -> output[4]), plus the Gaussian helper's basic moments.
import {
  philox4x32_10, philoxBlock, gaussian, uniform,
} from "../../assembly/rng/philox";

const OUT = memory.data(16, 16);

// Both the in-core block (v128) and the host's export (words written to `out`) are checked.
function expectBlock(c0: u32, c1: u32, c2: u32, c3: u32, k0: u32, k1: u32,
                     e0: u32, e1: u32, e2: u32, e3: u32): void {
  const b = philoxBlock(c0, c1, c2, c3, k0, k1);
  expect(<u32>i32x4.extract_lane(b, 0)).toBe(e0);
  expect(<u32>i32x4.extract_lane(b, 1)).toBe(e1);
  expect(<u32>i32x4.extract_lane(b, 2)).toBe(e2);
  expect(<u32>i32x4.extract_lane(b, 3)).toBe(e3);
  philox4x32_10(c0, c1, c2, c3, k0, k1, OUT);
  expect(load<u32>(OUT)).toBe(e0);
  expect(load<u32>(OUT, 4)).toBe(e1);
  expect(load<u32>(OUT, 8)).toBe(e2);
  expect(load<u32>(OUT, 12)).toBe(e3);
}

describe("philox4x32_10", () => {
  it("matches the Random123 KAT for zero counter and key", () => {
    expectBlock(0, 0, 0, 0, 0, 0, 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8);
  });
  it("matches the Random123 KAT for all-ones counter and key", () => {
    expectBlock(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff,
      0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd);
  });
  it("matches the Random123 KAT for the pi-digits counter and key", () => {
    expectBlock(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0,
      0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1);
  });
});

describe("gaussian", () => {
  it("is a pure function of its stream coordinates", () => {
    const a = gaussian(42, 0, 7, 2, 13, 1);
    gaussian(42, 0, 8, 2, 13, 1); // an unrelated draw in between changes nothing
    expect(gaussian(42, 0, 7, 2, 13, 1)).toBe(a);
    expect(gaussian(43, 0, 7, 2, 13, 1)).not.toBe(a);
  });
  it("has mean 0 and variance 1 (n = 200000, tolerance 5 standard errors)", () => {
    const n = 200000;
    let s: f64 = 0, s2: f64 = 0, s4: f64 = 0;
    for (let i = 0; i < n; i++) {
      const z = gaussian(1, 0, <u32>i, 2, <u32>(i % 97), <u32>(i % 3));
      s += z; s2 += z * z; s4 += z * z * z * z;
    }
    const mean = s / n;
    const variance = s2 / n - mean * mean;
    expect(Math.abs(mean)).toBeLessThan(5.0 / Math.sqrt(<f64>n));
    expect(Math.abs(variance - 1.0)).toBeLessThan(5.0 * Math.sqrt(2.0 / <f64>n));
    expect(Math.abs(s4 / n - 3.0)).toBeLessThan(5.0 * Math.sqrt(96.0 / <f64>n));
  });
  it("gives uniforms inside [0, 1)", () => {
    let lo: f64 = 1, hi: f64 = 0;
    for (let i = 0; i < 10000; i++) {
      const u = uniform(5, 9, <u32>i, 0, 0, 0);
      if (u < lo) lo = u;
      if (u > hi) hi = u;
    }
    expect(lo).toBeGreaterThanOrEqual(0.0);
    expect(hi).toBeLessThan(1.0);
    expect(lo).toBeLessThan(0.001);
    expect(hi).toBeGreaterThan(0.999);
  });
});
