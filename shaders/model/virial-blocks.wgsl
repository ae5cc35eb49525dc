// Virial, first stage: W_ab = Σ_e r_e[a]·g_e[b] over consecutive blocks of VIRIAL_BLOCK edges,
// each block summed in edge order by one invocation (a fixed order: no float atomics). The
// edge count is row[n] (written on the device by whoever built the edges).
const VIRIAL_BLOCK: u32 = 256u;
@group(0) @binding(0) var<uniform> size: Params; // the dispatch uniform; only n is read
@group(0) @binding(1) var<storage, read> row: array<u32>; // [n+1]
@group(0) @binding(2) var<storage, read> vec: array<vec4<f32>>; // [E] r_e, Å
@group(0) @binding(3) var<storage, read> eg: array<vec4<f32>>; // [E] ∂E/∂r_e, eV/Å
@group(0) @binding(4) var<storage, read_write> partial: array<f32>; // [blocks][9], eV

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let b = gid.x + gid.y * nwg.x * 64u;
  let count = row[size.n];
  let e0 = b * VIRIAL_BLOCK;
  if (e0 >= count) { return; }
  let e1 = min(e0 + VIRIAL_BLOCK, count);
  var w0 = vec3<f32>(0.0);
  var w1 = vec3<f32>(0.0);
  var w2 = vec3<f32>(0.0);
  for (var e = e0; e < e1; e++) {
    let r = vec[e].xyz;
    let g = eg[e].xyz;
    w0 += r.x * g;
    w1 += r.y * g;
    w2 += r.z * g;
  }
  for (var k = 0u; k < 3u; k++) {
    partial[9u * b + k] = w0[k];
    partial[9u * b + 3u + k] = w1[k];
    partial[9u * b + 6u + k] = w2[k];
  }
}
