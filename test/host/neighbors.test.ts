// The cell-list neighbour list against the O(N²) brute force (test/support/brute-neighbors.ts)
// on seeded random structures of every kind the search plans differently: molecules, full and
// mixed pbc, strongly skewed cells, cells smaller than the cutoff, atoms far outside the cell.
// Exact: count, order, i, j, shift; vec within 1e-12 Å; rev checked as an involution.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { instantiateCore } from '../../host/backends/wasm/wasm.js';
import { Workspace } from '../../host/backends/wasm/workspace.js';
import { NeighborList } from '../../host/backends/wasm/neighbor-list.js';
import type { Atoms, Vec3Flags } from '../../host/atoms.js';
import { bruteNeighbors, assertSameEdges, assertReverseEdges } from '../support/brute-neighbors.js';

const ws = new Workspace(await instantiateCore());
const SEED = 20250611;

function check(atoms: Atoms, cutoff: number, label: string): number {
  const edges = new NeighborList(ws, { cutoff }).build(atoms);
  assertSameEdges(edges, bruteNeighbors(atoms, cutoff), label);
  assertReverseEdges(edges, label);
  return edges.count;
}

/** Cell rows from lengths (Å) and angles (degrees), a along x, b in the xy plane (ASE's convention). */
function cellFromParameters(a: number, b: number, c: number, alpha: number, beta: number, gamma: number): Float64Array | null {
  const [ca, cb, cg] = [alpha, beta, gamma].map((d) => Math.cos((d * Math.PI) / 180));
  const sg = Math.sin((gamma * Math.PI) / 180);
  const cx = cb, cy = (ca - cb * cg) / sg, cz2 = 1 - cx * cx - cy * cy;
  if (!(cz2 > 0.01)) return null; // angles that make no cell (or a nearly flat one)
  return Float64Array.of(a, 0, 0, b * cg, b * sg, 0, c * cx, c * cy, c * Math.sqrt(cz2));
}

/** Cartesian positions from fractional ones. */
function cartesian(frac: number[][], cell: Float64Array): Float64Array {
  const out = new Float64Array(3 * frac.length);
  frac.forEach((f, i) => {
    for (let x = 0; x < 3; x++) out[3 * i + x] = f[0] * cell[x] + f[1] * cell[3 + x] + f[2] * cell[6 + x];
  });
  return out;
}

const unit = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
const fracs = (maxAtoms: number, spread = 1) =>
  fc.array(fc.tuple(unit, unit, unit).map((f) => f.map((v) => v * spread)), { minLength: 1, maxLength: maxAtoms });
const pbcFlags = fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()) as fc.Arbitrary<Vec3Flags>;
const skewedCell = fc
  .tuple(fc.double({ min: 3, max: 11, noNaN: true }), fc.double({ min: 3, max: 11, noNaN: true }), fc.double({ min: 3, max: 11, noNaN: true }),
    fc.double({ min: 30, max: 150, noNaN: true }), fc.double({ min: 30, max: 150, noNaN: true }), fc.double({ min: 30, max: 150, noNaN: true }))
  .map((p) => cellFromParameters(...p))
  .filter((c): c is Float64Array => c !== null);
const cutoffs = fc.double({ min: 1, max: 6, noNaN: true });

test('analytic: simple cubic lattice, strict cutoff', () => {
  const one = (a: number): Atoms => ({ numbers: [1], positions: Float64Array.of(0.3, 0.2, 0.1), cell: Float64Array.of(a, 0, 0, 0, a, 0, 0, 0, a), pbc: [true, true, true] });
  // Lattice points within 1.5 a: 6 at a, 12 at a√2 (a√3 > 1.5 a).
  assert.equal(check(one(1), 1.5, 'sc 1.5'), 18);
  // Exactly at the cutoff is excluded; just above it counts.
  assert.equal(check(one(2), 2, 'sc at cutoff'), 0);
  assert.equal(check(one(2), 2 + 1e-9, 'sc past cutoff'), 6);
  // One periodic axis: a chain with 2 neighbours within 1.5 a.
  assert.equal(check({ ...one(1), pbc: [false, false, true] }, 1.5, 'chain'), 2);
});

test('molecules (no cell): NL equals brute force', () => {
  fc.assert(
    fc.property(fracs(40), fc.double({ min: 1, max: 25, noNaN: true }), cutoffs, (f, box, cutoff) => {
      const positions = Float64Array.from(f.flat().map((v) => v * box - box / 2));
      check({ numbers: f.map(() => 1), positions }, cutoff, `molecule n=${f.length} box=${box}`);
    }),
    { seed: SEED, numRuns: 150 },
  );
});

test('full pbc, orthorhombic cells: NL equals brute force', () => {
  fc.assert(
    fc.property(fracs(40), fc.tuple(fc.double({ min: 2, max: 14, noNaN: true }), fc.double({ min: 2, max: 14, noNaN: true }), fc.double({ min: 2, max: 14, noNaN: true })), cutoffs,
      (f, [a, b, c], cutoff) => {
        const cell = Float64Array.of(a, 0, 0, 0, b, 0, 0, 0, c);
        check({ numbers: f.map(() => 1), positions: cartesian(f, cell), cell, pbc: [true, true, true] }, cutoff, `ortho ${a} ${b} ${c}`);
      }),
    { seed: SEED + 1, numRuns: 120 },
  );
});

test('mixed pbc (slabs, wires, any pattern), skewed cells: NL equals brute force', () => {
  fc.assert(
    fc.property(fracs(30, 1.6), skewedCell, pbcFlags, cutoffs, (f, cell, pbc, cutoff) => {
      check({ numbers: f.map(() => 8), positions: cartesian(f, cell), cell, pbc }, cutoff, `pbc ${pbc}`);
    }),
    { seed: SEED + 2, numRuns: 150 },
  );
  // Open axes may come with a zero cell row (ASE slabs and wires).
  const cell = Float64Array.of(4, 0, 0, 1.5, 3.8, 0, 0, 0, 0);
  const positions = Float64Array.of(0, 0, 0, 1, 1, 2.5, 3, 2, -4, 2, 3, 1);
  check({ numbers: [1, 1, 1, 1], positions, cell, pbc: [true, true, false] }, 5, 'slab with zero c');
  const wire = Float64Array.of(0, 0, 0, 0, 0, 0, 1.2, 0.4, 2.9);
  check({ numbers: [1, 1, 1, 1], positions, cell: wire, pbc: [false, false, true] }, 5, 'wire with zero a, b');
});

test('strongly skewed full-pbc cells (angles 30-150°): NL equals brute force', () => {
  fc.assert(
    fc.property(fracs(30), skewedCell, cutoffs, (f, cell, cutoff) => {
      check({ numbers: f.map(() => 1), positions: cartesian(f, cell), cell, pbc: [true, true, true] }, cutoff, 'skewed');
    }),
    { seed: SEED + 3, numRuns: 150 },
  );
});

test('cells smaller than the cutoff: many images, atoms neighbouring their own images', () => {
  let most = 0;
  fc.assert(
    fc.property(fracs(3), fc.double({ min: 2.2, max: 4, noNaN: true }), skewedCell, fc.double({ min: 5, max: 6, noNaN: true }), pbcFlags,
      (f, size, shape, cutoff, pbc) => {
        // Rescale a random cell so its longest row is `size` Å: every width < cutoff.
        const longest = Math.max(...[0, 1, 2].map((a) => Math.hypot(shape[3 * a], shape[3 * a + 1], shape[3 * a + 2])));
        const cell = shape.map((v) => (v * size) / longest);
        const count = check({ numbers: f.map(() => 1), positions: cartesian(f, cell), cell, pbc: [true, true, true] }, cutoff, 'small cell');
        most = Math.max(most, count / f.length);
        check({ numbers: f.map(() => 1), positions: cartesian(f, cell), cell, pbc }, cutoff, `small cell pbc ${pbc}`);
      }),
    { seed: SEED + 4, numRuns: 60 },
  );
  assert.ok(most > 300, `expected hundreds of edges per atom somewhere, got at most ${most}`);
});

test('positions far outside the cell: vectors from the unwrapped positions', () => {
  fc.assert(
    fc.property(fracs(20), skewedCell, pbcFlags, cutoffs, fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 60, maxLength: 60 }),
      (f, cell, pbc, cutoff, offsets) => {
        const far = f.map((g, i) => g.map((v, a) => v + offsets[3 * i + a]));
        const atoms: Atoms = { numbers: f.map(() => 1), positions: cartesian(far, cell), cell, pbc };
        const edges = new NeighborList(ws, { cutoff }).build(atoms);
        check(atoms, cutoff, 'far outside');
        // r = x_j - x_i + S·cell with the ORIGINAL positions (to rounding of the large terms).
        const { positions: x } = atoms;
        for (let e = 0; e < edges.count; e++) {
          for (let c = 0; c < 3; c++) {
            const s = edges.shift.subarray(3 * e, 3 * e + 3);
            const want = x[3 * edges.j[e] + c] - x[3 * edges.i[e] + c] + (pbc[0] ? s[0] * cell[c] : 0) + (pbc[1] ? s[1] * cell[3 + c] : 0) + (pbc[2] ? s[2] * cell[6 + c] : 0);
            assert.ok(Math.abs(edges.vec[3 * e + c] - want) < 1e-9);
          }
        }
      }),
    { seed: SEED + 5, numRuns: 80 },
  );
});

test('edge list shape: CSR rows, i matches rows, max neighbours, pointers into workspace buffers', () => {
  const cell = Float64Array.of(6, 0, 0, 0, 6, 0, 0, 0, 6);
  const positions = cartesian([[0.1, 0.1, 0.1], [0.2, 0.15, 0.1], [0.6, 0.5, 0.5], [0.9, 0.95, 0.1]], cell);
  const edges = new NeighborList(ws, { cutoff: 3 }).build({ numbers: [1, 1, 1, 1], positions, cell, pbc: [true, true, true] });
  const brute = bruteNeighbors({ positions, cell, pbc: [true, true, true] }, 3);
  let most = 0;
  for (let a = 0; a < edges.n; a++) {
    most = Math.max(most, brute.rowStart[a + 1] - brute.rowStart[a]);
    for (let e = edges.rowStart[a]; e < edges.rowStart[a + 1]; e++) assert.equal(edges.i[e], a);
  }
  assert.equal(edges.maxNeighbours, most);
  assert.equal(edges.rowStart[edges.n], edges.count);
  assert.equal(edges.ptr.vec, ws.ptr('nl.vec'));
  assert.equal(edges.ptr.rev, ws.ptr('nl.rev'));
  assert.equal(edges.vec.byteOffset, edges.ptr.vec);
  assert.equal(edges.vec.buffer, ws.memory.buffer);
});

test('adversarial: pairs just inside the cutoff straddling every bin boundary', () => {
  const cutoff = 5;
  const core = ws.core.exports;
  for (const pbc of [[true, true, true], [false, false, false], [true, false, false]] as Vec3Flags[]) {
    for (let m = 1; m <= 6; m++) {
      for (const f of [1 - 1e-3, 1 - 1e-9, 1, 1 + 1e-9, 1 + 1e-3]) {
        const L = ((m * cutoff) / 2) * f;
        const cell = Float64Array.of(L, 0, 0, 0, 11, 0, 0, 0, 11);
        const probe: Atoms = { numbers: [1, 1], positions: Float64Array.of(0, 0, 0, L, 0, 0), cell, pbc };
        const nl = new NeighborList(ws, { cutoff });
        nl.build(probe); // learn the kernel's bins along x for this cell
        const bins = core.nlPlanBins(ws.ptr('nl.scratch'), 0);
        // One pair per bin edge: i just left of the edge, j (cutoff - 1e-9) further along x.
        const x: number[] = [];
        for (let b = 0; b <= bins; b++) {
          const edge = (b * L) / bins;
          x.push(edge - 1e-9, 1.3 + 4 * b, 0, edge - 1e-9 + cutoff * (1 - 2e-10), 1.3 + 4 * b, 0);
        }
        x.push(0, 0, 0, L, 0, 0); // keeps the open-axis bounding range (and so the bins) unchanged
        const atoms: Atoms = { numbers: x.map(() => 1).slice(0, x.length / 3), positions: Float64Array.from(x), cell, pbc };
        check(atoms, cutoff, `L=${L} bins=${bins} pbc=${pbc}`);
      }
    }
  }
});
