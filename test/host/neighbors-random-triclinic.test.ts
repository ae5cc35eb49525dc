// The Wasm core's neighbour list against the O(N²) brute force on seeded random structures:
// skewed triclinic cells, open and periodic axes mixed, atoms outside the cell, cutoffs from a
// tenth of a cell to twice one. Both compute each edge vector with the same f64 formula, so the
// lists must agree exactly: the same edges (i, j, S) in the same order, every |r| < cutoff.
// Sparse rows are the point: an atom whose last neighbour is the next row's first neighbour
// once let that row's image shifts be sorted into it (cases 26, 52, 125, … of the first set).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { instantiateCore } from '../../host/backends/wasm/wasm.js';
import { Workspace } from '../../host/backends/wasm/workspace.js';
import { NeighborList } from '../../host/backends/wasm/neighbor-list.js';
import { bruteNeighbors, assertSameEdges, assertReverseEdges } from '../support/brute-neighbors.js';
import { seeded, randomStructure, type RandomStructureOptions } from '../support/random-structures.js';

const ws = new Workspace(await instantiateCore());

/** Compares `cases` structures of one seeded sequence; returns the labels of those that differ and the edge total. */
function differing(seed: number, cases: number, options?: RandomStructureOptions): { failures: string[]; edges: number } {
  const rnd = seeded(seed);
  const failures: string[] = [];
  let edges = 0;
  for (let k = 0; k < cases; k++) {
    const drawn = randomStructure(rnd, options);
    if (!drawn) continue;
    const { atoms, cutoff } = drawn;
    const label = `seed ${seed} case ${k} (n ${atoms.positions.length / 3}, pbc ${atoms.pbc}, cutoff ${cutoff.toFixed(3)} Å)`;
    try {
      const got = new NeighborList(ws, { cutoff, name: 'random' }).build(atoms);
      assertSameEdges(got, bruteNeighbors(atoms, cutoff), label, 0);
      assertReverseEdges(got, label);
      for (let e = 0; e < got.count; e++) {
        const [x, y, z] = got.vec.subarray(3 * e, 3 * e + 3);
        const d = Math.sqrt((x * x + y * y) + z * z);
        if (!(d < cutoff)) throw new Error(`edge ${e} is ${d} Å long (${label})`);
      }
      edges += got.count;
    } catch (e) {
      failures.push((e as Error).message);
    }
  }
  return { failures, edges };
}

test('Wasm neighbour list = brute force on 400 random triclinic structures (cells 3–11 Å, 1–30 atoms, cutoffs 1–6 Å)', () => {
  const { failures, edges } = differing(20251124, 400);
  assert.deepEqual(failures, [], `${failures.length} structures differ`);
  assert.ok(edges > 20_000, `the structures must have edges to compare (${edges})`);
});

test('Wasm neighbour list = brute force on 100 larger random structures (cells 6–20 Å, up to 80 atoms, cutoffs 0.5–4.5 Å: many bins)', () => {
  const { failures, edges } = differing(7, 100, { cellMin: 6, cellSpan: 14, maxAtoms: 80, cutoffMin: 0.5, cutoffSpan: 4 });
  assert.deepEqual(failures, [], `${failures.length} structures differ`);
  assert.ok(edges > 5_000, `the structures must have edges to compare (${edges})`);
});
