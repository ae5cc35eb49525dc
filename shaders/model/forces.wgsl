// Forces by a fixed-order gather, one invocation per atom (as gatherForces in the Wasm core):
// F_i = Σ_{e in row i} (g_e − g_rev(e)), g_e = ∂E/∂r_e, r_e = x_j − x_i + S·cell. eV/Å.
@group(0) @binding(0) var<uniform> size: Params; // the dispatch uniform; only n is read
@group(0) @binding(1) var<storage, read> row: array<u32>; // [n+1]
@group(0) @binding(2) var<storage, read> rev: array<u32>; // [E]
@group(0) @binding(3) var<storage, read> eg: array<vec4<f32>>; // [E]
@group(0) @binding(4) var<storage, read_write> forces: array<f32>; // [3n]

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= size.n) { return; }
  var f = vec3<f32>(0.0);
  for (var e = row[i]; e < row[i + 1u]; e++) { f += eg[e].xyz - eg[rev[e]].xyz; }
  forces[3u * i] = f.x;
  forces[3u * i + 1u] = f.y;
  forces[3u * i + 2u] = f.z;
}
