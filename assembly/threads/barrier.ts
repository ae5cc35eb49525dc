// The control block that a call's threads share (host-allocated, 16 bytes-aligned i32 words in
// shared memory) and the barrier they meet at between stages. Only the threaded build
// (--enable threads) compiles these: the default build has no atomics.

/** Job counter: thread 0 bumps it to start the workers on a call. */
export const T_JOB: i32 = 0;
/** Threads arrived at the current barrier. */
export const T_COUNT: i32 = 1;
/** Barrier generation: bumped by the last thread to arrive, which wakes the others. */
export const T_GEN: i32 = 2;
/** What the job is (JOB_F64, JOB_F32, JOB_STOP). */
export const T_KIND: i32 = 3;
export const T_PLAN: i32 = 4;
export const T_WEIGHTS: i32 = 5;
/** Where the workers' context records start, and the bytes from one to the next. */
export const T_SHARES: i32 = 6;
export const T_STRIDE: i32 = 7;
/** i32 words of the block. */
export const T_WORDS: i32 = 8;

export const JOB_F64: i32 = 1;
export const JOB_F32: i32 = 2;
export const JOB_STOP: i32 = 3;

/** Spins before sleeping: a stage ends within microseconds of the others on balanced shares. */
const SPINS: i32 = 2000;

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
    if (canWait && ++spins > SPINS) atomic.wait<i32>(word(ctl, T_GEN), gen, -1);
  }
}
