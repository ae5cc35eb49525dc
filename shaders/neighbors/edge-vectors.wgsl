// vec[e] = (r_ij, 0) with r_ij = x_j − x_i + S·cell (Å) from the current fixed-point positions:
// the step's refresh of the edge vectors between rebuilds (and after each).
@group(0) @binding(0) var<uniform> sizes: EdgeSizes;
@group(0) @binding(1) var<storage, read> pos: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> cellFix: array<vec2<u32>, 9>;
@group(0) @binding(3) var<storage, read> ctr: array<u32>;
@group(0) @binding(4) var<storage, read> nbr: array<u32>;
@group(0) @binding(5) var<storage, read> shift: array<vec4<i32>>;
@group(0) @binding(6) var<storage, read_write> vec: array<vec4<f32>>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let e = flat_index(gid, groups);
  if (e >= sizes.count) { return; }
  let i = ctr[e];
  let j = nbr[e];
  let s = shift[e].xyz;
  vec[e] = vec4<f32>(
    fx_edge_component(pos[3u * i], pos[3u * j], s, cellFix[0], cellFix[3], cellFix[6]),
    fx_edge_component(pos[3u * i + 1u], pos[3u * j + 1u], s, cellFix[1], cellFix[4], cellFix[7]),
    fx_edge_component(pos[3u * i + 2u], pos[3u * j + 2u], s, cellFix[2], cellFix[5], cellFix[8]),
    0.0);
}
