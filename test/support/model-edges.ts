// Edges for the model evaluator in tests: the brute-force neighbour list of brute-neighbors.ts
// (independent of host/neighbors, so the model tests do not rest on the code they would be
// checking against), copied into workspace buffers.
import type { Workspace } from '../../host/backends/wasm/workspace.js';
import type { EdgeSet } from '../../host/backends/backend.js';
import { wasmEdgeSet } from '../../host/backends/wasm/edge-list.js';
import { bruteNeighbors, type BruteEdges } from './brute-neighbors.js';

export function bruteForceEdges(positions: ArrayLike<number>, cell: ArrayLike<number> | null | undefined,
  pbc: readonly boolean[] | null | undefined, cutoff: number): BruteEdges {
  return bruteNeighbors({ positions, cell, pbc }, cutoff);
}

/** Copies edges into workspace buffers named `<name>.*`; returns what the evaluator takes. */
export function edgesIntoWorkspace(ws: Workspace, edges: BruteEdges, name = 'test.edges'): EdgeSet {
  const m = Math.max(edges.count, 1);
  ws.buffer(`${name}.rowStart`, 4 * (edges.n + 1));
  ws.buffer(`${name}.j`, 4 * m);
  ws.buffer(`${name}.vec`, 24 * m);
  ws.buffer(`${name}.rev`, 4 * m);
  ws.i32(`${name}.rowStart`, edges.n + 1).set(edges.rowStart);
  ws.i32(`${name}.j`, edges.count).set(edges.j);
  ws.f64(`${name}.vec`, 3 * edges.count).set(edges.vec);
  ws.i32(`${name}.rev`, edges.count).set(edges.rev);
  const ptr = { rowStart: ws.ptr(`${name}.rowStart`), j: ws.ptr(`${name}.j`), vec: ws.ptr(`${name}.vec`), rev: ws.ptr(`${name}.rev`) };
  return wasmEdgeSet(ws, ptr, edges.count, edges.n);
}
