// The activation store's fill (assembly/model/store-fill.ts) runs the radial MLPs once per
// same-type edge pair and copies the records to the other edge. Which edge of a pair runs them
// decides how that stage divides between threads (shares are ranges of rows): it must be
// exactly one edge of every pair, and about half of each row's same-type edges, so the two
// halves of a water box get the same work ("the reverse edge first" gave the first half ~64 %
// of the same-type pairs: 4189 of 7574 evaluations).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { C } from '../../host/generated/layouts.js';
import { instantiateThreadedCore } from '../../host/backends/wasm-threads/thread-pool.js';
import { Workspace } from '../../host/backends/wasm/workspace.js';
import { parseExtxyz } from '../../host/io/extxyz-read.js';
import { bruteForceEdges, edgesIntoWorkspace } from '../support/model-edges.js';
import { edgePointers } from '../../host/backends/wasm/edge-list.js';
import { repoRoot } from '../support/shared.js';
import type { Atoms } from '../../host/atoms.js';

/** evaluated[e]: 1 when the fill runs edge e's MLPs (types: 0 for O, 1 for H). */
async function evaluatedEdges(atoms: Atoms, cutoff: number): Promise<{ evaluated: Int32Array; rowStart: Int32Array; rev: Int32Array; j: Int32Array; types: Int32Array }> {
  const core = await instantiateThreadedCore();
  const ws = new Workspace(core);
  const e = bruteForceEdges(atoms.positions, atoms.cell, atoms.pbc, cutoff);
  const ptr = edgePointers(edgesIntoWorkspace(ws, e), ws);
  const n = atoms.numbers.length;
  const types = Int32Array.from(atoms.numbers, (z) => (z === 8 ? 0 : 1));
  ws.i32('t.types', n).set(types);
  const words = core.exports.modelContextWords();
  ws.buffer('t.ctx', 4 * words);
  const c = ws.i32('t.ctx', words);
  c[C.N] = n;
  c[C.E] = e.count;
  c[C.TYPES] = ws.ptr('t.types');
  c[C.ROW] = ptr.rowStart;
  c[C.J] = ptr.j;
  c[C.REV] = ptr.rev;
  const ctx = ws.ptr('t.ctx');
  const evaluated = new Int32Array(e.count);
  for (let i = 0; i < n; i++) {
    for (let k = e.rowStart[i]!; k < e.rowStart[i + 1]!; k++) evaluated[k] = core.exports.threadsStoreEvaluates(ctx, k, i);
  }
  return { evaluated, rowStart: Int32Array.from(e.rowStart), rev: Int32Array.from(e.rev), j: Int32Array.from(e.j), types };
}

/** Mixed edges all run; of every same-type pair {e, rev(e)} exactly one does. */
function assertOnePerPair(r: Awaited<ReturnType<typeof evaluatedEdges>>, what: string): void {
  const n = r.types.length;
  for (let i = 0; i < n; i++) {
    for (let e = r.rowStart[i]!; e < r.rowStart[i + 1]!; e++) {
      if (r.types[r.j[e]!] !== r.types[i]) assert.equal(r.evaluated[e], 1, `${what}: mixed edge ${e} (${i} → ${r.j[e]}) is copied`);
      else assert.equal(r.evaluated[e]! + r.evaluated[r.rev[e]!]!, 1, `${what}: same-type pair ${e}, ${r.rev[e]} (${i} → ${r.j[e]}) runs ${r.evaluated[e]! + r.evaluated[r.rev[e]!]!} times`);
    }
  }
}

test('water-64: exactly one edge of each same-type pair runs the MLPs, and both halves of the box get the same share', async (t) => {
  const atoms = parseExtxyz(readFileSync(join(repoRoot, 'examples/water-64.xyz'), 'utf8'), 'water-64.xyz')[0]!.atoms;
  const r = await evaluatedEdges(atoms, 5);
  assertOnePerPair(r, 'water-64');
  const n = atoms.numbers.length, half = r.rowStart[n / 2]!;
  const first = r.evaluated.subarray(0, half).reduce((s, x) => s + x, 0), second = r.evaluated.subarray(half).reduce((s, x) => s + x, 0);
  t.diagnostic(`MLP evaluations: atoms 0..${n / 2 - 1} ${first}, atoms ${n / 2}..${n - 1} ${second} (${r.evaluated.length} edges)`);
  assert.ok(Math.abs(first - second) <= 0.05 * (first + second), `the halves run ${first} and ${second} evaluations`);
});

test('a small periodic cell: self-image pairs (an atom and its own images) run once each', async () => {
  // One water molecule in a 3 Å cell: most edges join an atom to its own images.
  const atoms: Atoms = { numbers: [8, 1, 1], positions: new Float64Array([0, 0, 0, 0.76, 0.59, 0, -0.76, 0.59, 0]),
    cell: new Float64Array([3, 0, 0, 0.4, 3.1, 0, 0.2, 0.3, 2.9]), pbc: [true, true, true] };
  const r = await evaluatedEdges(atoms, 4);
  assert.ok(r.j.some((j, e) => j === 0 && e < r.rowStart[1]!), 'the cell has self-image edges');
  assertOnePerPair(r, 'small cell');
});
