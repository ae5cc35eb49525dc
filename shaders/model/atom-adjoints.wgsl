// Reverse of layer l's atom part, one invocation per atom: the residual's adjoint
// gBar = Σ_w F_wᵀ·outBar_w, then through B_w, the hyper moments and C_v to the adjoint of the
// pre-map moments, mBar = C_vᵀ·(∂E/∂M_v)/sqrt(N_avg). Both go to the atom's adjoint block.
// binding 3: M, layer l's moments (hyper.wgsl)
@group(0) @binding(4) var<storage, read> outBar: array<f32>; // [n][TV][P] ∂E/∂out_l
@group(0) @binding(5) var<storage, read_write> adj: array<f32>; // [n][2][TV][P]: mBar, gBar

var<private> Mt: array<f32, TV * P>; // ∂E/∂M_l of the atom

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (!enter(gid, nwg)) { return; }
  let mb = 2 * base;
  let gb = mb + TV * P;
  for (var k = 0; k < TV * P; k++) {
    Mt[k] = 0.0;
    adj[gb + k] = 0.0;
  }
  for (var w = 0; w <= vout; w++) {
    let B = hget(lh + L_B + w);
    let F = hget(lh + L_F + w);
    let c0 = compOffset(w);
    for (var c = 0; c < pow3(w); c++) {
      for (var o = 0; o < P; o++) {
        var h = 0.0;
        var f = 0.0;
        for (var k = 0; k < nu; k++) {
          let x = outBar[base + (c0 + c) * P + k];
          h += x * wt(B + k * P + o);
          if (F >= 0) { f += x * wt(F + k * P + o); }
        }
        H[c * P + o] = h;
        if (F >= 0) { adj[gb + (c0 + c) * P + o] = f; }
      }
    }
    walkRules(hget(lh + L_PH + w), w, true);
  }
  let s = invSqrtNavg();
  for (var v = 0; v <= MAXV; v++) {
    let C = hget(lh + L_C + v);
    for (var c = compOffset(v); c < compOffset(v + 1); c++) {
      for (var o = 0; o < P; o++) {
        var acc = 0.0;
        for (var k = 0; k < nu; k++) { acc += Mt[c * P + k] * wt(C + k * P + o); }
        adj[mb + c * P + o] = s * acc;
      }
    }
  }
}
