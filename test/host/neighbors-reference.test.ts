// Edge counts and largest neighbour counts recorded by the PyTorch CAMP reference (ASE's
// neighbour list) for every structure in ../shared/reference, matched exactly; the smaller
// structures are also compared edge by edge with the brute force.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { instantiateCore } from '../../host/backends/wasm/wasm.js';
import { Workspace } from '../../host/backends/wasm/workspace.js';
import { NeighborList } from '../../host/backends/wasm/neighbor-list.js';
import type { Atoms, Vec3Flags } from '../../host/atoms.js';
import { needsShared, haveShared, sharedPath, readSharedJson } from '../support/shared.js';
import { bruteNeighbors, assertSameEdges, assertReverseEdges } from '../support/brute-neighbors.js';

interface RefStructure {
  name: string;
  numbers: number[];
  positions: number[][];
  cell: number[][] | null;
  pbc: [boolean, boolean, boolean];
  n_edges: number | null;
  max_neighbours: number | string | null;
}
interface RefFile { r_cut: number; structures: RefStructure[] }

const files = haveShared ? readdirSync(sharedPath('reference')).filter((f) => f.endsWith('.json')).sort() : [];
const ws = haveShared ? new Workspace(await instantiateCore()) : null;

function atomsOf(s: RefStructure): Atoms {
  return {
    numbers: s.numbers,
    positions: Float64Array.from(s.positions.flat()),
    cell: s.cell ? Float64Array.from(s.cell.flat()) : null,
    pbc: s.pbc as unknown as Vec3Flags,
  };
}

test('reference structures are present', needsShared, () => {
  assert.ok(files.length >= 5, `reference files: ${files.join(', ')}`);
});

for (const file of files) {
  test(`n_edges and max_neighbours of ${file}`, needsShared, () => {
    const ref = readSharedJson<RefFile>('reference', file);
    const nl = new NeighborList(ws!, { cutoff: ref.r_cut });
    let brute = 0;
    for (const [index, s] of ref.structures.entries()) {
      const atoms = atomsOf(s);
      const edges = nl.build(atoms);
      if (s.n_edges === null) {
        // The reference crashed for lack of edges ("no edges remain"): there are none.
        assert.match(String(s.max_neighbours), /no edges remain/, s.name);
        assert.equal(edges.count, 0, s.name);
        continue;
      }
      assert.equal(edges.count, s.n_edges, `n_edges of ${s.name}`);
      assert.equal(edges.maxNeighbours, s.max_neighbours, `max_neighbours of ${s.name}`);
      // Brute force (O(N² · images)) on the small ones, the first two of each file.
      if (s.numbers.length <= 100 && (index < 2 || file.startsWith('water__water_edge'))) {
        assertSameEdges(edges, bruteNeighbors(atoms, ref.r_cut), s.name);
        assertReverseEdges(edges, s.name);
        brute++;
      }
    }
    assert.ok(ref.structures.length > 0);
    if (file.startsWith('water__water_edge')) assert.ok(brute >= 8, `brute-force checked ${brute}`);
  });
}
