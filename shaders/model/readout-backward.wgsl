// ∂E/∂out^{L-1}_0 per atom: scale[type]·∇MLP of the readout at the last layer's rank-0 output
// (the MLP's hidden state recomputed). One invocation per atom.
@group(0) @binding(3) var<storage, read> feat: array<f32>; // [n][TV][P] last layer's output
@group(0) @binding(4) var<storage, read_write> outBar: array<f32>; // [n][TV][P]

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (!enter(gid, nwg)) { return; }
  let mlp = hget(H_HDR_OUT_MLP);
  let nlin = hget(H_OUT_NLIN);
  for (var k = 0; k < nu; k++) { xa[k] = feat[base + k]; }
  mlpForward(mlp, nlin, 0);
  xa[0] = wt(hget(H_OFF_SCALE) + atomType(i));
  mlpBackward(mlp, nlin, 0, true);
  for (var k = 0; k < P; k++) {
    var x = 0.0;
    if (k < nu) { x = xa[k]; }
    outBar[base + k] = x;
  }
}
