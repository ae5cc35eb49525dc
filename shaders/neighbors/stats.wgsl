// Per atom, what the rebuild decision and the plan need: two records (f, d²) and (−f, d²) with
// f the fractional coordinates (their maxima give the bounding box along open axes) and d² the
// squared displacement since the last build, Å² (+∞ when not finite: a NaN reads as "moved").
@group(0) @binding(0) var<uniform> plan: Plan;
@group(0) @binding(1) var<storage, read> pos: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> refPos: array<vec2<u32>>;
@group(0) @binding(3) var<storage, read_write> records: array<vec4<f32>>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flat_index(gid, groups);
  if (i >= u32(plan.pbc.w)) { return; }
  let d = vec3<f32>(fx_to_f32(fx_sub(pos[3u * i], refPos[3u * i])), fx_to_f32(fx_sub(pos[3u * i + 1u], refPos[3u * i + 1u])),
    fx_to_f32(fx_sub(pos[3u * i + 2u], refPos[3u * i + 2u])));
  var d2 = (d.x * d.x + d.y * d.y) + d.z * d.z;
  if (!(d2 <= 3.0e38)) { d2 = 3.4e38; }
  let f = fractional(plan, vec3<f32>(fx_to_f32(pos[3u * i]), fx_to_f32(pos[3u * i + 1u]), fx_to_f32(pos[3u * i + 2u])));
  records[2u * i] = vec4<f32>(f, d2);
  records[2u * i + 1u] = vec4<f32>(-f, d2);
}
