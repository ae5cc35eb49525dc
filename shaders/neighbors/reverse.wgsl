// rev[e]: the index of edge e's reverse (j, i, −S), found by binary search in the canonically
// ordered row of j; 0xffffffff if absent (an inconsistency the host reports).
@group(0) @binding(0) var<uniform> sizes: EdgeSizes;
@group(0) @binding(1) var<storage, read> row: array<u32>;
@group(0) @binding(2) var<storage, read> nbr: array<u32>;
@group(0) @binding(3) var<storage, read> shift: array<vec4<i32>>;
@group(0) @binding(4) var<storage, read> ctr: array<u32>;
@group(0) @binding(5) var<storage, read_write> rev: array<u32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let e = flat_index(gid, groups);
  if (e >= sizes.count) { return; }
  let i = ctr[e];
  let j = nbr[e];
  let want = -shift[e].xyz;
  var lo = row[j];
  var hi = row[j + 1u];
  while (lo < hi) {
    let mid = (lo + hi) / 2u;
    if (edge_before(nbr[mid], shift[mid].xyz, i, want)) { lo = mid + 1u; } else { hi = mid; }
  }
  var found = 0xffffffffu;
  if (lo < row[j + 1u] && nbr[lo] == i && all(shift[lo].xyz == want)) { found = lo; }
  rev[e] = found;
}
