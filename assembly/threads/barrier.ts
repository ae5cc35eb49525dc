// The control block that a call's threads share (layout T of scripts/layouts/table.mjs, in
// shared memory) and the barrier they meet at between stages. Only the threaded build
// (--enable threads) compiles these: the default build has no atomics.

export { T_JOB, T_COUNT, T_GEN, T_KIND, T_PLAN, T_WEIGHTS, T_SHARES, T_STRIDE, T_FAILED, T_WORDS } from "../generated/layouts";
import { T_COUNT, T_GEN, T_FAILED } from "../generated/layouts";

export const JOB_F64: i32 = 1;
export const JOB_F32: i32 = 2;
export const JOB_STOP: i32 = 3;

/**
 * Spins before sleeping (~0.25 ms; ~0.8 ns a spin measured): balanced stages end within a
 * fraction of a millisecond of each other, and a thread that slept costs the call its wake-up
 * (in a VM a halted vCPU takes ~0.1–1 ms to resume). 2000 spins (~2 µs) slept at nearly every
 * barrier: water-64 on 2 threads took ~10 % longer (median wall, same run).
 */
export const SPINS: i32 = 300_000;

@inline export function word(ctl: usize, k: i32): usize {
  return ctl + (<usize>k << 2);
}

/**
 * Returns once all `n` threads have called it (sense by generation, so it can be reused at
 * once). Atomics order memory: every write before the barrier is seen by every thread after it.
 */
export function barrier(ctl: usize, n: i32, canWait: bool): void {
  const gen = atomic.load<i32>(word(ctl, T_GEN));
  if (atomic.add<i32>(word(ctl, T_COUNT), 1) == n - 1) {
    atomic.store<i32>(word(ctl, T_COUNT), 0);
    atomic.add<i32>(word(ctl, T_GEN), 1);
    atomic.notify(word(ctl, T_GEN), n);
    return;
  }
  let spins = 0;
  while (atomic.load<i32>(word(ctl, T_GEN)) == gen) {
    // A dead worker never arrives: the host raises T_FAILED and throws once the call returns.
    if (atomic.load<i32>(word(ctl, T_FAILED)) != 0) return;
    if (canWait && ++spins > SPINS) atomic.wait<i32>(word(ctl, T_GEN), gen, -1);
  }
}
