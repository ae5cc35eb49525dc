// Per-edge helpers shared by the gather kernels (messages.wgsl, edges-backward.wgsl): the edge's
// geometry and the neighbour's mixed features contracted with the direction.
@group(0) @binding(3) var<storage, read> row: array<u32>; // [n+1] CSR rows
@group(0) @binding(4) var<storage, read> nbr: array<u32>; // [E] neighbour j of each edge
@group(0) @binding(5) var<storage, read> vec: array<vec4<f32>>; // [E] r_ij, Å
@group(0) @binding(6) var<storage, read> g: array<f32>; // [n][TV][P] layer l's mixed input

var<private> sv: array<f32, 4 * QV>; // per v1: the neighbour's g_v1 contracted with n^{⊗v1}, per edge of a block

/** Loads edge e: Q (and dQ) at |r|, D of its direction; returns (n, |r|). */
fn loadEdge(e: u32, deriv: bool) -> vec4<f32> {
  let r4 = vec[e];
  let r = sqrt(dot(r4.xyz, r4.xyz));
  let n = r4.xyz / r;
  radialBasis(r, deriv);
  outerPowers(n);
  return vec4<f32>(n, r);
}

/**
 * sv[slot][v1][u] = Σ_c D_v1[c]·g[j][c][u] for v1 ≤ top (slot: the edge's place in a block of
 * four, at slot·QV), four channels at a time: one D read and one loop pass for four sums.
 */
fn contractNeighbour(j: u32, top: i32, slot: i32) {
  let gj = i32(j) * TV * P;
  for (var v1 = 0; v1 <= top; v1++) {
    let c1 = compOffset(v1 + 1);
    for (var u = 0; u < P; u += 4) {
      var s = vec4<f32>(0.0);
      for (var c = compOffset(v1); c < c1; c++) {
        let k = gj + c * P + u;
        s += D[c] * vec4<f32>(g[k], g[k + 1], g[k + 2], g[k + 3]);
      }
      let t = slot * QV + v1 * P + u;
      sv[t] = s.x;
      sv[t + 1] = s.y;
      sv[t + 2] = s.z;
      sv[t + 3] = s.w;
    }
  }
}

/** Element shift of a path's first radial layer for the ordered type pair (ti, tj). */
fn pairShift(ph: i32, ti: i32, tj: i32) -> i32 {
  return (ti * hget(H_NTYPES) + tj) * hget(ph + PA_PAIR_STRIDE);
}

/** Runs path ph's radial MLP on Q for the type pair: R in xa[0..n_u). */
fn radialMlp(ph: i32, shift: i32) {
  for (var k = 0; k < hget(H_NB); k++) { xa[k] = Q[k]; }
  mlpForward(ph + PA_LIN, hget(H_RAD_NLIN), shift);
}
