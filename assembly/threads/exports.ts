// Deterministic threads (threaded build only): thread 0 (the caller) hands every other thread a
// share of the call — a copy of its context with scratch of its own and a range of atoms with
// their CSR rows, cut by index (edges + atoms balanced), never by timing — bumps the job
// counter, and all run model/evaluate.ts on their shares, meeting at barriers between stages.
// Whole-call sums stay with thread 0 in the single-thread order, so any thread count gives the
// single thread's bits. Workers sit in threadsWorker, asleep on the job counter between calls.
import { word, SPINS, T_JOB, T_KIND, T_PLAN, T_WEIGHTS, T_SHARES, T_STRIDE, T_WORDS, JOB_F64, JOB_F32, JOB_STOP } from "./barrier";
import { evaluate } from "../model/evaluate";
import { cget, cptr, carveScratch, CTX_WORDS, C_N, C_E, C_ROW, C_A0, C_A1, C_TID, C_NT, C_SYNC, C_CAN_WAIT } from "../model/context";
import { setHyperRows, HYPER_ROWS_BYTES } from "../model/hyper";
import { storeEvaluates } from "../model/store-fill";

/** Spins of a worker waiting for the next call before it sleeps (~1 ms). */
const JOB_SPINS: i32 = 4 * SPINS;

/** Bytes of a share's context record, rounded to 16 (its scratch follows). */
@inline function recordBytes(): usize {
  return (<usize>CTX_WORDS * 4 + 15) & ~15;
}

/** Bytes of the hyper-moment factor records at the end of a share (hyper.ts setHyperRows). */
const ROWS_BYTES: usize = <usize>HYPER_ROWS_BYTES;

/** Bytes of one worker's share: context record, scratch (sized for f64) and factor rows. */
export function threadsShareBytes(plan: usize): f64 {
  return <f64>recordBytes() + carveScratch(plan, 0, 8, 0) + <f64>ROWS_BYTES;
}

/** i32 words of the control block. */
export function threadsControlWords(): i32 {
  return T_WORDS;
}

/** First atom of share t of nt: the smallest a with row[a] + a ≥ t·(E + N)/nt. */
function cut(ctx: usize, t: i32, nt: i32): i32 {
  const N = cget(ctx, C_N), row = cptr(ctx, C_ROW);
  const target = (<i64>t * <i64>(cget(ctx, C_E) + N)) / <i64>nt;
  let lo = 0, hi = N;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (<i64>(load<i32>(row + (<usize>mid << 2)) + mid) >= target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function setShare(s: usize, tid: i32, nt: i32, ctl: usize, canWait: bool, a0: i32, a1: i32): void {
  store<i32>(s + (<usize>C_A0 << 2), a0);
  store<i32>(s + (<usize>C_A1 << 2), a1);
  store<i32>(s + (<usize>C_TID << 2), tid);
  store<i32>(s + (<usize>C_NT << 2), nt);
  store<u32>(s + (<usize>C_SYNC << 2), <u32>ctl);
  store<i32>(s + (<usize>C_CAN_WAIT << 2), canWait ? 1 : 0);
}

function run(kind: i32, ctl: usize, plan: usize, weights: usize, ctx: usize, shares: usize, nt: i32, canWait: bool): f64 {
  const stride = <usize>threadsShareBytes(plan), elemBytes = kind == JOB_F64 ? 8 : 4;
  for (let t = 1; t < nt; t++) {
    const s = shares + (<usize>(t - 1)) * stride;
    memory.copy(s, ctx, <usize>CTX_WORDS * 4);
    carveScratch(plan, s, elemBytes, <f64>(s + recordBytes()));
    setShare(s, t, nt, ctl, true, cut(ctx, t, nt), cut(ctx, t + 1, nt));
  }
  setShare(ctx, 0, nt, ctl, canWait, 0, cut(ctx, 1, nt));
  store<i32>(word(ctl, T_KIND), kind);
  store<u32>(word(ctl, T_PLAN), <u32>plan);
  store<u32>(word(ctl, T_WEIGHTS), <u32>weights);
  store<u32>(word(ctl, T_SHARES), <u32>shares);
  store<u32>(word(ctl, T_STRIDE), <u32>stride);
  atomic.add<i32>(word(ctl, T_JOB), 1);
  atomic.notify(word(ctl, T_JOB), nt);
  const energy = kind == JOB_F64 ? evaluate<f64>(plan, weights, ctx) : evaluate<f32>(plan, weights, ctx);
  setShare(ctx, 0, 1, 0, false, 0, cget(ctx, C_N)); // the context is the whole call again
  return energy;
}

/**
 * modelEvaluateF64 on nt threads (nt - 1 workers in threadsWorker on `ctl`); `shares` holds
 * nt - 1 shares of threadsShareBytes. canWait = 0 where this thread may not block (a browser's
 * main thread): it spins at the barriers instead. Returns the total energy (eV).
 */
export function threadsEvaluateF64(ctl: usize, plan: usize, weights: usize, ctx: usize, shares: usize, nt: i32, canWait: i32): f64 {
  return run(JOB_F64, ctl, plan, weights, ctx, shares, nt, canWait != 0);
}

/** modelEvaluateF32 on nt threads, as threadsEvaluateF64. */
export function threadsEvaluateF32(ctl: usize, plan: usize, weights: usize, ctx: usize, shares: usize, nt: i32, canWait: i32): f64 {
  return run(JOB_F32, ctl, plan, weights, ctx, shares, nt, canWait != 0);
}

/** A worker's life (tid ≥ 1): sleeps on the job counter, runs its share of each call, returns on threadsStop. */
export function threadsWorker(ctl: usize, tid: i32): void {
  let seen = 0;
  while (true) {
    // Back-to-back calls (MD, a benchmark) come within a millisecond: spin that long first.
    let spins = 0;
    while (atomic.load<i32>(word(ctl, T_JOB)) == seen) {
      if (++spins > JOB_SPINS) atomic.wait<i32>(word(ctl, T_JOB), seen, -1);
    }
    seen = atomic.load<i32>(word(ctl, T_JOB));
    const kind = load<i32>(word(ctl, T_KIND));
    if (kind == JOB_STOP) return;
    const stride = <usize>load<u32>(word(ctl, T_STRIDE));
    const share = <usize>load<u32>(word(ctl, T_SHARES)) + (<usize>(tid - 1)) * stride;
    setHyperRows(share + stride - ROWS_BYTES);
    const plan = <usize>load<u32>(word(ctl, T_PLAN)), weights = <usize>load<u32>(word(ctl, T_WEIGHTS));
    if (kind == JOB_F64) evaluate<f64>(plan, weights, share);
    else evaluate<f32>(plan, weights, share);
  }
}

/**
 * Whether the activation store's fill evaluates edge e of row i (1) or copies its reverse edge (0):
 * the rule that divides that stage's work between the shares, exported for its test.
 */
export function threadsStoreEvaluates(ctx: usize, e: i32, i: i32): i32 {
  return storeEvaluates(ctx, e, i);
}

/** Sends every worker of `ctl` home (threadsWorker returns). */
export function threadsStop(ctl: usize, nt: i32): void {
  store<i32>(word(ctl, T_KIND), JOB_STOP);
  atomic.add<i32>(word(ctl, T_JOB), 1);
  atomic.notify(word(ctl, T_JOB), nt);
}
