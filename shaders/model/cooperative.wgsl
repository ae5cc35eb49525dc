// A workgroup per centre atom, one thread per channel or MLP unit (WG ≥ every width of the
// model): the edge loops of messages.wgsl and edges-backward.wgsl run in step over the atom's
// CSR row, each edge's radial MLPs computed together in workgroup memory. Every sum still has
// one thread summing in a fixed order (no atomics): the same bits run after run.
var<workgroup> wx: array<f32, MAXW>; // an MLP's activations (input, then each layer's output)
var<workgroup> wQ: array<f32, NBP>; // the edge's radial basis
var<workgroup> wdQ: array<f32, NBP>; // and its r-derivative
var<workgroup> wD: array<f32, TV>; // outer powers of its direction
var<workgroup> wEdge: vec4<u32>; // (j, type of j, first edge, end of row)
var<workgroup> wGeom: vec4<f32>; // (n, |r|)

var<private> lid: i32; // this thread's channel / unit
var<private> zk: array<f32, 8>; // z of this thread's unit in each hidden layer (≤ 8 of them)

/**
 * Sets the atom (one per workgroup); false past the last atom. Uniform across the workgroup
 * (it reads no thread index): the kernels' barriers depend on it. The thread's lid is set apart.
 */
fn enterGroup(wid: vec3<u32>, nwg: vec3<u32>) -> bool {
  let atom = wid.x + wid.y * nwg.x;
  if (atom >= params.n) { return false; }
  setAtom(atom);
  return true;
}

var<workgroup> wType: u32;

/** The atom's type, uniform across the workgroup (branches with barriers depend on it). */
fn groupAtomType() -> i32 {
  if (lid == 0) { wType = u32(atomType(i)); }
  return i32(workgroupUniformLoad(&wType));
}

/** The atom's row as (first edge, end), uniform across the workgroup. */
fn rowRange() -> vec2<u32> {
  if (lid == 0) { wEdge = vec4<u32>(0u, 0u, row[i], row[i + 1u]); }
  return workgroupUniformLoad(&wEdge).zw;
}

/** Loads edge e for the whole workgroup: wQ (and wdQ), wD, wGeom; returns (j, type of j). */
fn groupEdge(e: u32, deriv: bool) -> vec2<u32> {
  workgroupBarrier(); // every thread is done with the previous edge's workgroup data
  if (lid == 0) {
    let nr = loadEdge(e, deriv);
    for (var k = 0; k < hget(H_NB); k++) {
      wQ[k] = Q[k];
      wdQ[k] = dQ[k];
    }
    for (var c = 0; c < TV; c++) { wD[c] = D[c]; }
    wGeom = nr;
    let j = nbr[e];
    wEdge = vec4<u32>(j, u32(atomType(j)), wEdge.zw);
  }
  return workgroupUniformLoad(&wEdge).xy;
}

/** sv[v1] = Σ_c D_v1[c]·g[j][c][lid] for v1 ≤ vin: the neighbour's features in this thread's channel. */
fn groupContract(j: u32) {
  let gj = i32(j) * TV * P;
  for (var v1 = 0; v1 <= vin; v1++) {
    var s = 0.0;
    if (lid < P) {
      for (var c = compOffset(v1); c < compOffset(v1 + 1); c++) { s += wD[c] * g[gj + c * P + lid]; }
    }
    sv[v1] = s;
  }
}

/** Path ph's radial MLP on wQ for the type-pair shift: R in wx[0..n_u); z of hidden units kept in zk. */
fn groupRadialMlp(ph: i32, shift: i32) {
  let nb = hget(H_NB);
  if (lid < nb) { wx[lid] = wQ[lid]; }
  workgroupBarrier();
  let lin = ph + PA_LIN;
  let nlin = hget(H_RAD_NLIN);
  for (var k = 0; k < nlin; k++) {
    let d = linear(lin, k, shift);
    var y = 0.0;
    if (lid < d.nOut) {
      if (d.b >= 0) { y = wt(d.b + lid); }
      for (var q = 0; q < d.nIn; q++) { y += wx[q] * wt(d.wt + q * d.outP + lid); }
    }
    workgroupBarrier();
    if (lid < d.nOut) {
      if (k == nlin - 1) {
        wx[lid] = y;
      } else {
        zk[k] = y;
        wx[lid] = silu(y);
      }
    }
    workgroupBarrier();
  }
}

/** Reverse of groupRadialMlp: the output adjoint in wx[0..n_u) → ∂/∂z1 in wx[0..OUT_1). */
fn groupRadialBackward(ph: i32) {
  workgroupBarrier(); // the adjoint's channels were written by their own threads
  let lin = ph + PA_LIN;
  let nlin = hget(H_RAD_NLIN);
  for (var k = nlin - 1; k >= 1; k--) {
    let d = linear(lin, k, 0);
    var s = 0.0;
    if (lid < d.nIn) {
      for (var o = 0; o < d.nOut; o++) { s += wx[o] * wt(d.w + o * d.inP + lid); }
      s *= siluDeriv(zk[k - 1]);
    }
    workgroupBarrier();
    if (lid < d.nIn) { wx[lid] = s; }
    workgroupBarrier();
  }
}
