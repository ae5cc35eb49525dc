// The search plan every neighbour kernel reads (helpers and the uniform's shape, no bindings;
// host/backends/webgpu/neighbor-plan.ts writes it: keep the two in step). Fractional
// coordinates are f_a = x·b_a over the search frame's dual vectors b_a (periodic cell rows,
// completed by unit vectors along open axes); bins only steer the search, the edge test itself
// is exact (md/fixed.wgsl), and the host sizes bins with a margin for f32 binning.
struct Plan {
  dual0: vec4<f32>,
  dual1: vec4<f32>,
  dual2: vec4<f32>,
  /** Fractional coordinate of bin 0's start per open axis (0 on periodic axes). */
  origin: vec4<f32>,
  /** Bins per unit of fractional coordinate. */
  scale: vec4<f32>,
  /** Bins per axis; w: all bins. */
  nb: vec4<i32>,
  /** Stencil reach per axis, in bins. */
  reach: vec4<i32>,
  /** 1 where periodic; w: atoms. */
  pbc: vec4<i32>,
  /** x: unused; y: padded atom count. */
  radius2: vec4<f32>,
  /** xy: ceil(radius²·2^50) as (high, low) words, the exact inclusion test's limit (fx_within). */
  limit: vec4<u32>,
}

fn fractional(plan: Plan, x: vec3<f32>) -> vec3<f32> {
  return vec3<f32>(dot(x, plan.dual0.xyz), dot(x, plan.dual1.xyz), dot(x, plan.dual2.xyz));
}
