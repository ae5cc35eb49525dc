// Half kick v += ½dt · f · a_i (a_i = 1/(m_i·MVV2E), Å/fs² per eV/Å), as mdKick.
@group(0) @binding(0) var<uniform> md: Md;
@group(0) @binding(1) var<storage, read_write> vel: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> force: array<f32>;
@group(0) @binding(3) var<storage, read> accel: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flat_index(gid, groups);
  if (i >= md.n) { return; }
  let a = accel[i];
  let f = vec3<f32>(force[3u * i], force[3u * i + 1u], force[3u * i + 2u]);
  let v = vel[i];
  vel[i] = vec4<f32>(v.xyz + (0.5 * md.dt) * (f * a), 0.0);
}
