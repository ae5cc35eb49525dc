// Reverse of layer l's messages, one invocation per centre atom i walking its CSR row in edge
// order (no atomics): per edge e = (i→j), ∂E/∂r_e from the radial MLPs (recomputed and
// reversed) and from the direction (through D_v of the message and of the neighbour
// contraction), added to eg[e]; and the adjoint of i's mixed input gathered through the reverse
// edge (j→i, direction -n, so D_v carries (-1)^v; its radial MLPs use the pair (tj, ti)).
@group(0) @binding(7) var<storage, read_write> adj: array<f32>; // [n][2][TV][P]: mBar (read), gBar (+=)
@group(0) @binding(8) var<storage, read_write> eg: array<vec4<f32>>; // [E] ∂E/∂r_e, eV/Å

var<private> qb: array<f32, QV>; // adjoint of the edge's message scalars
var<private> qr: array<f32, QV>; // the same for the reverse edge
var<private> qv: array<f32, QV>; // the message scalars
var<private> tau: array<f32, QV>; // adjoint of sv
var<private> sigma: array<f32, QV>; // adjoint of the reverse edge's contraction of g[i]

/** y[v][u] = sign^v·Σ_c D_v[c]·mBar[a][c][u]. */
fn messageAdjoint(a: u32, flip: bool, rev: bool) {
  let mb = 2 * i32(a) * TV * P;
  for (var v = 0; v <= MAXV; v++) {
    var sign = 1.0;
    if (flip && (v & 1) != 0) { sign = -1.0; }
    for (var u = 0; u < P; u++) {
      var s = 0.0;
      for (var c = compOffset(v); c < compOffset(v + 1); c++) { s += D[c] * adj[mb + c * P + u]; }
      if (rev) { qr[v * P + u] = sign * s; } else { qb[v * P + u] = sign * s; }
    }
  }
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (!enter(gid, nwg)) { return; }
  let nb = hget(H_NB);
  let nlin = hget(H_RAD_NLIN);
  let ti = atomType(i);
  let mbi = 2 * base;
  let gbi = mbi + TV * P;
  for (var e = row[i]; e < row[i + 1u]; e++) {
    let j = nbr[e];
    let tj = atomType(j);
    let same = ti == tj;
    let nr = loadEdge(e, true);
    let n = nr.xyz;
    contractNeighbour(j, vin);
    messageAdjoint(i, false, false);
    messageAdjoint(j, true, true);
    for (var k = 0; k < QV; k++) {
      qv[k] = 0.0;
      tau[k] = 0.0;
      sigma[k] = 0.0;
    }
    var rbar = 0.0;
    for (var p = 0; p < np; p++) {
      let ph = pathHdr(lh, p);
      let shift = pairShift(ph, ti, tj);
      radialMlp(ph, shift);
      let v = hget(ph + PA_V);
      let v1 = hget(ph + PA_V1);
      let pv = hget(ph + PA_PV);
      for (var u = 0; u < nu; u++) {
        let R = xa[u];
        let w = wt(pv + u);
        let s = sv[v1 * P + u];
        qv[v * P + u] += w * R * s;
        let qp = qb[v * P + u] * w;
        tau[v1 * P + u] += qp * R;
        if (same) { sigma[v1 * P + u] += qr[v * P + u] * w * R; }
        xa[u] = qp * s; // R̄, the MLP's output adjoint
      }
      mlpBackward(ph + PA_LIN, nlin, shift, false);
      // ∂E/∂|r| += (∂E/∂z1)·(dz1/dr), dz1/dr = the first layer (pair copy) applied to dQ/dr.
      let d = linear(ph + PA_LIN, 0, shift);
      for (var o = 0; o < d.nOut; o += 4) {
        var t = vec4<f32>(0.0);
        for (var k = 0; k < nb; k++) { t += dQ[k] * wt4(d.wt + k * d.outP + o); }
        for (var c = 0; c < min(4, d.nOut - o); c++) { rbar += xa[o + c] * t[c]; }
      }
    }
    if (!same) {
      for (var p = 0; p < np; p++) {
        let ph = pathHdr(lh, p);
        radialMlp(ph, pairShift(ph, tj, ti));
        let v = hget(ph + PA_V);
        let v1 = hget(ph + PA_V1);
        let pv = hget(ph + PA_PV);
        for (var u = 0; u < nu; u++) { sigma[v1 * P + u] += qr[v * P + u] * wt(pv + u) * xa[u]; }
      }
    }
    // Direction part: D̄ through the message (M̄'_i·q_v) and the neighbour contraction (τ·g[j]).
    let gj = i32(j) * TV * P;
    for (var v = 0; v <= MAXV; v++) {
      for (var c = compOffset(v); c < compOffset(v + 1); c++) {
        var d = 0.0;
        for (var u = 0; u < P; u++) { d += adj[mbi + c * P + u] * qv[v * P + u]; }
        if (v <= vin) {
          for (var u = 0; u < P; u++) { d += tau[v * P + u] * g[gj + c * P + u]; }
        }
        Dbar[c] = d;
      }
    }
    var ge = edgeGradient(n, nr.w, rbar);
    if (params.first == 0u) { ge += eg[e].xyz; }
    eg[e] = vec4<f32>(ge, 0.0);
    // Gather: gBar[i] += (-1)^v1·D_v1(n)·σ_v1.
    for (var v1 = 0; v1 <= vin; v1++) {
      var sign = 1.0;
      if ((v1 & 1) != 0) { sign = -1.0; }
      for (var c = compOffset(v1); c < compOffset(v1 + 1); c++) {
        for (var u = 0; u < P; u++) { adj[gbi + c * P + u] += sign * D[c] * sigma[v1 * P + u]; }
      }
    }
  }
}
