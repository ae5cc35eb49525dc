// The mixed-edge adjoint store: with memory to spare (the host decides, through flag 2 of
// C_KEEP), the reverse pass keeps, for every edge between atoms of different types, τ — the
// adjoint of the neighbour's contracted features, per input rank — as it is formed. The gather
// of a mixed edge e = (i→j) at its centre needs exactly τ of its reverse edge (j→i): the same
// products of the same factors in the same order (its message adjoint is e's with the sign
// (-1)^v that D_v(-n) carries, its radial MLP is the swapped type pair), so reading it back
// gives the bits the recomputation would, without running the swapped radial MLPs again.
import { hget, H_P, H_MAXV } from "./plan";
import { cget, cptr, C_N, C_ROW, C_J, C_TYPES, C_TAU, C_MSLOT } from "./context";

/** True when edge e joins atoms of different types (ti is the type of its centre). */
@inline export function isMixed(ctx: usize, e: i32, ti: i32): bool {
  const j = load<i32>(cptr(ctx, C_J) + (<usize>e << 2));
  return load<i32>(cptr(ctx, C_TYPES) + (<usize>j << 2)) != ti;
}

/** Edges between atoms of different types. */
export function mixedEdges(ctx: usize): i32 {
  const N = cget(ctx, C_N), row = cptr(ctx, C_ROW), types = cptr(ctx, C_TYPES);
  let m = 0;
  for (let i = 0; i < N; i++) {
    const ti = load<i32>(types + (<usize>i << 2));
    const e1 = load<i32>(row + (<usize>(i + 1) << 2));
    for (let e = load<i32>(row + (<usize>i << 2)); e < e1; e++) if (isMixed(ctx, e, ti)) m++;
  }
  return m;
}

/** Elements of one record: τ for input ranks 0..maxV, P each. */
@inline export function tauRecord(plan: usize): i32 {
  return (hget(plan, H_MAXV) + 1) * hget(plan, H_P);
}

/** Bytes of the store (as f64, so the host can compare with its budget). */
export function tauBytes(plan: usize, ctx: usize, elemBytes: i32): f64 {
  return <f64>mixedEdges(ctx) * <f64>tauRecord(plan) * <f64>elemBytes;
}

/** The store of this call, or 0 when mixed edges' reverse MLPs are recomputed. */
@inline export function tauStore(ctx: usize): usize {
  return cptr(ctx, C_TAU);
}

/** C_MSLOT[e] = ordinal of e among the mixed edges, or -1: where its record lives. */
export function numberMixedEdges(ctx: usize): void {
  const N = cget(ctx, C_N), row = cptr(ctx, C_ROW), types = cptr(ctx, C_TYPES), slot = cptr(ctx, C_MSLOT);
  let m = 0;
  for (let i = 0; i < N; i++) {
    const ti = load<i32>(types + (<usize>i << 2));
    const e1 = load<i32>(row + (<usize>(i + 1) << 2));
    for (let e = load<i32>(row + (<usize>i << 2)); e < e1; e++) store<i32>(slot + (<usize>e << 2), isMixed(ctx, e, ti) ? m++ : -1);
  }
}

/** Record of mixed edge e (C_MSLOT[e] ≥ 0). */
@inline export function tauAt<T>(plan: usize, ctx: usize, e: i32): usize {
  const s = load<i32>(cptr(ctx, C_MSLOT) + (<usize>e << 2));
  return tauStore(ctx) + (<usize>s) * (<usize>tauRecord(plan)) * sizeof<T>();
}
