// The activation store: with the reverse pass on and memory to spare (the host decides, through
// flag 1 of C_KEEP), the forward pass keeps what the reverse pass needs of every radial MLP evaluation —
// SiLU'(z) of each hidden layer and the output R — instead of the reverse pass recomputing it.
// One record per (layer, edge, path): [d_1 | d_2 | … | R], widths padded as in the plan.
// Because the reverse edge rev(e) is an edge of its own (length bit-identical, type pair
// swapped), its record also serves the gather through rev(e). The stored values are the
// very ones recomputation produces (same operations, same order), so results are the same bits.
// Edges are counted up to a whole block: the padded columns of the last block are stored too.
// With radial tables a record is the lookup's [R | dR/dr] instead (radial-table.ts lookupRecord).
import { hget, layerHdr, pathHdr, H_P, H_LAYERS, H_RAD_NLIN, L_NPATHS, PA_LIN, LIN_SIZE, LIN_OUTP } from "./plan";
import { cget, cptr, C_E, C_ACT_STORE, BLOCK } from "./context";
import { radialTables, lookupRecord } from "./radial-table";

/** Edges with records: E rounded up to a whole block. */
@inline function paddedEdges(ctx: usize): i32 {
  return (cget(ctx, C_E) + BLOCK - 1) / BLOCK * BLOCK;
}

/** Elements of d_1..d_{nlin-1} in a record (where R starts). */
export function storeROffset(plan: usize): i32 {
  const lin = pathHdr(plan, layerHdr(plan, 0), 0) + PA_LIN;
  let n = 0;
  for (let k = 0; k < hget(plan, H_RAD_NLIN) - 1; k++) n += hget(plan, lin + k * LIN_SIZE + LIN_OUTP);
  return n;
}

/** Elements of one record. */
@inline export function storeRecord(plan: usize): i32 {
  return storeROffset(plan) + hget(plan, H_P);
}

/** Bytes of the store for the context's edge count (as f64: may exceed wasm32). */
export function storeBytes(plan: usize, ctx: usize, elemBytes: i32): f64 {
  let paths = 0;
  for (let l = 0; l < hget(plan, H_LAYERS); l++) paths += hget(plan, layerHdr(plan, l) + L_NPATHS);
  return <f64>paddedEdges(ctx) * <f64>paths * <f64>recordOf(plan, ctx) * <f64>elemBytes;
}

/** The store of this call, or 0 when the reverse pass recomputes. */
@inline export function actStore(ctx: usize): usize {
  return cptr(ctx, C_ACT_STORE);
}

/** Layer l's part of a store that is not 0 (its records follow edge by edge, path by path). */
export function storeLayer<T>(plan: usize, ctx: usize, l: i32): usize {
  let before = 0;
  for (let k = 0; k < l; k++) before += hget(plan, layerHdr(plan, k) + L_NPATHS);
  return actStore(ctx) + (<usize>before) * (<usize>paddedEdges(ctx)) * (<usize>recordOf(plan, ctx)) * sizeof<T>();
}

/** Elements of one record of this call's store: the MLP's, or the radial tables' lookup. */
@inline function recordOf(plan: usize, ctx: usize): i32 {
  return radialTables(ctx) ? lookupRecord(plan) : storeRecord(plan);
}

/** Record of (edge e, path p) in layer l's part `layer` (storeLayer); recS = storeEdgeStride(plan, l). */
@inline export function recordAt<T>(layer: usize, recS: i32, rec: i32, e: i32, p: i32): usize {
  return layer + ((<usize>e) * (<usize>recS) + (<usize>p) * (<usize>rec)) * sizeof<T>();
}

/** Elements between the records of consecutive edges (same layer and path). */
export function storeEdgeStride(plan: usize, l: i32): i32 {
  return hget(plan, layerHdr(plan, l) + L_NPATHS) * storeRecord(plan);
}
