// Layer l's input mixed per rank, g_v = A_v·h_v, one invocation per atom (layer 0: h is the
// embedding row of the atom's type).
@group(0) @binding(3) var<storage, read> feat: array<f32>; // [n][TV][P] layer input
@group(0) @binding(4) var<storage, read_write> g: array<f32>; // [n][TV][P] mixed input of this layer

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (!enter(gid, nwg)) { return; }
  let l = params.layer;
  var h = base;
  if (l == 0) { h = hget(H_OFF_EMBED) + atomType(i) * P; }
  for (var v = 0; v <= vin; v++) {
    let A = hget(lh + L_MIX_T + v);
    for (var c = compOffset(v); c < compOffset(v + 1); c++) {
      for (var o = 0; o < P; o++) {
        var s = 0.0;
        for (var k = 0; k < nu; k++) {
          var x = 0.0;
          if (l == 0) { x = wt(h + k); } else { x = feat[h + c * P + k]; }
          s += x * wt(A + k * P + o);
        }
        g[base + c * P + o] = s;
      }
    }
  }
}
