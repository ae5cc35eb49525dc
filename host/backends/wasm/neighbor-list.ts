// Neighbour list of a structure: every ordered pair (i, j, S) with |x_j - x_i + S·cell| <
// cutoff (Å), excluding i = j with S = 0 — ASE's primitive_neighbor_list edge set — found by
// the O(N) cell-list search of assembly/neighbors, in canonical order with reverse-edge
// indices. With a Verlet skin the search keeps candidates within cutoff + skin and `update`
// only filters them until some atom has moved more than skin/2 (or the cell or the atom
// count changed); the result is bit for bit the one a fresh build would give.
//
// One NeighborList per buffer name per Workspace: its buffers (`<name>.*`, default 'nl') are
// reused across calls. The EdgeList returned is a set of views on those buffers, overwritten
// by the next build/update and detached when Wasm memory grows (see edge-list.ts). Given an MD
// run's state in the same memory, the search reads the positions where the run keeps them.
import type { Atoms } from '../../atoms.js';
import type { ClosestPair, NeighborSearch, RunState } from '../backend.js';
import { runMemory } from './md-memory.js';
import type { Workspace } from './workspace.js';
import type { CoreExports } from './exports.js';
import { edgeBufferNames, viewEdges, type EdgeList } from './edge-list.js';
import { searchInput, planError, type SearchInput } from '../../neighbors/input.js';
import { NL_SEARCH, NL_SEARCH_MESSAGES, NL_FILTER_MESSAGES } from '../../generated/layouts.js';
import { statusText } from './status.js';

/**
 * Default cap on the number of edges (and skin candidates): 2^24 ≈ 16.8 M edges, ≈ 0.9 GiB of
 * Wasm memory (56 B per edge; ≈ 76 B per candidate with a skin). Water at 5 Å has ~54 edges per
 * atom, so this allows ~300k atoms.
 */
export const DEFAULT_MAX_EDGES = 2 ** 24;
/**
 * Highest accepted maxEdges: 2^25 edges take ≈ 1.9 GiB (≈ 2.5 GiB with a skin) of wasm32's
 * 4 GiB, leaving room for the model's own per-edge buffers.
 */
export const MAX_EDGES_LIMIT = 2 ** 25;
/**
 * Candidates are searched this much beyond cutoff + skin (Å, plus 1e-12 of the coordinates'
 * magnitude), far above the rounding of distances and displacements, so none is ever missed.
 */
const SKIN_MARGIN = 1e-6;
/** First-call capacity guess per atom (water at 5 Å has ~55 neighbours). */
const EDGES_PER_ATOM_GUESS = 64;
/** Buffers grow with this slack so fluctuating counts in MD do not reallocate every step. */
const GROWTH = 1.125;

export interface NeighborListOptions {
  /** Cutoff radius, Å (> 0). */
  readonly cutoff: number;
  /** Verlet skin, Å (≥ 0, default 0: every update with moved atoms searches again). */
  readonly skin?: number;
  /** Refuse structures with more edges (or skin candidates) than this (default 2^24). */
  readonly maxEdges?: number;
  /** Prefix of the workspace buffer names (default 'nl'). */
  readonly name?: string;
}

export type { ClosestPair };

interface Built {
  readonly n: number;
  readonly pbcMask: number;
  readonly cell: Float64Array;
  readonly candidates: number;
  count: number;
}

export class NeighborList implements NeighborSearch {
  readonly cutoff: number;
  readonly skin: number;
  readonly maxEdges: number;
  readonly name: string;
  /** Whether the last build/update searched again (false: filtered the skin candidates). */
  rebuilt = false;
  /** Number of searches so far. */
  rebuildCount = 0;
  private built: Built | null = null;
  private readonly core: CoreExports;

  constructor(private readonly ws: Workspace, options: NeighborListOptions) {
    const { cutoff, skin = 0, maxEdges = DEFAULT_MAX_EDGES, name = 'nl' } = options;
    if (!(Number.isFinite(cutoff) && cutoff > 0)) throw new Error(`neighbor list: cutoff must be a positive number of Å, got ${cutoff}`);
    if (!(Number.isFinite(skin) && skin >= 0)) throw new Error(`neighbor list: skin must be a finite number of Å ≥ 0, got ${skin}`);
    if (!(Number.isInteger(maxEdges) && maxEdges >= 1 && maxEdges <= MAX_EDGES_LIMIT)) {
      throw new Error(`neighbor list: maxEdges must be an integer in 1..${MAX_EDGES_LIMIT} (2^25), got ${maxEdges}`);
    }
    this.cutoff = cutoff;
    this.skin = skin;
    this.maxEdges = maxEdges;
    this.name = name;
    this.core = ws.core.exports;
  }

  /** Searches from scratch. */
  build(atoms: Atoms): EdgeList {
    return this.search(searchInput(atoms));
  }

  /**
   * Reuses the last search when the skin allows it (see the file comment), else searches. With
   * `state` (a run in this workspace) the positions are read from its buffer, which must hold
   * atoms.positions.
   */
  update(atoms: Atoms, state?: RunState): EdgeList {
    const input = searchInput(atoms);
    const at = state && runMemory(state, this.ws, input.n).ptr.r;
    const last = this.built;
    if (!last || last.n !== input.n || last.pbcMask !== input.pbcMask || !sameValues(last.cell, input.cell)) {
      return this.search(input, at);
    }
    const pos = this.copyIn(input, at);
    const moved2 = this.core.nlMaxDisplacement2(input.n, pos, this.ws.ptr(this.buf('ref')));
    const half = this.skin / 2;
    if (!(moved2 <= half * half)) return this.search(input, at);
    this.rebuilt = false;
    this.finish(input.n, pos, last);
    return this.edges();
  }

  /** Fresh views of the last result (after Wasm memory may have grown). */
  edges(): EdgeList {
    if (!this.built) throw new Error('neighbor list: no structure yet (call build or update)');
    return viewEdges(this.ws, this.name, this.built.n, this.built.count);
  }

  /** The shortest edge of the last result, or null without edges. */
  closestPair(): ClosestPair | null {
    const edges = this.edges();
    const e = this.core.nlClosestEdge(edges.count, edges.ptr.vec);
    if (e < 0) return null;
    const [x, y, z] = edges.vec.subarray(3 * e, 3 * e + 3);
    return { i: edges.i[e], j: edges.j[e], distance: Math.sqrt((x * x + y * y) + z * z) };
  }

  private buf(part: string): string {
    return `${this.name}.${part}`;
  }

  /** Copies the cell (and the positions, unless already at `at`) into Wasm memory; returns the positions' pointer. */
  private copyIn(input: SearchInput, at?: number): number {
    this.ws.f64(this.buf('cell'), 9).set(input.cell);
    if (at !== undefined) return at;
    this.ws.f64(this.buf('positions'), Math.max(3 * input.n, 1)).set(input.positions);
    return this.ws.ptr(this.buf('positions'));
  }

  private search(input: SearchInput, at?: number): EdgeList {
    const { ws, core } = this;
    const { n } = input;
    const last = this.built?.candidates; // sizes this search's first try
    this.built = null; // the buffers are about to change: a failed search leaves no stale result
    const pos = this.copyIn(input, at);
    const cell = ws.ptr(this.buf('cell'));
    // Allocate before viewing: growing memory detaches views (input.positions may be one).
    const ref = ws.f64(this.buf('ref'), Math.max(3 * n, 1));
    ref.set(new Float64Array(ws.memory.buffer, pos, 3 * n));
    const radius = this.skin > 0 ? this.cutoff + this.skin + SKIN_MARGIN + 1e-12 * input.extent : this.cutoff;
    const scratch = ws.buffer(this.buf('scratch'), core.nlScratchBytes(n)).ptr;
    const code = core.nlPlan(n, pos, cell, input.pbcMask, radius, scratch);
    if (code <= 0) throw planError(code, input, radius, core.nlPlanNormVolume(scratch));

    // With a skin the search fills the candidate arrays; without, the output arrays directly.
    const out = edgeBufferNames(this.name);
    const into = this.skin > 0
      ? { rowStart: this.buf('cand.rowStart'), j: this.buf('cand.j'), shift: this.buf('cand.shift'), rev: this.buf('cand.rev') }
      : out;
    const rowStart = ws.buffer(into.rowStart, 4 * (n + 1)).ptr;
    let want = last !== undefined ? Math.ceil(last * GROWTH) : Math.ceil(EDGES_PER_ATOM_GUESS * n * (radius / this.cutoff) ** 3);
    let found: number;
    for (;;) {
      want = Math.max(1, Math.min(this.maxEdges, want));
      const keys = ws.buffer(this.buf('keys'), 8 * want);
      const j = ws.buffer(into.j, 4 * want);
      const shift = ws.buffer(into.shift, 12 * want);
      const rev = ws.buffer(into.rev, 4 * want);
      // Buffers kept from earlier calls may hold more than asked for: use all of it.
      const cap = Math.min(keys.bytes / 8, j.bytes / 4, shift.bytes / 12, rev.bytes / 4, this.maxEdges) | 0;
      found = core.nlSearch(n, pos, cell, scratch, keys.ptr, cap, this.maxEdges, rowStart, j.ptr, shift.ptr, rev.ptr);
      if (found >= 0) break;
      if (found === NL_SEARCH.ASYMMETRIC) throw new Error(`neighbor list: ${statusText(NL_SEARCH_MESSAGES, found)}`);
      if (-found > this.maxEdges) {
        const what = this.skin > 0 ? `edges or skin candidates within ${radius.toPrecision(6)} Å` : `edges within ${radius} Å`;
        throw new Error(`neighbor list: more than maxEdges = ${this.maxEdges} ${what} for ${n} atoms; ` +
          `raise maxEdges (at most ${MAX_EDGES_LIMIT}), reduce the cutoff${this.skin > 0 ? ' or skin' : ''}, or split the structure`);
      }
      want = Math.ceil(-found * GROWTH);
    }
    this.built = { n, pbcMask: input.pbcMask, cell: input.cell.slice(), candidates: found, count: 0 };
    this.rebuilt = true;
    this.rebuildCount++;
    this.finish(n, pos, this.built);
    return this.edges();
  }

  /** Edge vectors (no skin) or the skin filter, from the positions at `pos`. */
  private finish(n: number, pos: number, built: Built): void {
    const { ws, core } = this;
    const cell = ws.ptr(this.buf('cell'));
    const out = edgeBufferNames(this.name);
    const m = Math.max(built.candidates, 1);
    const i = ws.buffer(out.i, 4 * m).ptr;
    const vec = ws.buffer(out.vec, 24 * m).ptr;
    if (this.skin === 0) {
      core.nlVectors(n, pos, cell, ws.ptr(out.rowStart), ws.ptr(out.j), ws.ptr(out.shift), i, vec);
      built.count = built.candidates;
      return;
    }
    const rowStart = ws.buffer(out.rowStart, 4 * (n + 1)).ptr;
    const j = ws.buffer(out.j, 4 * m).ptr;
    const shift = ws.buffer(out.shift, 12 * m).ptr;
    const rev = ws.buffer(out.rev, 4 * m).ptr;
    const cursor = ws.buffer(this.buf('cursor'), 4 * Math.max(n, 1)).ptr;
    const count = core.nlFilter(n, pos, cell, this.cutoff,
      ws.ptr(this.buf('cand.rowStart')), ws.ptr(this.buf('cand.j')), ws.ptr(this.buf('cand.shift')), cursor,
      rowStart, i, j, shift, vec, rev);
    if (count < 0) throw new Error(`neighbor list: ${statusText(NL_FILTER_MESSAGES, count)}`);
    built.count = count;
  }
}

function sameValues(a: Float64Array, b: Float64Array): boolean {
  for (let k = 0; k < a.length; k++) if (!Object.is(a[k], b[k])) return false;
  return true;
}
