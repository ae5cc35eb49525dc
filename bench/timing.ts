// Timing helpers: warm up, then the median of repeated calls (robust to a loaded machine).
export interface Timing {
  readonly medianMs: number;
  readonly minMs: number;
  readonly runs: number;
}

/**
 * V8 first runs Wasm on its baseline compiler (Liftoff) and swaps in optimized code (TurboFan)
 * per function once it is hot, compiled in the background: the first calls of a fresh instance,
 * and of each worker's own instance on threads, run up to 1.7× slower (aspirin: 14 ms, then 8.4
 * from about the 7th call). Every timed figure here is the steady state that MD sees, so calls
 * are repeated before timing until at least `calls` have run and `ms` have passed.
 */
export const WARM_UP: { readonly calls: number; readonly ms: number } = { calls: 5, ms: 1500 };

/** Calls fn until at least `calls` calls and `ms` milliseconds (a slow call's first run counts for both). */
export function warmUp(fn: () => void, { calls = WARM_UP.calls, ms = WARM_UP.ms } = {}): void {
  const start = performance.now();
  for (let k = 0; k < calls || performance.now() - start < ms; k++) fn();
}

export function time(fn: () => void, { warmup = WARM_UP.calls, warmupMs = WARM_UP.ms, runs = 7, budgetMs = 20_000 } = {}): Timing {
  warmUp(fn, { calls: warmup, ms: warmupMs });
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < runs && (samples.length === 0 || performance.now() - start < budgetMs)) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { medianMs: samples[Math.floor(samples.length / 2)], minMs: samples[0], runs: samples.length };
}

export const fmt = (x: number, digits = 1): string => (Number.isFinite(x) ? x.toFixed(digits) : '—');
