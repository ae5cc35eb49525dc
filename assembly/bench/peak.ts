// Yardstick for the benchmark: the f32x4 multiply-add throughput this engine reaches on
// registers alone (8 independent accumulators hide latency). Wasm has no fused multiply-add
// outside relaxed SIMD, so one "FMA" here is f32x4.mul + f32x4.add = 8 flops.

/** Runs `iters` rounds of 8 independent f32x4 multiply-adds; returns a sum so nothing is elided. */
export function simdPeakF32(iters: i32, seed: f32): f32 {
  const m = f32x4.splat(0.999999);
  const c = f32x4.splat(seed * 1e-7);
  let a0 = f32x4.splat(seed), a1 = f32x4.splat(seed + 1), a2 = f32x4.splat(seed + 2), a3 = f32x4.splat(seed + 3);
  let a4 = f32x4.splat(seed + 4), a5 = f32x4.splat(seed + 5), a6 = f32x4.splat(seed + 6), a7 = f32x4.splat(seed + 7);
  for (let k = 0; k < iters; k++) {
    a0 = f32x4.add(f32x4.mul(a0, m), c); a1 = f32x4.add(f32x4.mul(a1, m), c);
    a2 = f32x4.add(f32x4.mul(a2, m), c); a3 = f32x4.add(f32x4.mul(a3, m), c);
    a4 = f32x4.add(f32x4.mul(a4, m), c); a5 = f32x4.add(f32x4.mul(a5, m), c);
    a6 = f32x4.add(f32x4.mul(a6, m), c); a7 = f32x4.add(f32x4.mul(a7, m), c);
  }
  const s = f32x4.add(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)), f32x4.add(f32x4.add(a4, a5), f32x4.add(a6, a7)));
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
}

/** Flops done by one call of simdPeakF32 per iteration. */
export const SIMD_PEAK_FLOPS_PER_ITER: i32 = 8 * 8;
