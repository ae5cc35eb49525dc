// Timing helpers: warm up, then the median of repeated calls (robust to a loaded machine).
export interface Timing {
  readonly medianMs: number;
  readonly minMs: number;
  readonly runs: number;
}

export function time(fn: () => void, { warmup = 2, runs = 7, budgetMs = 20_000 } = {}): Timing {
  for (let k = 0; k < warmup; k++) fn();
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
