// Centre and reverse index of every kept edge (keep.wgsl): the reverse of kept edge e is the
// kept index of the reverse of its candidate.
@group(0) @binding(0) var<uniform> sizes: EdgeSizes;
@group(0) @binding(1) var<storage, read> shift: array<vec4<i32>>;
@group(0) @binding(2) var<storage, read> candShift: array<vec4<i32>>;
@group(0) @binding(3) var<storage, read> candRev: array<u32>;
@group(0) @binding(4) var<storage, read> candCtr: array<u32>;
@group(0) @binding(5) var<storage, read_write> ctr: array<u32>;
@group(0) @binding(6) var<storage, read_write> rev: array<u32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let e = flat_index(gid, groups);
  if (e >= sizes.count) { return; }
  let c = u32(shift[e].w);
  ctr[e] = candCtr[c];
  rev[e] = bitcast<u32>(candShift[candRev[c]].w);
}
