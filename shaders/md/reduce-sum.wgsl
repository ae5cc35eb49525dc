// Compensated sums of two quantities, (sum, error) in (x, y) and (z, w): invocation g adds
// records 256g .. 256g+255 in index order by Knuth's TwoSum, carrying the rounding errors, into
// output record g; the host repeats until one record is left (a fixed order: the same bits on
// every run). The host adds sum + error in f64.
@group(0) @binding(0) var<uniform> sizes: Level;
@group(0) @binding(1) var<storage, read> src: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> dst: array<vec4<f32>>;

/** (a + b, its rounding error), both lanes at once. */
fn two_sum(a: vec2<f32>, b: vec2<f32>) -> array<vec2<f32>, 2> {
  let s = a + b;
  let bb = s - a;
  return array<vec2<f32>, 2>(s, (a - (s - bb)) + (b - bb));
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let g = flat_index(gid, groups);
  let first = g * 256u;
  if (first >= sizes.count) { return; }
  let end = min(first + 256u, sizes.count);
  var sum = src[first].xz;
  var err = src[first].yw;
  for (var r = first + 1u; r < end; r++) {
    let t = two_sum(sum, src[r].xz);
    sum = t[0];
    err += t[1] + src[r].yw;
  }
  dst[g] = vec4<f32>(sum.x, err.x, sum.y, err.y);
}
