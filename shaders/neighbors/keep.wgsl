// The Verlet-skin filter, every step: from the candidates (within cutoff + skin, canonical
// order, vectors refreshed) keep those with |r| < cutoff (the exact test fx_within on the
// fixed-point positions), in the same order. `count` marks each candidate (.w of its image
// shift: 1 kept, 0 not) and writes the kept edges per row (a prefix sum makes the rows); `fill`
// copies them and links both ways through the .w lanes: candidate c's .w = its kept index (−1
// if dropped), kept edge e's .w = its candidate. A pair and its reverse are kept together (|r_ji| = |r_ij|
// bit for bit), so keep-reverse.wgsl can map the candidates' reverse indices.
@group(0) @binding(0) var<uniform> keep: Keep; // generated from scripts/layouts/table.mjs
@group(0) @binding(1) var<storage, read> candRow: array<u32>;
@group(0) @binding(2) var<storage, read> candVec: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> row: array<u32>;
@group(0) @binding(4) var<storage, read> candNbr: array<u32>;
@group(0) @binding(5) var<storage, read_write> candShift: array<vec4<i32>>;
@group(0) @binding(6) var<storage, read_write> nbr: array<u32>;
@group(0) @binding(7) var<storage, read_write> shift: array<vec4<i32>>;
@group(0) @binding(8) var<storage, read_write> vec: array<vec4<f32>>;
@group(0) @binding(9) var<storage, read> pos: array<vec2<u32>>;
@group(0) @binding(10) var<storage, read> cellFix: array<vec2<u32>, 9>;

@compute @workgroup_size(256)
fn count(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flat_index(gid, groups);
  if (i > keep.n) { return; }
  if (i == keep.n) { row[i] = 0u; return; }
  var m = 0u;
  for (var c = candRow[i]; c < candRow[i + 1u]; c++) {
    let j = candNbr[c];
    let s = candShift[c];
    let x = fx_edge_fixed(pos[3u * i], pos[3u * j], s.xyz, cellFix[0], cellFix[3], cellFix[6]);
    let y = fx_edge_fixed(pos[3u * i + 1u], pos[3u * j + 1u], s.xyz, cellFix[1], cellFix[4], cellFix[7]);
    let z = fx_edge_fixed(pos[3u * i + 2u], pos[3u * j + 2u], s.xyz, cellFix[2], cellFix[5], cellFix[8]);
    let kept = fx_within(x, y, z, keep.limit);
    candShift[c] = vec4<i32>(s.xyz, select(0, 1, kept));
    m += select(0u, 1u, kept);
  }
  row[i] = m;
}

@compute @workgroup_size(256)
fn fill(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flat_index(gid, groups);
  if (i >= keep.n) { return; }
  var e = row[i];
  for (var c = candRow[i]; c < candRow[i + 1u]; c++) {
    let s = candShift[c];
    if (s.w == 1) {
      nbr[e] = candNbr[c];
      shift[e] = vec4<i32>(s.xyz, i32(c));
      vec[e] = candVec[c];
      candShift[c] = vec4<i32>(s.xyz, i32(e));
      e++;
    } else {
      candShift[c] = vec4<i32>(s.xyz, -1);
    }
  }
}
