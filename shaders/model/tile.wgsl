// Radial MLPs of up to four edges of a row at once (the 'atoms' mapping's edge loops): the
// activations are vec4s whose component k is edge k of the block, and each output is computed
// four at a time, so one weight read serves four edges and one activation read four outputs.
// On a software adapter (SwiftShader) every array or buffer read indexed at run time is a
// per-lane gather, and that, not arithmetic, is what the kernels spend their time on. Each
// component's sums run over the inputs in order, as mlpForward's do: the same bits per edge.
var<private> xt: array<vec4<f32>, MAXW>; // input, then each layer's output (edge k in component k)
var<private> actt: array<vec4<f32>, ACTMAX>; // z of each hidden layer
var<private> Qt: array<vec4<f32>, NBP>; // the block's radial bases

/** One weight per edge: k + shift[c] for edge c (the first layer's type-pair copies). */
fn wtEdges(k: i32, shift: vec4<i32>) -> vec4<f32> {
  return vec4<f32>(wt(k + shift.x), wt(k + shift.y), wt(k + shift.z), wt(k + shift.w));
}

var<private> yt: array<vec4<f32>, MAXW>; // a layer's outputs before SiLU

/**
 * Outputs o..o+3 of layer d into yt: the first layer reads per-edge weight copies (at `shift`,
 * its type pairs), the later ones one weight for every edge.
 */
fn tileLayer(d: Lin, o: i32, shift: vec4<i32>, first: bool) {
  var s0 = vec4<f32>(0.0);
  var s1 = vec4<f32>(0.0);
  var s2 = vec4<f32>(0.0);
  var s3 = vec4<f32>(0.0);
  if (d.b >= 0) {
    s0 = vec4<f32>(wt(d.b + o));
    s1 = vec4<f32>(wt(d.b + o + 1));
    s2 = vec4<f32>(wt(d.b + o + 2));
    s3 = vec4<f32>(wt(d.b + o + 3));
  }
  if (first) {
    for (var q = 0; q < d.nIn; q++) {
      let x = xt[q];
      let w = d.wt + q * d.outP + o;
      s0 += x * wtEdges(w, shift);
      s1 += x * wtEdges(w + 1, shift);
      s2 += x * wtEdges(w + 2, shift);
      s3 += x * wtEdges(w + 3, shift);
    }
  } else {
    for (var q = 0; q < d.nIn; q++) {
      let x = xt[q];
      let w = wt4(d.wt + q * d.outP + o);
      s0 += x * w.x;
      s1 += x * w.y;
      s2 += x * w.z;
      s3 += x * w.w;
    }
  }
  yt[o] = s0;
  yt[o + 1] = s1;
  yt[o + 2] = s2;
  yt[o + 3] = s3;
}

/** The radial MLP of path ph on Qt for the block's type pairs (`shift` per edge): R in xt[0..n_u). */
fn radialTile(ph: i32, shift: vec4<i32>) {
  for (var k = 0; k < hget(H_NB); k++) { xt[k] = Qt[k]; }
  let lin = ph + PA_LIN;
  let nlin = hget(H_RAD_NLIN);
  var a = 0;
  for (var k = 0; k < nlin; k++) {
    let d = linear(lin, k, 0);
    for (var o = 0; o < d.nOut; o += 4) {
      tileLayer(d, o, shift, k == 0);
    }
    if (k == nlin - 1) {
      for (var o = 0; o < d.nOut; o++) { xt[o] = yt[o]; }
      return;
    }
    for (var o = 0; o < d.nOut; o++) {
      actt[a + o] = yt[o];
      xt[o] = silu4(yt[o]);
    }
    a += d.outP;
  }
}

fn silu4(z: vec4<f32>) -> vec4<f32> { return z / (1.0 + exp(-z)); }

fn siluDeriv4(z: vec4<f32>) -> vec4<f32> {
  let s = 1.0 / (1.0 + exp(-z));
  return s * (1.0 + z * (1.0 - s));
}

/**
 * Reverse of the last radialTile: R̄ in xt[0..n_u) → ∂/∂z1 (the first layer's output) in
 * xt[0..OUT_1), inputs four at a time (transposedIn4's sums, per edge).
 */
fn radialTileBackward(lin: i32, nlin: i32) {
  var a = 0;
  for (var k = 0; k < nlin - 1; k++) { a += hget(lin + k * LIN_SIZE + LIN_OUTP); }
  for (var k = nlin - 1; k >= 1; k--) {
    let d = linear(lin, k, 0);
    a -= d.inP;
    for (var q = 0; q < d.nIn; q += 4) {
      var t0 = vec4<f32>(0.0);
      var t1 = vec4<f32>(0.0);
      var t2 = vec4<f32>(0.0);
      var t3 = vec4<f32>(0.0);
      for (var o = 0; o < d.nOut; o++) {
        let x = xt[o];
        let w = wt4(d.w + o * d.inP + q);
        t0 += x * w.x;
        t1 += x * w.y;
        t2 += x * w.z;
        t3 += x * w.w;
      }
      yt[q] = t0 * siluDeriv4(actt[a + q]);
      yt[q + 1] = t1 * siluDeriv4(actt[a + q + 1]);
      yt[q + 2] = t2 * siluDeriv4(actt[a + q + 2]);
      yt[q + 3] = t3 * siluDeriv4(actt[a + q + 3]);
    }
    for (var q = 0; q < d.nIn; q++) { xt[q] = yt[q]; }
  }
}
