// The Verlet-skin filter, every step: from the candidates (within cutoff + skin, canonical
// order, vectors refreshed) keep those with |r| < cutoff, in the same order. `count` writes the
// kept edges per row (a prefix sum makes the rows), `fill` copies them and links both ways
// through the .w lanes of the image shifts: candidate c's .w = its kept index (−1 if dropped),
// kept edge e's .w = its candidate. A pair and its reverse are kept together (|r_ji| = |r_ij|
// bit for bit), so keep-reverse.wgsl can map the candidates' reverse indices.
struct Keep { n: u32, candidates: u32, cutoff2: f32, pad: u32 }
@group(0) @binding(0) var<uniform> keep: Keep;
@group(0) @binding(1) var<storage, read> candRow: array<u32>;
@group(0) @binding(2) var<storage, read> candVec: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> row: array<u32>;
@group(0) @binding(4) var<storage, read> candNbr: array<u32>;
@group(0) @binding(5) var<storage, read_write> candShift: array<vec4<i32>>;
@group(0) @binding(6) var<storage, read_write> nbr: array<u32>;
@group(0) @binding(7) var<storage, read_write> shift: array<vec4<i32>>;
@group(0) @binding(8) var<storage, read_write> vec: array<vec4<f32>>;

fn kept(c: u32) -> bool {
  let r = candVec[c].xyz;
  return (r.x * r.x + r.y * r.y) + r.z * r.z < keep.cutoff2;
}

@compute @workgroup_size(256)
fn count(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flat_index(gid, groups);
  if (i > keep.n) { return; }
  if (i == keep.n) { row[i] = 0u; return; }
  var m = 0u;
  for (var c = candRow[i]; c < candRow[i + 1u]; c++) { m += select(0u, 1u, kept(c)); }
  row[i] = m;
}

@compute @workgroup_size(256)
fn fill(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flat_index(gid, groups);
  if (i >= keep.n) { return; }
  var e = row[i];
  for (var c = candRow[i]; c < candRow[i + 1u]; c++) {
    let s = candShift[c];
    if (kept(c)) {
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
