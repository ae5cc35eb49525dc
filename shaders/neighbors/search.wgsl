// The cell-list search, in two passes over the same walk: `count` writes each atom's number of
// edges (row[i]; a prefix sum turns them into row starts), `fill` writes them into the row in
// visiting order (sort-rows.wgsl then puts each row in the canonical order). Each atom i visits
// the stencil of bins around its own, periodic images included: with W the whole cells an atom
// was wrapped by and B the image carry of the visited bin, S = B + W_i − W_j, and the exact
// test |r| < radius runs in integers on the fixed-point positions (fx_within; symmetric in i, j,
// so the edge set is). No atomics: each invocation writes only its own row. (8 storage bindings:
// WebGPU's default per-stage limit; sort-rows.wgsl writes the centre index of each edge.)
@group(0) @binding(0) var<uniform> plan: Plan;
@group(0) @binding(1) var<storage, read> pos: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> cellFix: array<vec2<u32>, 9>;
@group(0) @binding(3) var<storage, read> atomWrap: array<vec4<i32>>;
@group(0) @binding(4) var<storage, read> slotAtom: array<u32>;
@group(0) @binding(5) var<storage, read> binStart: array<u32>;
@group(0) @binding(6) var<storage, read_write> row: array<u32>;
@group(0) @binding(7) var<storage, read_write> nbr: array<u32>;
@group(0) @binding(8) var<storage, read_write> shift: array<vec4<i32>>;

/** t in [0, nb) and its image carry c (t_in = t + c·nb). */
fn wrap_bin(t_in: i32, nb: i32) -> vec2<i32> {
  var c = t_in / nb;
  if (t_in < 0) { c = -((-t_in + nb - 1) / nb); }
  return vec2<i32>(t_in - c * nb, c);
}

fn walk(i: u32, write: bool, base: u32) -> u32 {
  let nb = plan.nb;
  let k = plan.reach;
  let wi = atomWrap[i];
  let home = vec3<i32>(wi.w / (nb.y * nb.z), (wi.w / nb.z) % nb.y, wi.w % nb.z);
  let xi = array<vec2<u32>, 3>(pos[3u * i], pos[3u * i + 1u], pos[3u * i + 2u]);
  var count = 0u;
  for (var d0 = -k.x; d0 <= k.x; d0++) {
    var t0 = vec2<i32>(home.x + d0, 0);
    if (plan.pbc.x != 0) { t0 = wrap_bin(t0.x, nb.x); } else if (t0.x < 0 || t0.x >= nb.x) { continue; }
    for (var d1 = -k.y; d1 <= k.y; d1++) {
      var t1 = vec2<i32>(home.y + d1, 0);
      if (plan.pbc.y != 0) { t1 = wrap_bin(t1.x, nb.y); } else if (t1.x < 0 || t1.x >= nb.y) { continue; }
      for (var d2 = -k.z; d2 <= k.z; d2++) {
        var t2 = vec2<i32>(home.z + d2, 0);
        if (plan.pbc.z != 0) { t2 = wrap_bin(t2.x, nb.z); } else if (t2.x < 0 || t2.x >= nb.z) { continue; }
        let carry = vec3<i32>(t0.y, t1.y, t2.y) + wi.xyz;
        let bin = u32((t0.x * nb.y + t1.x) * nb.z + t2.x);
        let last = binStart[bin + 1u];
        for (var slot = binStart[bin]; slot < last; slot++) {
          let j = slotAtom[slot];
          let s = carry - atomWrap[j].xyz;
          if (j == i && all(s == vec3<i32>(0))) { continue; }
          let x = fx_edge_fixed(xi[0], pos[3u * j], s, cellFix[0], cellFix[3], cellFix[6]);
          let y = fx_edge_fixed(xi[1], pos[3u * j + 1u], s, cellFix[1], cellFix[4], cellFix[7]);
          let z = fx_edge_fixed(xi[2], pos[3u * j + 2u], s, cellFix[2], cellFix[5], cellFix[8]);
          if (fx_within(x, y, z, plan.limit.xy)) {
            if (write) {
              nbr[base + count] = j;
              shift[base + count] = vec4<i32>(s, 0);
            }
            count++;
          }
        }
      }
    }
  }
  return count;
}

@compute @workgroup_size(256)
fn count(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flat_index(gid, groups);
  let n = u32(plan.pbc.w);
  if (i > n) { return; }
  if (i == n) { row[n] = 0u; return; }
  row[i] = walk(i, false, 0u);
}

@compute @workgroup_size(256)
fn fill(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flat_index(gid, groups);
  if (i >= u32(plan.pbc.w)) { return; }
  _ = walk(i, true, row[i]);
}
