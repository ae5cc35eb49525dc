// Fills layer l's part of the activation store (act-store.ts) before its messages are formed, in
// two halves with a barrier between them (layer-forward.ts).
// An edge between two atoms of the same type has the radial MLP outputs of its reverse edge
// (same length bit for bit, same type pair), so only one edge of each such pair is evaluated
// and the other's records are copied: the MLPs run for mixed-type edges and for one edge of
// every same-type pair (copiesReverse), gathered into whole blocks of BLOCK columns.
import { hget, layerHdr, pathHdr, H_P, H_RAD_NLIN, L_NPATHS, PA_PAIR_STRIDE, PA_LIN } from "./plan";
import { cget, cptr, sptr, cstride, BLOCK, C_E, C_J, C_ROW, C_REV, C_TYPES, C_A0, C_A1, S_Q, S_ACT, S_R, S_SHIFTS, edgesFrom, edgesTo } from "./context";
import { edgeColumn, colField, setShifts, COL_EDGE, COL_I } from "./edge";
import { mlpForward, keptDerivatives } from "./mlp";
import { storeLayer, storeEdgeStride, storeRecord, storeROffset, recordAt } from "./act-store";
import { copy, at } from "./vec";
import { isMixed } from "./tau-store";
import { radialTables, lookupRecord } from "./radial-table";

/** Runs every path's MLP on the loaded columns and writes the records of the first `cnt`. */
function evaluateColumns<T>(plan: usize, weights: usize, ctx: usize, l: i32, layer: usize, cnt: i32): void {
  const lh = layerHdr(plan, l);
  const P = hget(plan, H_P), nlin = hget(plan, H_RAD_NLIN), np = hget(plan, lh + L_NPATHS);
  const recS = storeEdgeStride(plan, l), rec = storeRecord(plan), rOff = storeROffset(plan);
  const act = sptr(ctx, S_ACT), actS = cstride(ctx, S_ACT), R = sptr(ctx, S_R);
  for (let p = 0; p < np; p++) {
    const ph = pathHdr(plan, lh, p);
    setShifts(plan, ctx, hget(plan, ph + PA_PAIR_STRIDE));
    mlpForward<T>(plan, weights, ph + PA_LIN, nlin, sptr(ctx, S_SHIFTS), BLOCK, sptr(ctx, S_Q), cstride(ctx, S_Q), act, actS, R, P);
    for (let c = 0; c < cnt; c++) {
      const r = recordAt<T>(layer, recS, rec, colField(ctx, c, COL_EDGE), p);
      keptDerivatives<T>(plan, ph + PA_LIN, nlin, at<T>(act, c * actS), r);
      copy<T>(at<T>(r, rOff), at<T>(R, c * P), P);
    }
  }
}

/**
 * True when edge e (i → j) has its records copied from its reverse edge's (never for mixed
 * types). Exactly one edge of each same-type pair is evaluated: for i ≠ j the one in the lower
 * row when i + j is even, else the one in the higher row, so every row evaluates about half of
 * its same-type edges and the threads' shares (ranges of rows) get equal MLP work ("the reverse
 * edge first" gave the low rows most of it). A self-image pair (i = j) lies in one row: the
 * earlier edge evaluates.
 */
@inline function copiesReverse(ctx: usize, e: i32, i: i32, ti: i32): bool {
  if (isMixed(ctx, e, ti)) return false;
  const j = load<i32>(cptr(ctx, C_J) + (<usize>e << 2));
  if (j == i) return load<i32>(cptr(ctx, C_REV) + (<usize>e << 2)) < e;
  return (j < i) == (((i + j) & 1) == 0);
}

/** 1 when evaluateStore runs the radial MLPs of edge e (row i), 0 when copyStore copies its reverse edge's records. */
export function storeEvaluates(ctx: usize, e: i32, i: i32): i32 {
  return copiesReverse(ctx, e, i, load<i32>(cptr(ctx, C_TYPES) + (<usize>i << 2))) ? 0 : 1;
}

/**
 * The first half of the fill: the MLPs of the share's edges that evaluate. On several threads
 * copyStore must wait for every share's (a barrier: a reverse edge may be another share's).
 */
export function evaluateStore<T>(plan: usize, weights: usize, ctx: usize, l: i32): void {
  const a0 = cget(ctx, C_A0), a1 = cget(ctx, C_A1);
  if (cget(ctx, C_E) == 0) return;
  const row = cptr(ctx, C_ROW), types = cptr(ctx, C_TYPES);
  const layer = storeLayer<T>(plan, ctx, l);
  let k = 0;
  for (let i = a0; i < a1; i++) {
    const ti = load<i32>(types + (<usize>i << 2));
    const e1 = load<i32>(row + (<usize>(i + 1) << 2));
    for (let e = load<i32>(row + (<usize>i << 2)); e < e1; e++) {
      if (copiesReverse(ctx, e, i, ti)) continue;
      edgeColumn<T>(plan, weights, ctx, k++, e, i, false, false, true);
      if (k == BLOCK) {
        evaluateColumns<T>(plan, weights, ctx, l, layer, k);
        k = 0;
      }
    }
  }
  if (k > 0) {
    // Pad the block with the last column (computed, not stored).
    const e = colField(ctx, k - 1, COL_EDGE), i = colField(ctx, k - 1, COL_I);
    for (let c = k; c < BLOCK; c++) edgeColumn<T>(plan, weights, ctx, c, e, i, false, false, true);
    evaluateColumns<T>(plan, weights, ctx, l, layer, k);
  }
}

/**
 * The second half: the share's other edges copy their reverse edge's records (all complete now).
 * Records of the MLPs (evaluateStore) or, in table mode, of the lookups (lookup-fill.ts).
 */
export function copyStore<T>(plan: usize, ctx: usize, l: i32): void {
  const a0 = cget(ctx, C_A0), a1 = cget(ctx, C_A1), E = cget(ctx, C_E);
  if (E == 0) return;
  const row = cptr(ctx, C_ROW), types = cptr(ctx, C_TYPES), rev = cptr(ctx, C_REV);
  const layer = storeLayer<T>(plan, ctx, l);
  const table = radialTables(ctx) != 0, rec = table ? lookupRecord(plan) : storeRecord(plan);
  const recS = table ? hget(plan, layerHdr(plan, l) + L_NPATHS) * rec : storeEdgeStride(plan, l);
  for (let i = a0; i < a1; i++) {
    const ti = load<i32>(types + (<usize>i << 2));
    const e1 = load<i32>(row + (<usize>(i + 1) << 2));
    for (let e = load<i32>(row + (<usize>i << 2)); e < e1; e++) {
      if (!copiesReverse(ctx, e, i, ti)) continue;
      copy<T>(recordAt<T>(layer, recS, rec, e, 0), recordAt<T>(layer, recS, rec, load<i32>(rev + (<usize>e << 2)), 0), recS);
    }
  }
  // The padded edges of the last block repeat the last edge (its share copies them).
  if (E - 1 < edgesFrom(ctx) || E - 1 >= edgesTo(ctx)) return;
  const padded = (E + BLOCK - 1) / BLOCK * BLOCK;
  for (let e = E; e < padded; e++) copy<T>(recordAt<T>(layer, recS, rec, e, 0), recordAt<T>(layer, recS, rec, E - 1, 0), recS);
}
