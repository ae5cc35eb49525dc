// messages.wgsl for hardware GPUs: a workgroup per centre atom i walking its CSR row in edge
// order (cooperative.wgsl: thread u owns channel u, the radial MLPs run across the threads):
// M'_v[i] = Σ_e D_v(n_e)·q_v(e) with q_v = Σ_paths PV⊙R_p(|r_e|)⊙(g_v1[j]·n^{⊗v1}), then
// M_v[i] = C_v·(M'_v[i]/sqrt(N_avg)). Nothing is stored per edge.
@group(0) @binding(7) var<storage, read_write> M: array<f32>; // [n][TV][P] layer l's moments

var<private> acc: array<f32, TV>; // M' of this thread's channel
var<workgroup> wM: array<f32, TV * P>; // M'/sqrt(N_avg) of the atom, for the channel maps

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) local: u32) {
  if (!enterGroup(wid, nwg)) { return; }
  lid = i32(local);
  let ti = groupAtomType();
  let paths = hget(layerHdr(params.layer) + L_NPATHS); // uniform: the path loop has barriers
  let range = rowRange();
  for (var c = 0; c < TV; c++) { acc[c] = 0.0; } // private arrays are zeroed by hand (see q)
  for (var e = range.x; e < range.y; e++) {
    let jt = groupEdge(e, false);
    groupContract(jt.x);
    var q: array<f32, MAXV + 1>; // zeroed by hand: an uninitialised var in a loop kept old values here
    for (var v = 0; v <= MAXV; v++) { q[v] = 0.0; }
    for (var p = 0; p < paths; p++) {
      let ph = pathHdr(lh, p);
      groupRadialMlp(ph, pairShift(ph, ti, i32(jt.y)));
      if (lid < nu) {
        let v = hget(ph + PA_V);
        q[v] += wt(hget(ph + PA_PV) + lid) * wx[lid] * sv[hget(ph + PA_V1)];
      }
    }
    for (var v = 0; v <= MAXV; v++) {
      for (var c = compOffset(v); c < compOffset(v + 1); c++) { acc[c] += wD[c] * q[v]; }
    }
  }
  let s = invSqrtNavg();
  if (lid < P) {
    for (var c = 0; c < TV; c++) { wM[c * P + lid] = s * acc[c]; }
  }
  workgroupBarrier();
  // Channel maps: thread o writes output channel o of every component.
  if (lid >= P) { return; }
  for (var v = 0; v <= MAXV; v++) {
    let C = hget(lh + L_C_T + v);
    for (var c = compOffset(v); c < compOffset(v + 1); c++) {
      var sum = 0.0;
      for (var k = 0; k < nu; k++) { sum += wM[c * P + k] * wt(C + k * P + lid); }
      M[base + c * P + lid] = sum;
    }
  }
}
