// Atomic moments of layer l, one invocation per centre atom i gathering its CSR row in edge
// order (no atomics): M'_v[i] = Σ_e D_v(n_e)·q_v(e) with q_v = Σ_paths PV⊙R_p(|r_e|)⊙(g_v1[j]·n^{⊗v1}),
// then M_v[i] = C_v·(M'_v[i]/sqrt(N_avg)). Radial MLPs run per edge, four edges of the row at a
// time (tile.wgsl); nothing is stored per edge.
@group(0) @binding(7) var<storage, read_write> M: array<f32>; // [n][TV][P] layer l's moments

var<private> qvt: array<f32, 4 * QV>; // the block's message scalars, edge k at k·QV
var<private> Dt: array<f32, 4 * TV>; // and outer powers

@compute @workgroup_size(ROW_WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (!enterWide(gid, nwg, ROW_WG)) { return; }
  let ti = atomType(i);
  let end = row[i + 1u];
  for (var k = 0; k < TV * P; k++) { M[base + k] = 0.0; }
  for (var e0 = row[i]; e0 < end; e0 += 4u) {
    let cnt = i32(min(4u, end - e0));
    var tj = vec4<i32>(ti);
    for (var k = 0; k < NBP; k++) { Qt[k] = vec4<f32>(0.0); }
    for (var b = 0; b < cnt; b++) {
      let e = e0 + u32(b);
      let j = nbr[e];
      tj[b] = atomType(j);
      loadEdge(e, false);
      contractNeighbour(j, vin, b);
      for (var k = 0; k < NBP; k++) { Qt[k][b] = Q[k]; }
      for (var k = 0; k < QV; k++) { qvt[b * QV + k] = 0.0; }
      for (var c = 0; c < TV; c++) { Dt[b * TV + c] = D[c]; }
    }
    for (var p = 0; p < np; p++) {
      let ph = pathHdr(lh, p);
      let stride = hget(ph + PA_PAIR_STRIDE);
      radialTile(ph, (ti * hget(H_NTYPES) + tj) * stride);
      let v = hget(ph + PA_V);
      let v1 = hget(ph + PA_V1);
      let pv = hget(ph + PA_PV);
      for (var b = 0; b < cnt; b++) {
        for (var u = 0; u < nu; u++) { qvt[b * QV + v * P + u] += wt(pv + u) * xt[u][b] * sv[b * QV + v1 * P + u]; }
      }
    }
    for (var b = 0; b < cnt; b++) {
      for (var v = 0; v <= MAXV; v++) {
        for (var c = compOffset(v); c < compOffset(v + 1); c++) {
          for (var u = 0; u < P; u++) { M[base + c * P + u] += Dt[b * TV + c] * qvt[b * QV + v * P + u]; }
        }
      }
    }
  }
  // Channel maps in place, one component at a time (the component is read before it is written).
  let s = invSqrtNavg();
  for (var v = 0; v <= MAXV; v++) {
    let C = hget(lh + L_C_T + v);
    for (var c = compOffset(v); c < compOffset(v + 1); c++) {
      for (var k = 0; k < nu; k++) { ya[k] = s * M[base + c * P + k]; }
      for (var o = 0; o < P; o++) {
        var acc = 0.0;
        for (var k = 0; k < nu; k++) { acc += ya[k] * wt(C + k * P + o); }
        M[base + c * P + o] = acc;
      }
    }
  }
}
