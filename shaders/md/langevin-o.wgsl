// Langevin's O part, as mdLangevinO: v ← c1·v + σ_i·ξ with c1 = exp(−γ dt), σ_i =
// sqrt((1 − c1²) kT / (m_i·MVV2E)) (host, f64 → f32) and ξ from Philox stream
// (seed, step, PHILOX_PURPOSE_LANGEVIN, atom, component).
@group(0) @binding(0) var<uniform> md: Md;
@group(0) @binding(1) var<storage, read_write> vel: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> sigma: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flat_index(gid, groups);
  if (i >= md.n) { return; }
  var v = vel[i];
  for (var k = 0u; k < 3u; k++) {
    let xi = philox_gaussian(philox_block(vec4<u32>(md.step, u32(PHILOX_PURPOSE_LANGEVIN), i, k), vec2<u32>(md.seedLo, md.seedHi)));
    v[k] = md.decay * v[k] + sigma[i] * xi;
  }
  vel[i] = v;
}
