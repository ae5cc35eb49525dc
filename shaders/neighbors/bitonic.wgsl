// One compare-exchange stage (k, j) of a bitonic sort of (bin, atom) keys, ascending. Keys are
// distinct, so the sorted order is unique: the result does not depend on scheduling.
@group(0) @binding(0) var<uniform> stage: Stage;
@group(0) @binding(1) var<storage, read_write> keys: array<vec2<u32>>;

fn less(a: vec2<u32>, b: vec2<u32>) -> bool {
  return a.x < b.x || (a.x == b.x && a.y < b.y);
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flat_index(gid, groups);
  if (i >= stage.count) { return; }
  let l = i ^ stage.j;
  if (l <= i) { return; }
  let a = keys[i];
  let b = keys[l];
  let ascending = (i & stage.k) == 0u;
  if (select(less(a, b), less(b, a), ascending)) {
    keys[i] = b;
    keys[l] = a;
  }
}
