// Shared by the per-row and per-edge kernels (helpers, no bindings): their uniform and the
// canonical order within a row (neighbour j, then image shift S lexicographically).

fn edge_before(ja: u32, sa: vec3<i32>, jb: u32, sb: vec3<i32>) -> bool {
  if (ja != jb) { return ja < jb; }
  if (sa.x != sb.x) { return sa.x < sb.x; }
  if (sa.y != sb.y) { return sa.y < sb.y; }
  return sa.z < sb.z;
}
