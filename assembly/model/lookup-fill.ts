// Table mode's part of the activation store ([R | dR/dr] of every edge and path), filled before
// a layer's messages in (type pair, interval) order rather than edge by edge. The tables (tens
// of MiB) are far larger than the caches and edge order visits their intervals at random; in
// this order each stretch of a table is read once per call, sequentially (water-64, f32: 4 %
// faster on one thread; the lookups' arithmetic is most of what remains). Every lookup is the same function of (pair, length) wherever it runs, so
// the records, and all results, are the same bits as the in-block lookups of the messages. As in
// exact mode, one edge of each same-type pair looks up and the other copies its records (same
// pair, bit-identical length) after the barrier (store-fill.ts copyStore).
//
// The order (one u64 per edge: key << 32 | edge, key = pair·(K-1) + interval) is sorted once
// per call, by each thread for its own share of edges, and serves every layer.
import { cget, cptr, C_E, C_J, C_VEC, C_TYPES, C_ROW, C_RKNOTS, C_A0, C_A1, C_LOOKUP_ORDER, edgesFrom, edgesTo } from "./context";
import { hget, layerHdr, H_NTYPES, L_NPATHS } from "./plan";
import { storeLayer, recordAt } from "./act-store";
import { lookupRecord, tableEdge, tableInterval, touchEdge } from "./radial-table";
import { storeEvaluates } from "./store-fill";

/** The key of an edge that copies its reverse edge's records: sorts after every lookup. */
const COPIED: u64 = U64.MAX_VALUE;

/** The edge of an order key. */
@inline function lookupEdge(w: u64): i32 {
  return <i32>(w & 0xffffffff);
}

/** The type pair of an order key (intervals: K-1). */
@inline function lookupPair(w: u64, intervals: u64): i32 {
  return <i32>((w >> 32) / intervals);
}

/** Bytes of the order for E edges: the keys and a merge buffer. */
export function lookupOrderBytes(E: f64): f64 {
  return 16 * E;
}

/** Edge e's length as the block loader computes it (f64 from the edge vector, then rounded to T). */
@inline function edgeLength<T>(ctx: usize, e: i32): T {
  const p = cptr(ctx, C_VEC) + (<usize>e) * 24;
  const x = load<f64>(p), y = load<f64>(p, 8), z = load<f64>(p, 16);
  return <T>Math.sqrt(x * x + y * y + z * z);
}

/** Sorts the share's edges by (type pair, interval), then edge (the keys are distinct). */
export function sortLookups<T>(plan: usize, ctx: usize): void {
  const e0 = edgesFrom(ctx), e1 = edgesTo(ctx);
  if (e1 <= e0) return;
  const keys = cptr(ctx, C_LOOKUP_ORDER), tmp = keys + (<usize>cget(ctx, C_E) << 3);
  const row = cptr(ctx, C_ROW), types = cptr(ctx, C_TYPES), J = cptr(ctx, C_J);
  const nt = hget(plan, H_NTYPES), intervals = <u64>(cget(ctx, C_RKNOTS) - 1);
  for (let i = cget(ctx, C_A0), a1 = cget(ctx, C_A1); i < a1; i++) {
    const ti = load<i32>(types + (<usize>i << 2));
    for (let e = load<i32>(row + (<usize>i << 2)), end = load<i32>(row + (<usize>(i + 1) << 2)); e < end; e++) {
      // An edge whose reverse has the same records (same types) copies them later (store-fill.ts).
      if (!storeEvaluates(ctx, e, i)) {
        store<u64>(keys + (<usize>e << 3), COPIED);
        continue;
      }
      const tj = load<i32>(types + (<usize>load<i32>(J + (<usize>e << 2)) << 2));
      const key = <u64>(ti * nt + tj) * intervals + <u64>tableInterval<T>(ctx, edgeLength<T>(ctx, e));
      store<u64>(keys + (<usize>e << 3), (key << 32) | <u64>e);
    }
  }
  mergeSort(keys + (<usize>e0 << 3), tmp + (<usize>e0 << 3), e1 - e0);
}

/** Bottom-up merge sort of n u64 at a (b: scratch of n); the result ends in a. */
function mergeSort(a: usize, b: usize, n: i32): void {
  let src = a, dst = b;
  for (let w = 1; w < n; w <<= 1) {
    for (let lo = 0; lo < n; lo += 2 * w) {
      const mid = min(lo + w, n), hi = min(lo + 2 * w, n);
      let i = lo, j = mid;
      for (let k = lo; k < hi; k++) {
        const x = i < mid ? load<u64>(src + (<usize>i << 3)) : U64.MAX_VALUE;
        const y = j < hi ? load<u64>(src + (<usize>j << 3)) : U64.MAX_VALUE;
        if (j < hi && (i >= mid || y < x)) {
          store<u64>(dst + (<usize>k << 3), y);
          j++;
        } else {
          store<u64>(dst + (<usize>k << 3), x);
          i++;
        }
      }
    }
    const s = src; src = dst; dst = s;
  }
  if (src != a) memory.copy(a, src, (<usize>n) << 3);
}

/**
 * Layer l's records of the share's edges that evaluate, in sorted order. The others, and the
 * block padding after edge E-1, are copied after the barrier that completes every share's
 * (store-fill.ts copyStore), as in exact mode.
 */
export function fillLookups<T>(plan: usize, ctx: usize, l: i32): void {
  const e0 = edgesFrom(ctx), e1 = edgesTo(ctx);
  if (e1 <= e0) return;
  const keys = cptr(ctx, C_LOOKUP_ORDER), intervals = <u64>(cget(ctx, C_RKNOTS) - 1);
  const rec = lookupRecord(plan), recS = hget(plan, layerHdr(plan, l) + L_NPATHS) * rec;
  const layer = storeLayer<T>(plan, ctx, l);
  let touched: u32 = 0;
  for (let k = e0; k < e1; k++) {
    const w = load<u64>(keys + (<usize>k << 3));
    if (w == COPIED) break; // sorted last
    // The next lookup's stretch is fetched while this one computes (aspirin f32: 8 % faster),
    // unless it is this stretch or the one after it, which the caches have or stream in anyway.
    if (k + 1 < e1) {
      const next = load<u64>(keys + (<usize>(k + 1) << 3));
      if (next != COPIED && (next >> 32) - (w >> 32) > 1) touched ^= touchEdge<T>(plan, ctx, l, lookupPair(next, intervals), edgeLength<T>(ctx, lookupEdge(next)));
    }
    tableEdge<T>(plan, ctx, l, lookupPair(w, intervals), edgeLength<T>(ctx, lookupEdge(w)), recordAt<T>(layer, recS, rec, lookupEdge(w), 0), rec);
  }
  // The folded touch loads, kept in this share's part of the merge buffer (unused once sorted).
  store<u32>(keys + (<usize>(cget(ctx, C_E) + e0) << 3), touched);
}
