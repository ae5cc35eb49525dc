// Helpers over the search plan every neighbour kernel reads (the uniform Plan, generated from
// scripts/layouts/table.mjs; host/backends/webgpu/neighbor-plan.ts writes it). Fractional
// coordinates are f_a = x·b_a over the search frame's dual vectors b_a (periodic cell rows,
// completed by unit vectors along open axes); bins only steer the search, the edge test itself
// is exact (md/fixed.wgsl), and the host sizes bins with a margin for f32 binning.

fn fractional(plan: Plan, x: vec3<f32>) -> vec3<f32> {
  return vec3<f32>(dot(x, plan.dual0.xyz), dot(x, plan.dual1.xyz), dot(x, plan.dual2.xyz));
}
