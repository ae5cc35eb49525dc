// Component-wise maximum over records of two vec4 (stats.wgsl): invocation g reduces records
// 256g .. 256g+255 in index order into output record g; the host repeats until one is left.
@group(0) @binding(0) var<uniform> sizes: Level;
@group(0) @binding(1) var<storage, read> src: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> dst: array<vec4<f32>>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let g = flat_index(gid, groups);
  let first = g * 256u;
  if (first >= sizes.count) { return; }
  let end = min(first + 256u, sizes.count);
  var a = src[2u * first];
  var b = src[2u * first + 1u];
  for (var r = first + 1u; r < end; r++) {
    a = max(a, src[2u * r]);
    b = max(b, src[2u * r + 1u]);
  }
  dst[2u * g] = a;
  dst[2u * g + 1u] = b;
}
