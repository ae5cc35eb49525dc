// The neighbour list as the model kernels and tests see it: CSR edges in canonical order
// (by i, then j, then image shift S lexicographically) as typed-array views on Wasm memory.
//
// The views alias workspace buffers that the next build/update overwrites, and they become
// detached (length 0) when linear memory grows — any later workspace allocation may do that.
// Hold on to `ptr` (stable until the next build/update) or call `NeighborList.edges()` again.
//
// Outside this backend an edge list is an opaque EdgeSet (backend.ts): the evaluator finds its
// arrays through `edgePointers`, which knows only edge sets this backend made.
import type { EdgeSet } from '../backend.js';
import type { Workspace } from './workspace.js';

/** Byte offsets of the edge arrays in the workspace's linear memory. */
export interface EdgePointers {
  readonly rowStart: number;
  readonly i: number;
  readonly j: number;
  readonly shift: number;
  readonly vec: number;
  readonly rev: number;
}

/** The arrays the model evaluator reads (i and shift are the neighbour list's own). */
export type EvaluatorEdgePointers = Pick<EdgePointers, 'rowStart' | 'j' | 'vec' | 'rev'>;

const registry = new WeakMap<EdgeSet, { readonly ws: Workspace; readonly ptr: EvaluatorEdgePointers }>();

/** Makes an EdgeSet of `count` edges over `n` atoms whose arrays are at `ptr` in `ws`'s memory. */
export function wasmEdgeSet(ws: Workspace, ptr: EvaluatorEdgePointers, count: number, n: number): EdgeSet {
  const set: EdgeSet = { count, n };
  registry.set(set, { ws, ptr });
  return set;
}

/** Where the arrays of `edges` are; throws for edge sets of another backend or memory. */
export function edgePointers(edges: EdgeSet, ws: Workspace): EvaluatorEdgePointers {
  const at = registry.get(edges);
  if (!at || at.ws !== ws) throw new Error('evaluate: these edges were not made in this Wasm device (use its own neighbour list)');
  return at.ptr;
}

export interface EdgeList extends EdgeSet {
  /** Number of directed edges (i, j, S), |r_ij| < cutoff. */
  readonly count: number;
  /** Number of atoms. */
  readonly n: number;
  /** i32 n+1: edges of atom i are rowStart[i] .. rowStart[i+1]-1. */
  readonly rowStart: Int32Array;
  /** i32 per edge: centre atom. */
  readonly i: Int32Array;
  /** i32 per edge: neighbour atom. */
  readonly j: Int32Array;
  /** i32 ×3 per edge: image shift S along the cell rows (0 along open axes). */
  readonly shift: Int32Array;
  /** f64 ×3 per edge: r_ij = x_j - x_i + S·cell, Å, from the positions as given (unwrapped). */
  readonly vec: Float64Array;
  /** i32 per edge: index of the reverse edge (j, i, -S); rev[rev[e]] = e. */
  readonly rev: Int32Array;
  /** Largest number of edges of one atom. */
  readonly maxNeighbours: number;
  readonly ptr: EdgePointers;
}

/** Names of the workspace buffers holding the edge arrays, for a list named `name`. */
export function edgeBufferNames(name: string): { [K in keyof EdgePointers]: string } {
  return {
    rowStart: `${name}.rowStart`, i: `${name}.i`, j: `${name}.j`,
    shift: `${name}.shift`, vec: `${name}.vec`, rev: `${name}.rev`,
  };
}

/** Fresh views of `count` edges over `n` atoms in the buffers of list `name`. */
export function viewEdges(ws: Workspace, name: string, n: number, count: number): EdgeList {
  const names = edgeBufferNames(name);
  const ptr: EdgePointers = {
    rowStart: ws.ptr(names.rowStart), i: ws.ptr(names.i), j: ws.ptr(names.j),
    shift: ws.ptr(names.shift), vec: ws.ptr(names.vec), rev: ws.ptr(names.rev),
  };
  const buf = ws.memory.buffer;
  const rowStart = new Int32Array(buf, ptr.rowStart, n + 1);
  let maxNeighbours = 0;
  for (let a = 0; a < n; a++) maxNeighbours = Math.max(maxNeighbours, rowStart[a + 1] - rowStart[a]);
  const list: EdgeList = {
    count, n, rowStart, maxNeighbours, ptr,
    i: new Int32Array(buf, ptr.i, count),
    j: new Int32Array(buf, ptr.j, count),
    shift: new Int32Array(buf, ptr.shift, 3 * count),
    vec: new Float64Array(buf, ptr.vec, 3 * count),
    rev: new Int32Array(buf, ptr.rev, count),
  };
  registry.set(list, { ws, ptr });
  return list;
}
