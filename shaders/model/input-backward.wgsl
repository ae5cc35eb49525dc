// Layer l ≥ 1's input adjoint, one invocation per atom: ∂E/∂out_{l-1} = A_vᵀ·gBar (the mixing)
// plus scale[type]·w of layer l-1's early readout Linear (on rank 0).
@group(0) @binding(3) var<storage, read> adj: array<f32>; // [n][2][TV][P]: mBar, gBar
@group(0) @binding(4) var<storage, read_write> outBar: array<f32>; // [n][TV][P]

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (!enter(gid, nwg)) { return; }
  let l = params.layer;
  let gb = 2 * base + TV * P;
  let ro = hget(layerHdr(l - 1) + L_RO_W);
  let sc = wt(hget(H_OFF_SCALE) + atomType(i));
  for (var v = 0; v <= vin; v++) {
    let A = hget(lh + L_MIX + v);
    for (var c = compOffset(v); c < compOffset(v + 1); c++) {
      for (var o = 0; o < P; o++) {
        var s = 0.0;
        for (var k = 0; k < nu; k++) { s += adj[gb + c * P + k] * wt(A + k * P + o); }
        if (c == 0) { s += sc * wt(ro + o); }
        outBar[base + c * P + o] = s;
      }
    }
  }
}
