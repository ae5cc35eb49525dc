// The neighbour-list check of a batch of MD steps, made on the GPU so that nothing is read back
// per step (host/backends/webgpu/step-gate.ts). When some atom has moved more than skin/2 since
// the last search (the maximum displacement² that stats.wgsl and reduce-max.wgsl leave in
// moved[0].w), the batch halts at this step: state[0] records the step, and every gated
// dispatch from here on is given zero workgroups (its indirect arguments, copied from `sizes`
// while the batch runs). The host reads state[0] at the batch's end, searches, and finishes
// that step itself, exactly as a step checked on the host would go.
@group(0) @binding(0) var<uniform> md: Md;
@group(0) @binding(1) var<uniform> gate: Gate;
@group(0) @binding(2) var<storage, read> moved: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> state: array<u32>;
@group(0) @binding(4) var<storage, read> sizes: array<u32>;
@group(0) @binding(5) var<storage, read_write> args: array<u32>;

@compute @workgroup_size(1)
fn main() {
  var halted = state[0];
  // !(d² ≤ limit): the host's test `moved² ≤ (skin/2)²` in f64, exactly (limit is the largest f32 below it).
  if (halted == 0u && !(moved[0].w <= gate.limit)) {
    halted = md.step;
    state[0] = halted;
  }
  let keep = select(1u, 0u, halted != 0u);
  for (var k = 0u; k < 3u * gate.slots; k++) {
    args[k] = sizes[k] * keep;
  }
}
