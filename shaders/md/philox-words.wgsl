// Test kernel: Philox blocks and their Gaussians for counters (step, purpose, t / 3, t % 3),
// t = 0 .. count − 1, to compare with the Wasm core's philox4x32_10 and philoxGaussian.
@group(0) @binding(0) var<uniform> md: Md;
@group(0) @binding(1) var<storage, read_write> words: array<vec4<u32>>;
@group(0) @binding(2) var<storage, read_write> normals: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let t = flat_index(gid, groups);
  if (t >= md.n) { return; }
  let w = philox_block(vec4<u32>(md.step, u32(PHILOX_PURPOSE_LANGEVIN), t / 3u, t % 3u), vec2<u32>(md.seedLo, md.seedHi));
  words[t] = w;
  normals[t] = philox_gaussian(w);
}
