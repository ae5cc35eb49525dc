// Exclusive prefix sum of u32 counts (edge counts → CSR row starts), in two entry points the
// host applies level by level: `chunks` scans 256 values per invocation in place and writes
// the chunk's total; `spread` adds each chunk's (scanned) offset. Integer sums: exact.
@group(0) @binding(0) var<uniform> sizes: Level;
@group(0) @binding(1) var<storage, read_write> data: array<u32>;
@group(0) @binding(2) var<storage, read_write> totals: array<u32>;

@compute @workgroup_size(256)
fn chunks(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let g = flat_index(gid, groups);
  let first = g * 256u;
  if (first >= sizes.count) { return; }
  let end = min(first + 256u, sizes.count);
  var sum = 0u;
  for (var k = first; k < end; k++) {
    let v = data[k];
    data[k] = sum;
    sum += v;
  }
  totals[g] = sum;
}

@compute @workgroup_size(256)
fn spread(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let k = flat_index(gid, groups);
  if (k >= sizes.count) { return; }
  let offset = totals[k >> 8u];
  data[k] = data[k] + offset;
}
