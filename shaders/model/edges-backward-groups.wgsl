// edges-backward.wgsl for hardware GPUs: a workgroup per centre atom i walking its CSR row in
// edge order (cooperative.wgsl: thread u owns channel u, the radial MLPs and their reverse run
// across the threads). Per edge e = (i→j): ∂E/∂r_e into eg[e] (the sums over channels done by
// thread 0 in channel order), and the adjoint of i's mixed input gathered through the reverse
// edge (j→i, direction -n: D_v carries (-1)^v; radial MLPs of the pair (tj, ti)).
@group(0) @binding(7) var<storage, read_write> adj: array<f32>; // [n][2][TV][P]: mBar (read), gBar (+=)
@group(0) @binding(8) var<storage, read_write> eg: array<vec4<f32>>; // [E] ∂E/∂r_e, eV/Å

var<workgroup> wT: array<f32, TV * P>; // per component and channel: the terms of D̄
var<workgroup> wR: array<f32, WG>; // per thread: its terms of ∂E/∂|r|

// This thread's channel; private arrays are zeroed by hand (messages-groups.wgsl).
var<private> qb: array<f32, MAXV + 1>; // adjoint of the edge's message scalars
var<private> qr: array<f32, MAXV + 1>; // the same for the reverse edge
var<private> q: array<f32, MAXV + 1>; // the message scalars
var<private> tau: array<f32, MAXV + 1>; // adjoint of sv
var<private> sigma: array<f32, MAXV + 1>; // adjoint of the reverse edge's contraction of g[i]
var<private> gacc: array<f32, TV>; // gathered adjoint of g[i] over the row

/** sign^v·Σ_c D_v[c]·mBar[a][c][lid] for every v, into qb (or qr). */
fn groupMessageAdjoint(a: u32, reverse: bool) {
  let mb = 2 * i32(a) * TV * P;
  for (var v = 0; v <= MAXV; v++) {
    var s = 0.0;
    if (lid < P) {
      for (var c = compOffset(v); c < compOffset(v + 1); c++) { s += wD[c] * adj[mb + c * P + lid]; }
    }
    if (reverse) {
      if ((v & 1) != 0) { s = -s; }
      qr[v] = s;
    } else {
      qb[v] = s;
    }
  }
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) local: u32) {
  if (!enterGroup(wid, nwg)) { return; }
  lid = i32(local);
  let ti = groupAtomType();
  let paths = hget(layerHdr(params.layer) + L_NPATHS); // uniform: the path loops have barriers
  let nb = hget(H_NB);
  let mbi = 2 * base;
  for (var c = 0; c < TV; c++) { gacc[c] = 0.0; }
  let range = rowRange();
  for (var e = range.x; e < range.y; e++) {
    let jt = groupEdge(e, true);
    let j = jt.x;
    let same = ti == i32(jt.y);
    groupContract(j);
    groupMessageAdjoint(i, false);
    groupMessageAdjoint(j, true);
    for (var v = 0; v <= MAXV; v++) {
      q[v] = 0.0;
      tau[v] = 0.0;
      sigma[v] = 0.0;
    }
    var rpart = 0.0;
    for (var p = 0; p < paths; p++) {
      let ph = pathHdr(lh, p);
      let shift = pairShift(ph, ti, i32(jt.y));
      groupRadialMlp(ph, shift);
      if (lid < nu) {
        let v = hget(ph + PA_V);
        let v1 = hget(ph + PA_V1);
        let R = wx[lid];
        let w = wt(hget(ph + PA_PV) + lid);
        let s = sv[v1];
        q[v] += w * R * s;
        let qp = qb[v] * w;
        tau[v1] += qp * R;
        if (same) { sigma[v1] += qr[v] * w * R; }
        wx[lid] = qp * s; // R̄, the MLP's output adjoint
      }
      groupRadialBackward(ph);
      // ∂E/∂|r| += (∂E/∂z1)·(dz1/dr): thread o's unit of the first layer (pair copy) on dQ/dr.
      let d = linear(ph + PA_LIN, 0, shift);
      if (lid < d.nOut) {
        var t = 0.0;
        for (var k = 0; k < nb; k++) { t += wdQ[k] * wt(d.wt + k * d.outP + lid); }
        rpart += wx[lid] * t;
      }
    }
    if (!same) {
      for (var p = 0; p < paths; p++) {
        let ph = pathHdr(lh, p);
        groupRadialMlp(ph, pairShift(ph, i32(jt.y), ti));
        if (lid < nu) { sigma[hget(ph + PA_V1)] += qr[hget(ph + PA_V)] * wt(hget(ph + PA_PV) + lid) * wx[lid]; }
      }
    }
    // D̄'s terms of this channel: through the message (M̄'_i·q_v) and the contraction (τ·g[j]).
    let gj = i32(j) * TV * P;
    if (lid < P) {
      for (var v = 0; v <= MAXV; v++) {
        for (var c = compOffset(v); c < compOffset(v + 1); c++) {
          var d = adj[mbi + c * P + lid] * q[v];
          if (v <= vin) { d += tau[v] * g[gj + c * P + lid]; }
          wT[c * P + lid] = d;
        }
      }
    }
    wR[lid] = rpart;
    workgroupBarrier();
    if (lid == 0) {
      for (var c = 0; c < TV; c++) {
        var d = 0.0;
        for (var u = 0; u < P; u++) { d += wT[c * P + u]; }
        Dbar[c] = d;
      }
      var rbar = 0.0;
      for (var t = 0; t < i32(WG); t++) { rbar += wR[t]; }
      var ge = edgeGradient(wGeom.xyz, wGeom.w, rbar);
      if (params.first == 0u) { ge += eg[e].xyz; }
      eg[e] = vec4<f32>(ge, 0.0);
    }
    // Gather: gBar[i] += (-1)^v1·D_v1(n)·σ_v1, this thread's channel.
    for (var v1 = 0; v1 <= vin; v1++) {
      var sg = sigma[v1];
      if ((v1 & 1) != 0) { sg = -sg; }
      for (var c = compOffset(v1); c < compOffset(v1 + 1); c++) { gacc[c] += wD[c] * sg; }
    }
  }
  if (lid < P) {
    let gbi = mbi + TV * P;
    for (var c = 0; c < TV; c++) { adj[gbi + c * P + lid] += gacc[c]; }
  }
}
