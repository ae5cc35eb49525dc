// Drift x += h·v on the fixed-point positions (h = dt: `full`, dt/2: `half`): the increment is
// rounded once to 2^-32 Å and added exactly. A non-finite or absurd increment (|h·v| ≥ 2^20 Å)
// sets `fault` (an integer OR, so its value does not depend on order) and leaves x alone.
@group(0) @binding(0) var<uniform> md: Md;
@group(0) @binding(1) var<storage, read> vel: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> pos: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read_write> fault: array<atomic<u32>, 4>;

fn drift(i: u32, h: f32) {
  let d = h * vel[i].xyz;
  for (var k = 0u; k < 3u; k++) {
    if (!(abs(d[k]) < 1048576.0)) {
      atomicOr(&fault[0], 1u);
      continue;
    }
    pos[3u * i + k] = fx_add(pos[3u * i + k], fx_from_f32(d[k]));
  }
}

@compute @workgroup_size(256)
fn full(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flat_index(gid, groups);
  if (i < md.n) { drift(i, md.dt); }
}

@compute @workgroup_size(256)
fn half(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flat_index(gid, groups);
  if (i < md.n) { drift(i, 0.5 * md.dt); }
}
