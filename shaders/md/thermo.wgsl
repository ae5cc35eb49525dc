// Per-atom thermo terms (½·MVV2E·m_i·|v_i|², eV; the force pass's atomic energy, eV) as records
// (ke, 0, pe, 0) for reduce-sum.wgsl.
@group(0) @binding(0) var<uniform> md: Md;
@group(0) @binding(1) var<storage, read> vel: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> mass: array<f32>;
@group(0) @binding(3) var<storage, read> energies: array<f32>;
@group(0) @binding(4) var<storage, read_write> records: array<vec4<f32>>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flat_index(gid, groups);
  if (i >= md.n) { return; }
  let v = vel[i].xyz;
  records[i] = vec4<f32>(f32(0.5 * MVV2E) * mass[i] * ((v.x * v.x + v.y * v.y) + v.z * v.z), 0.0, energies[i], 0.0);
}
