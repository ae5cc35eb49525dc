// From the sorted keys: slotAtom[s] (atoms in bin order) and binStart[b] (first slot of every
// bin, binStart[bins] = n). Slot s writes the starts of the bins after its predecessor's bin up
// to its own, so every bin, empty or not, is written exactly once.
@group(0) @binding(0) var<uniform> plan: Plan;
@group(0) @binding(1) var<storage, read> keys: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read_write> slotAtom: array<u32>;
@group(0) @binding(3) var<storage, read_write> binStart: array<u32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let s = flat_index(gid, groups);
  let n = u32(plan.pbc.w);
  let bins = u32(plan.nb.w);
  if (s > n) { return; }
  var first = 0u;
  if (s > 0u) { first = keys[s - 1u].x + 1u; }
  var last = bins;
  if (s < n) {
    last = keys[s].x;
    slotAtom[s] = keys[s].y;
  }
  for (var b = first; b <= last; b++) { binStart[b] = s; }
}
