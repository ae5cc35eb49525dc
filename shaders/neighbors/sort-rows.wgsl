// Puts each row in the canonical order of the Wasm core (neighbour j ascending, then image
// shift S lexicographically): insertion sort by one invocation per row. (j, S) is unique in a
// row, so the order does not depend on the order the search visited. Also writes ctr (the
// centre atom of each edge).
@group(0) @binding(0) var<uniform> sizes: EdgeSizes;
@group(0) @binding(1) var<storage, read> row: array<u32>;
@group(0) @binding(2) var<storage, read_write> nbr: array<u32>;
@group(0) @binding(3) var<storage, read_write> shift: array<vec4<i32>>;
@group(0) @binding(4) var<storage, read_write> ctr: array<u32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flat_index(gid, groups);
  if (i >= sizes.n) { return; }
  let first = row[i];
  let end = row[i + 1u];
  for (var e = first; e < end; e++) { ctr[e] = i; }
  for (var a = first + 1u; a < end; a++) {
    let j = nbr[a];
    let s = shift[a];
    var b = a;
    while (b > first && edge_before(j, s.xyz, nbr[b - 1u], shift[b - 1u].xyz)) {
      nbr[b] = nbr[b - 1u];
      shift[b] = shift[b - 1u];
      b--;
    }
    nbr[b] = j;
    shift[b] = s;
  }
}
