// Hyper moments of one atom (included by atom-output.wgsl and atom-adjoints.wgsl; the reverse
// walk adds into their Mt). A rule's highest-rank factor keeps its trailing w indices; every
// other factor contracts against its consecutive leading indices.
@group(0) @binding(3) var<storage, read> M: array<f32>; // [n][TV][P] layer l's moments

var<private> H: array<f32, HMAX>;

/** The atom's mapped atomic moment M_l, component comp, channel u. */
fn moment(comp: i32, u: i32) -> f32 {
  return M[base + comp * P + u];
}

/**
 * Forward (`reverse` false): H[o][u] = Σ_rules PH[r][u]·Π factors, o < 3^w. Reverse: Mt[comp][u]
 * += PH[r][u]·H[t mod 3^w][u]·Π other factors, H holding the adjoint.
 */
fn walkRules(ph: i32, w: i32, reverse: bool) {
  let nOut = pow3(w);
  let list = ruleList(w);
  let count = hget(list);
  var rule = list + 1;
  if (!reverse) {
    for (var k = 0; k < nOut * P; k++) { H[k] = 0.0; }
  }
  for (var r = 0; r < count; r++) {
    let len = hget(rule);
    let top = topFactor(rule);
    let nt = pow3(hget(rule + 1 + top));
    let wv = ruleWeight(ph, r);
    for (var t = 0; t < nt; t++) {
      var comp: array<i32, 5>;
      for (var q = 0; q < len; q++) { comp[q] = factorComp(rule, top, q, t); }
      let h = (t % nOut) * P;
      for (var u = 0; u < P; u++) {
        if (!reverse) {
          var prod = wt(wv + u);
          for (var q = 0; q < len; q++) { prod *= moment(comp[q], u); }
          H[h + u] += prod;
          continue;
        }
        for (var q = 0; q < len; q++) {
          var prod = wt(wv + u) * H[h + u];
          for (var q2 = 0; q2 < len; q2++) {
            if (q2 != q) { prod *= moment(comp[q2], u); }
          }
          Mt[comp[q] * P + u] += prod;
        }
      }
    }
    rule += 1 + len;
  }
}
