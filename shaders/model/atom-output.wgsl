// Layer l's output per atom: hyper moments of M_l, channel maps B_w, the residual F_w·g_w
// (layers ≥ 1) into feat, and the layer's readout term into the atomic energies (the last
// layer: the readout MLP, then e·scale[type] + shift[type], eV). One invocation per atom.
// binding 3: M, layer l's moments (hyper.wgsl)
@group(0) @binding(4) var<storage, read> g: array<f32>; // [n][TV][P]
@group(0) @binding(5) var<storage, read_write> feat: array<f32>; // [n][TV][P] layer output
@group(0) @binding(6) var<storage, read_write> energies: array<f32>; // [n] eV

var<private> Mt: array<f32, 1>; // walkRules' reverse target: unused here

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (!enter(gid, nwg)) { return; }
  for (var w = 0; w <= vout; w++) {
    walkRules(hget(lh + L_PH + w), w, false);
    let B = hget(lh + L_B_T + w);
    let F = hget(lh + L_F_T + w);
    let c0 = compOffset(w);
    for (var c = 0; c < pow3(w); c++) {
      for (var o = 0; o < P; o++) {
        var s = 0.0;
        for (var k = 0; k < nu; k++) { s += H[c * P + k] * wt(B + k * P + o); }
        if (F >= 0) {
          for (var k = 0; k < nu; k++) { s += g[base + (c0 + c) * P + k] * wt(F + k * P + o); }
        }
        feat[base + (c0 + c) * P + o] = s;
      }
    }
  }
  var e = 0.0;
  if (params.first == 0u) { e = energies[i]; }
  let ro = hget(lh + L_RO_W);
  if (ro >= 0) {
    var d = 0.0;
    for (var k = 0; k < P; k++) { d += wt(ro + k) * feat[base + k]; }
    energies[i] = e + (d + wt(hget(lh + L_RO_B)));
    return;
  }
  for (var k = 0; k < nu; k++) { xa[k] = feat[base + k]; }
  mlpForward(hget(H_HDR_OUT_MLP), hget(H_OUT_NLIN), 0);
  let t = atomType(i);
  energies[i] = (e + xa[0]) * wt(hget(H_OFF_SCALE) + t) + wt(hget(H_OFF_SHIFT) + t);
}
