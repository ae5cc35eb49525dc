// Unit checks of the neighbour-list kernels inside Wasm (the host tests compare whole lists
// with a brute force): the run sort, the reverse-edge pass, the pair formula's antisymmetry,
// and a plan + search on a lattice with a known neighbour count.
import { sortRun } from "../../assembly/neighbors/sort";
import { reverseEdges } from "../../assembly/neighbors/reverse";
import { pairComponent } from "../../assembly/neighbors/pair";
import { scratchBytes } from "../../assembly/neighbors/layout";
import { plan } from "../../assembly/neighbors/plan";
import { binAtoms } from "../../assembly/neighbors/bins";
import { search } from "../../assembly/neighbors/search";

const buf = memory.data(65536, 16);

describe("sortRun", () => {
  it("sorts distinct u32 runs of every length class (insertion and heap)", () => {
    const lengths: StaticArray<i32> = [0, 1, 2, 5, 31, 32, 33, 100, 4000];
    for (let t = 0; t < lengths.length; t++) {
      const len = lengths[t];
      let x: u32 = 12345 + <u32>len;
      for (let k = 0; k < len; k++) {
        x = x * 1664525 + 1013904223; // distinct: full-period LCG
        store<u32>(buf + (<usize>k << 2), x);
      }
      sortRun(buf, len);
      for (let k = 1; k < len; k++) expect(load<u32>(buf + (<usize>k << 2)) > load<u32>(buf + (<usize>(k - 1) << 2))).toBe(true);
    }
  });
});

describe("reverseEdges", () => {
  it("pairs (i, j, S) with (j, i, -S) from the canonical order alone", () => {
    // Atom 0: images of itself at S = -1, +1 and atom 1 at S = 0, 1; atom 1: atom 0 at S = -1, 0.
    const rowStart = buf, j = buf + 64, rev = buf + 128, cursor = buf + 192;
    const rs: StaticArray<i32> = [0, 4, 6];
    const js: StaticArray<i32> = [0, 0, 1, 1, 0, 0];
    for (let k = 0; k < 3; k++) store<i32>(rowStart + (<usize>k << 2), rs[k]);
    for (let k = 0; k < 6; k++) store<i32>(j + (<usize>k << 2), js[k]);
    expect(reverseEdges(2, cursor, rowStart, j, rev)).toBe(true);
    const want: StaticArray<i32> = [1, 0, 5, 4, 3, 2];
    for (let k = 0; k < 6; k++) expect(load<i32>(rev + (<usize>k << 2))).toBe(want[k]);
    // A row that cannot pair up is reported.
    store<i32>(j + 20, 1);
    expect(reverseEdges(2, cursor, rowStart, j, rev)).toBe(false);
  });
});

describe("pairComponent", () => {
  it("is exactly antisymmetric under i <-> j, S -> -S", () => {
    const a = pairComponent(0.1, 7.3, 1, -2, 3, 4.1, -0.7, 1.3);
    const b = pairComponent(7.3, 0.1, -1, 2, -3, 4.1, -0.7, 1.3);
    expect(a).toBe(-b);
  });
});

describe("plan + search", () => {
  it("finds the 18 lattice neighbours of one atom in a 1 Å cube within 1.5 Å", () => {
    const pos = buf, cell = buf + 32, scratch = buf + 128;
    const keys = scratch + scratchBytes(1), rowStart = keys + 1024, j = rowStart + 64, shift = j + 256, rev = shift + 512;
    store<f64>(pos, 0.3); store<f64>(pos, 0.2, 8); store<f64>(pos, 0.1, 16);
    for (let k = 0; k < 9; k++) store<f64>(cell + (<usize>k << 3), k % 4 == 0 ? 1.0 : 0.0);
    expect(plan(1, pos, cell, 7, 1.5, scratch)).toBeGreaterThan(0);
    binAtoms(1, pos, cell, scratch);
    expect(search(1, pos, cell, scratch, keys, 64, 1000, rowStart, j, shift, rev)).toBe(18);
    // Too small a capacity: minus the count needed.
    expect(search(1, pos, cell, scratch, keys, 5, 1000, rowStart, j, shift, rev)).toBe(-18);
  });
});
