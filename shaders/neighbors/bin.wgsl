// Bins every atom and records W, the whole cells its fractional coordinate is wrapped by along
// periodic axes, then writes the sort key (bin, atom): sorting these keys (bitonic.wgsl) is a
// stable sort by bin, so atoms inside a bin stay in index order. Padding keys sort last.
@group(0) @binding(0) var<uniform> plan: Plan;
@group(0) @binding(1) var<storage, read> pos: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read_write> atomWrap: array<vec4<i32>>;
@group(0) @binding(3) var<storage, read_write> keys: array<vec2<u32>>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flat_index(gid, groups);
  let n = u32(plan.pbc.w);
  if (i >= u32(plan.radius2.y)) { return; }
  if (i >= n) { keys[i] = vec2<u32>(0xffffffffu, i); return; }
  let f = fractional(plan, vec3<f32>(fx_to_f32(pos[3u * i]), fx_to_f32(pos[3u * i + 1u]), fx_to_f32(pos[3u * i + 2u])));
  var w = vec3<i32>(0);
  var b = vec3<i32>(0);
  for (var a = 0; a < 3; a++) {
    var u: f32;
    if (plan.pbc[a] != 0) {
      let whole = floor(f[a]);
      w[a] = i32(whole);
      u = (f[a] - whole) * plan.scale[a];
    } else {
      u = (f[a] - plan.origin[a]) * plan.scale[a];
    }
    b[a] = clamp(i32(floor(u)), 0, plan.nb[a] - 1);
  }
  let bin = (b.x * plan.nb.y + b.y) * plan.nb.z + b.z;
  atomWrap[i] = vec4<i32>(w, bin);
  keys[i] = vec2<u32>(u32(bin), i);
}
