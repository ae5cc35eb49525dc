// Lennard-Jones over GpuEdges (the force pass of GPU MD tests and benchmarks), the definition of
// assembly/potentials/pair.ts: φ = 4ε(s¹² − s⁶), s = σ/r; SHIFT modes none / energy / force
// (φ − φ(rc) − (r − rc)φ'(rc)). Each atom gathers over its own row (both directions of a pair
// are edges), so the order is fixed and nothing is scattered: e_i = ½Σφ, f_i = Σ φ'(r)/r · r_ij.
// Edges at r ≥ cutoff (Verlet-skin candidates) contribute nothing.
@group(0) @binding(0) var<uniform> lj: Lj; // generated from scripts/layouts/table.mjs
@group(0) @binding(1) var<storage, read> row: array<u32>;
@group(0) @binding(2) var<storage, read> vec: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> energies: array<f32>;
@group(0) @binding(4) var<storage, read_write> forces: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flat_index(gid, groups);
  if (i >= lj.n) { return; }
  let eps = lj.params.x;
  let sigma = lj.params.y;
  let rc = lj.params.z;
  var e = 0.0;
  var f = vec3<f32>(0.0);
  let end = row[i + 1u];
  for (var k = row[i]; k < end; k++) {
    let r = vec[k].xyz;
    let d2 = (r.x * r.x + r.y * r.y) + r.z * r.z;
    if (!(d2 < lj.params.w)) { continue; }
    let d = sqrt(d2);
    let s2 = (sigma * sigma) / d2;
    let s6 = s2 * s2 * s2;
    let s12 = s6 * s6;
    let phi = 4.0 * eps * (s12 - s6) - lj.shift.x - (d - rc) * lj.shift.y;
    let g = ((4.0 * eps / d) * (6.0 * s6 - 12.0 * s12) - lj.shift.y) / d;
    e += 0.5 * phi;
    f += g * r;
  }
  energies[i] = e;
  forces[3u * i] = f.x;
  forces[3u * i + 1u] = f.y;
  forces[3u * i + 2u] = f.z;
}
