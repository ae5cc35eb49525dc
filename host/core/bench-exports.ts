// Signatures of the benchmark yardstick exported by assembly/bench/peak.ts.
export interface BenchExports {
  /** `iters` rounds of 8 independent f32x4 multiply-adds (64 flops per round). */
  simdPeakF32(iters: number, seed: number): number;
}
