// Reverse of layer l's messages, one invocation per centre atom i walking its CSR row in edge
// order (no atomics): per edge e = (i→j), ∂E/∂r_e from the radial MLPs (recomputed and
// reversed) and from the direction (through D_v of the message and of the neighbour
// contraction), added to eg[e]; and the adjoint of i's mixed input gathered through the reverse
// edge (j→i, direction -n, so D_v carries (-1)^v; its radial MLPs use the pair (tj, ti)). The
// radial MLPs run for four edges of the row at a time (tile.wgsl); every per-edge sum keeps the
// order it has edge by edge.
@group(0) @binding(7) var<storage, read_write> adj: array<f32>; // [n][2][TV][P]: mBar (read), gBar (+=)
@group(0) @binding(8) var<storage, read_write> eg: array<vec4<f32>>; // [E] ∂E/∂r_e, eV/Å

// The block's per-edge vectors, edge k at k·QV (k·TV for Dt; sv of edge.wgsl likewise).
var<private> qb: array<f32, 4 * QV>; // adjoint of the edge's message scalars
var<private> qr: array<f32, 4 * QV>; // the same for the reverse edge
var<private> qvt: array<f32, 4 * QV>; // the message scalars
var<private> taut: array<f32, 4 * QV>; // adjoint of sv
var<private> sigmat: array<f32, 4 * QV>; // adjoint of the reverse edge's contraction of g[i]
var<private> Dt: array<f32, 4 * TV>;
var<private> dQt: array<vec4<f32>, NBP>; // the block's dQ/dr (edge k in component k)
var<private> geom: array<vec4<f32>, 4>; // (n, |r|) per edge

/** y[slot][v][u] = sign^v·Σ_c D_v[c]·mBar[a][c][u] into qr (rev) or qb, four channels at a time. */
fn messageAdjoint(a: u32, flip: bool, rev: bool, slot: i32) {
  let mb = 2 * i32(a) * TV * P;
  for (var v = 0; v <= MAXV; v++) {
    var sign = 1.0;
    if (flip && (v & 1) != 0) { sign = -1.0; }
    let c1 = compOffset(v + 1);
    for (var u = 0; u < P; u += 4) {
      var s = vec4<f32>(0.0);
      for (var c = compOffset(v); c < c1; c++) {
        let k = mb + c * P + u;
        s += D[c] * vec4<f32>(adj[k], adj[k + 1], adj[k + 2], adj[k + 3]);
      }
      s *= sign;
      let t = slot * QV + v * P + u;
      if (rev) {
        qr[t] = s.x;
        qr[t + 1] = s.y;
        qr[t + 2] = s.z;
        qr[t + 3] = s.w;
      } else {
        qb[t] = s.x;
        qb[t + 1] = s.y;
        qb[t + 2] = s.z;
        qb[t + 3] = s.w;
      }
    }
  }
}

/** Loads edge e0 + b of the block into slot b: geometry, bases, contraction, message adjoints. */
fn loadSlot(e: u32, b: i32) {
  let j = nbr[e];
  geom[b] = loadEdge(e, true);
  contractNeighbour(j, vin, b);
  messageAdjoint(i, false, false, b);
  messageAdjoint(j, true, true, b);
  for (var k = 0; k < NBP; k++) {
    Qt[k][b] = Q[k];
    dQt[k][b] = dQ[k];
  }
  for (var k = 0; k < QV; k++) {
    let t = b * QV + k;
    qvt[t] = 0.0;
    taut[t] = 0.0;
    sigmat[t] = 0.0;
  }
  for (var c = 0; c < TV; c++) { Dt[b * TV + c] = D[c]; }
}

/** ∂E/∂r of edge e (slot b) into eg, and its reverse edge's gather into gBar[i]. */
fn finishSlot(e: u32, b: i32, rbar: f32) {
  let j = nbr[e];
  let mbi = 2 * base;
  let gbi = mbi + TV * P;
  // Direction part: D̄ through the message (M̄'_i·q_v) and the neighbour contraction (τ·g[j]).
  let gj = i32(j) * TV * P;
  for (var v = 0; v <= MAXV; v++) {
    for (var c = compOffset(v); c < compOffset(v + 1); c++) {
      var d = 0.0;
      for (var u = 0; u < P; u++) { d += adj[mbi + c * P + u] * qvt[b * QV + v * P + u]; }
      if (v <= vin) {
        for (var u = 0; u < P; u++) { d += taut[b * QV + v * P + u] * g[gj + c * P + u]; }
      }
      Dbar[c] = d;
    }
  }
  var ge = edgeGradient(geom[b].xyz, geom[b].w, rbar);
  if (params.first == 0u) { ge += eg[e].xyz; }
  eg[e] = vec4<f32>(ge, 0.0);
  // Gather: gBar[i] += (-1)^v1·D_v1(n)·σ_v1.
  for (var v1 = 0; v1 <= vin; v1++) {
    var sign = 1.0;
    if ((v1 & 1) != 0) { sign = -1.0; }
    for (var c = compOffset(v1); c < compOffset(v1 + 1); c++) {
      let sd = sign * Dt[b * TV + c];
      for (var u = 0; u < P; u++) { adj[gbi + c * P + u] += sd * sigmat[b * QV + v1 * P + u]; }
    }
  }
}

@compute @workgroup_size(ROW_WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (!enterWide(gid, nwg, ROW_WG)) { return; }
  let nb = hget(H_NB);
  let nlin = hget(H_RAD_NLIN);
  let ntypes = hget(H_NTYPES);
  let ti = atomType(i);
  let end = row[i + 1u];
  for (var e0 = row[i]; e0 < end; e0 += 4u) {
    let cnt = i32(min(4u, end - e0));
    var tj = vec4<i32>(ti);
    for (var k = 0; k < NBP; k++) {
      Qt[k] = vec4<f32>(0.0);
      dQt[k] = vec4<f32>(0.0);
    }
    var mixed = false;
    for (var b = 0; b < cnt; b++) {
      let e = e0 + u32(b);
      tj[b] = atomType(nbr[e]);
      mixed = mixed || tj[b] != ti;
      loadSlot(e, b);
    }
    var rbar = vec4<f32>(0.0);
    for (var p = 0; p < np; p++) {
      let ph = pathHdr(lh, p);
      let shift = (ti * ntypes + tj) * hget(ph + PA_PAIR_STRIDE);
      radialTile(ph, shift);
      let v = hget(ph + PA_V);
      let v1 = hget(ph + PA_V1);
      let pv = hget(ph + PA_PV);
      for (var b = 0; b < cnt; b++) {
        let same = tj[b] == ti;
        for (var u = 0; u < nu; u++) {
          let R = xt[u][b];
          let w = wt(pv + u);
          let s = sv[b * QV + v1 * P + u];
          qvt[b * QV + v * P + u] += w * R * s;
          let qp = qb[b * QV + v * P + u] * w;
          taut[b * QV + v1 * P + u] += qp * R;
          if (same) { sigmat[b * QV + v1 * P + u] += qr[b * QV + v * P + u] * w * R; }
          xt[u][b] = qp * s; // R̄, the MLP's output adjoint
        }
      }
      radialTileBackward(ph + PA_LIN, nlin);
      // ∂E/∂|r| += (∂E/∂z1)·(dz1/dr), dz1/dr = the first layer (pair copy) applied to dQ/dr.
      let d = linear(ph + PA_LIN, 0, 0);
      for (var o = 0; o < d.nOut; o += 4) {
        var t0 = vec4<f32>(0.0);
        var t1 = vec4<f32>(0.0);
        var t2 = vec4<f32>(0.0);
        var t3 = vec4<f32>(0.0);
        for (var k = 0; k < nb; k++) {
          let w = d.wt + k * d.outP + o;
          t0 += dQt[k] * wtEdges(w, shift);
          t1 += dQt[k] * wtEdges(w + 1, shift);
          t2 += dQt[k] * wtEdges(w + 2, shift);
          t3 += dQt[k] * wtEdges(w + 3, shift);
        }
        rbar += xt[o] * t0;
        if (o + 1 < d.nOut) { rbar += xt[o + 1] * t1; }
        if (o + 2 < d.nOut) { rbar += xt[o + 2] * t2; }
        if (o + 3 < d.nOut) { rbar += xt[o + 3] * t3; }
      }
    }
    if (mixed) {
      for (var p = 0; p < np; p++) {
        let ph = pathHdr(lh, p);
        radialTile(ph, (tj * ntypes + ti) * hget(ph + PA_PAIR_STRIDE));
        let v = hget(ph + PA_V);
        let v1 = hget(ph + PA_V1);
        let pv = hget(ph + PA_PV);
        for (var b = 0; b < cnt; b++) {
          if (tj[b] == ti) { continue; }
          for (var u = 0; u < nu; u++) { sigmat[b * QV + v1 * P + u] += qr[b * QV + v * P + u] * wt(pv + u) * xt[u][b]; }
        }
      }
    }
    for (var b = 0; b < cnt; b++) { finishSlot(e0 + u32(b), b, rbar[b]); }
  }
}
