// Atomic moments of layer l, one invocation per centre atom i gathering its CSR row in edge
// order (no atomics): M'_v[i] = Σ_e D_v(n_e)·q_v(e) with q_v = Σ_paths PV⊙R_p(|r_e|)⊙(g_v1[j]·n^{⊗v1}),
// then M_v[i] = C_v·(M'_v[i]/sqrt(N_avg)). Radial MLPs run per edge, nothing is stored per edge.
@group(0) @binding(7) var<storage, read_write> M: array<f32>; // [n][TV][P] layer l's moments

var<private> qv: array<f32, QV>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (!enter(gid, nwg)) { return; }
  let ti = atomType(i);
  for (var k = 0; k < TV * P; k++) { M[base + k] = 0.0; }
  for (var e = row[i]; e < row[i + 1u]; e++) {
    let j = nbr[e];
    loadEdge(e, false);
    contractNeighbour(j, vin);
    for (var k = 0; k < QV; k++) { qv[k] = 0.0; }
    let tj = atomType(j);
    for (var p = 0; p < np; p++) {
      let ph = pathHdr(lh, p);
      radialMlp(ph, pairShift(ph, ti, tj));
      let v = hget(ph + PA_V);
      let v1 = hget(ph + PA_V1);
      let pv = hget(ph + PA_PV);
      for (var u = 0; u < nu; u++) { qv[v * P + u] += wt(pv + u) * xa[u] * sv[v1 * P + u]; }
    }
    for (var v = 0; v <= MAXV; v++) {
      for (var c = compOffset(v); c < compOffset(v + 1); c++) {
        for (var u = 0; u < P; u++) { M[base + c * P + u] += D[c] * qv[v * P + u]; }
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
