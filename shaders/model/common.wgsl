// The CAMP model's shared WGSL: the three bindings every model kernel has (the plan header, the
// dispatch's parameters, the packed f32 weights followed by the atom types), plan look-ups and
// the building blocks (MLPs, radial basis, outer powers, hyper-moment rules) of the kernels in
// this folder. The host prepends shaders/generated/layouts.wgsl (field names of the plan, the
// same as the Wasm core's) and a few per-model sizes (P, MAXV, TV, QV, HMAX, MAXW, ACTMAX, NBP,
// PLAN_VEC4, TYPES_AT: model-buffers.ts), which size the private arrays. f32 throughout.

// Params (the dispatch: atoms, layer, first) is generated from scripts/layouts/table.mjs.

@group(0) @binding(0) var<uniform> plan: array<vec4<i32>, PLAN_VEC4>;
@group(0) @binding(1) var<uniform> params: Params;
// f32 weights (bit patterns) at the plan's offsets, then u32 atom types from TYPES_AT.
@group(0) @binding(2) var<storage, read> model: array<u32>;

fn hget(k: i32) -> i32 {
  return plan[k >> 2u][k & 3];
}

fn wt(k: i32) -> f32 {
  return bitcast<f32>(model[k]);
}

/** Weights k..k+3 (k a multiple of 4: the plan pads every row and vector to 4). */
fn wt4(k: i32) -> vec4<f32> {
  return vec4<f32>(wt(k), wt(k + 1), wt(k + 2), wt(k + 3));
}

fn atomType(i: u32) -> i32 {
  return i32(model[u32(TYPES_AT) + i]);
}

// The atom an invocation works on and its layer's shape, set by enter() (every kernel is one
// invocation per atom over 64-wide workgroups, in a 2-D grid past 65535 groups).
var<private> i: u32; // the atom
var<private> base: i32; // its first element in the [n][TV][P] arrays
var<private> lh: i32; // the layer's descriptor (params.layer)
var<private> vin: i32; // the layer's input ranks 0..vin
var<private> vout: i32; // its output ranks 0..vout
var<private> np: i32; // its atomic-moment paths
var<private> nu: i32; // channels

/** Sets the atom and layer of this invocation; false past the last atom. */
fn enter(gid: vec3<u32>, nwg: vec3<u32>) -> bool {
  return enterWide(gid, nwg, 64u);
}

/** enter() for kernels whose workgroups are `width` invocations wide. */
fn enterWide(gid: vec3<u32>, nwg: vec3<u32>, width: u32) -> bool {
  let atom = gid.x + gid.y * nwg.x * width;
  if (atom >= params.n) { return false; }
  setAtom(atom);
  return true;
}

/** The atom and the shape of its layer (params.layer). */
fn setAtom(atom: u32) {
  i = atom;
  base = i32(i) * TV * P;
  lh = layerHdr(params.layer);
  vin = hget(lh + L_VIN);
  vout = hget(lh + L_VOUT);
  np = hget(lh + L_NPATHS);
  nu = hget(H_NU);
}

fn pow3(v: i32) -> i32 {
  var r = 1;
  for (var k = 0; k < v; k++) { r *= 3; }
  return r;
}

/** Components of ranks 0..v stacked. */
fn comps(v: i32) -> i32 { return (pow3(v + 1) - 1) / 2; }

/** First component of rank v in a stack of ranks 0... */
fn compOffset(v: i32) -> i32 { return (pow3(v) - 1) / 2; }

fn layerHdr(l: i32) -> i32 { return hget(hget(H_HDR_LAYERS) + l); }

fn pathHdr(layer: i32, p: i32) -> i32 {
  return hget(layer + L_HDR_PATHS) + p * (PA_LIN + LIN_SIZE * hget(H_RAD_NLIN));
}

fn rCut() -> f32 { return wt(hget(H_OFF_SCALARS)); }
fn invSqrtNavg() -> f32 { return wt(hget(H_OFF_SCALARS) + 1); }

// ---- MLPs: input in xa[0..IN), output in xa[0..OUT); z of each hidden layer kept in act. ----
var<private> xa: array<f32, MAXW>;
var<private> ya: array<f32, MAXW>;
var<private> act: array<f32, ACTMAX>;

fn silu(z: f32) -> f32 { return z / (1.0 + exp(-z)); }

fn siluDeriv(z: f32) -> f32 {
  let s = 1.0 / (1.0 + exp(-z));
  return s * (1.0 + z * (1.0 - s));
}

/** A Linear descriptor of the plan (LIN): sizes and weight offsets. */
struct Lin { nIn: i32, nOut: i32, inP: i32, outP: i32, wt: i32, w: i32, b: i32 }

/** Layer k of the MLP at `lin`; the first layer's WT moved by `shift` (its type-pair copy). */
fn linear(lin: i32, k: i32, shift: i32) -> Lin {
  let h = lin + k * LIN_SIZE;
  var d = Lin(hget(h + LIN_IN), hget(h + LIN_OUT), hget(h + LIN_INP), hget(h + LIN_OUTP), hget(h + LIN_WT), hget(h + LIN_W), hget(h + LIN_B));
  if (k == 0) { d.wt += shift; }
  return d;
}

/**
 * Σ_o xa[o]·W[o][q..q+3]: the adjoints of inputs q..q+3 (q a multiple of 4) through a linear
 * layer (W moved by `shift`), four at a time so each xa[o] is read once for four sums (on a
 * software adapter every array read is a per-lane gather).
 */
fn transposedIn4(d: Lin, shift: i32, q: i32) -> vec4<f32> {
  var s = vec4<f32>(0.0);
  for (var o = 0; o < d.nOut; o++) { s += xa[o] * wt4(d.w + shift + o * d.inP + q); }
  return s;
}

/** y = MLP(x); `shift`: elements to the first layer's type-pair copy (0: none). */
fn mlpForward(lin: i32, nlin: i32, shift: i32) {
  var a = 0;
  for (var k = 0; k < nlin; k++) {
    let d = linear(lin, k, shift);
    for (var o = 0; o < d.nOut; o += 4) {
      var s = vec4<f32>(0.0);
      if (d.b >= 0) { s = wt4(d.b + o); }
      for (var q = 0; q < d.nIn; q++) { s += xa[q] * wt4(d.wt + q * d.outP + o); }
      ya[o] = s.x;
      ya[o + 1] = s.y;
      ya[o + 2] = s.z;
      ya[o + 3] = s.w;
    }
    if (k == nlin - 1) {
      for (var o = 0; o < d.nOut; o++) { xa[o] = ya[o]; }
      return;
    }
    for (var o = 0; o < d.nOut; o++) {
      act[a + o] = ya[o];
      xa[o] = silu(ya[o]);
    }
    a += d.outP;
  }
}

/**
 * Reverse of the last mlpForward: ybar in xa[0..OUT) → ∂/∂z1 (the first layer's output) in
 * xa[0..OUT_1) or, with `toInput`, ∂/∂x in xa[0..IN).
 */
fn mlpBackward(lin: i32, nlin: i32, shift: i32, toInput: bool) {
  var a = 0;
  for (var k = 0; k < nlin - 1; k++) { a += hget(lin + k * LIN_SIZE + LIN_OUTP); }
  for (var k = nlin - 1; k >= 1; k--) {
    let d = linear(lin, k, 0);
    a -= d.inP;
    for (var q = 0; q < d.nIn; q += 4) {
      let t = transposedIn4(d, 0, q);
      ya[q] = t.x * siluDeriv(act[a + q]);
      ya[q + 1] = t.y * siluDeriv(act[a + q + 1]);
      ya[q + 2] = t.z * siluDeriv(act[a + q + 2]);
      ya[q + 3] = t.w * siluDeriv(act[a + q + 3]);
    }
    for (var q = 0; q < d.nIn; q++) { xa[q] = ya[q]; }
  }
  if (!toInput) { return; }
  let d = linear(lin, 0, 0);
  for (var q = 0; q < d.nIn; q += 4) {
    let t = transposedIn4(d, shift, q);
    ya[q] = t.x;
    ya[q + 1] = t.y;
    ya[q + 2] = t.z;
    ya[q + 3] = t.w;
  }
  for (var q = 0; q < d.nIn; q++) { xa[q] = ya[q]; }
}

// ---- One edge: length, direction, radial basis and its r-derivative, outer powers. ----
var<private> Q: array<f32, NBP>;
var<private> dQ: array<f32, NBP>;
var<private> D: array<f32, TV>;

/** Q[k] = T_k(x)·e(x) and dQ[k] = dQ_k/dr (per Å), x = r / r_cut. */
fn radialBasis(r: f32, deriv: bool) {
  let rc = rCut();
  let x = r / rc;
  let x2 = x * x;
  let x5 = x2 * x2 * x;
  let x6 = x5 * x;
  let env = 1.0 + x6 * (-28.0 + x * (48.0 - 21.0 * x));
  let denv = x5 * (-168.0 + x * (336.0 - 168.0 * x));
  var t0 = 1.0;
  var t1 = x;
  var d0 = 0.0;
  var d1 = 1.0;
  let nb = hget(H_NB);
  for (var k = 0; k < nb; k++) {
    var tk = t0;
    var dk = d0;
    if (k == 1) {
      tk = t1;
      dk = d1;
    } else if (k > 1) {
      tk = 2.0 * x * t1 - t0;
      dk = 2.0 * t1 + 2.0 * x * d1 - d0;
      t0 = t1;
      t1 = tk;
      d0 = d1;
      d1 = dk;
    }
    Q[k] = tk * env;
    if (deriv) { dQ[k] = (dk * env + tk * denv) / rc; }
  }
}

/** D_0..D_MAXV stacked: D_v[3t + c] = D_{v-1}[t]·n[c]. */
fn outerPowers(n: vec3<f32>) {
  D[0] = 1.0;
  for (var v = 1; v <= MAXV; v++) {
    let prev = compOffset(v - 1);
    let cur = compOffset(v);
    let m = pow3(v - 1);
    for (var t = 0; t < m; t++) {
      for (var c = 0; c < 3; c++) { D[cur + 3 * t + c] = D[prev + t] * n[c]; }
    }
  }
}

/** Digit k (0 = most significant) of t written in base 3 with v digits. */
fn digit(t: i32, v: i32, k: i32) -> i32 {
  return (t / pow3(v - 1 - k)) % 3;
}

/** Σ_t X[t]·∂D_v[t]/∂n for X = Dbar's rank-v block. */
var<private> Dbar: array<f32, TV>;

fn outerPowerGrad(n: vec3<f32>, v: i32) -> vec3<f32> {
  var g = vec3<f32>(0.0);
  let c0 = compOffset(v);
  for (var t = 0; t < pow3(v); t++) {
    let x = Dbar[c0 + t];
    for (var k = 0; k < v; k++) {
      var p = x;
      for (var k2 = 0; k2 < v; k2++) {
        if (k2 != k) { p *= n[digit(t, v, k2)]; }
      }
      g[digit(t, v, k)] += p;
    }
  }
  return g;
}

/**
 * ∂E/∂r of an edge (direction n, length r, Å): the radial part rbar = ∂E/∂|r| along n, and the
 * direction part from D̄ (in Dbar) through the outer powers, projected across n and over r.
 */
fn edgeGradient(n: vec3<f32>, r: f32, rbar: f32) -> vec3<f32> {
  var nbar = vec3<f32>(0.0);
  for (var v = 1; v <= MAXV; v++) { nbar += outerPowerGrad(n, v); }
  let radial = dot(nbar, n);
  return rbar * n + (nbar - radial * n) / r;
}

// ---- Hyper-moment rules (plan: [count, then per rule: length, ranks…] per output rank). ----
fn ruleList(w: i32) -> i32 { return hget(hget(H_HDR_RULES) + w); }

/** Position in the rule of its highest-rank factor (the first one on ties). */
fn topFactor(rule: i32) -> i32 {
  let len = hget(rule);
  var top = 0;
  for (var q = 1; q < len; q++) {
    if (hget(rule + 1 + q) > hget(rule + 1 + top)) { top = q; }
  }
  return top;
}

/** Component (within a stack of ranks 0..) that factor q of the rule reads for index t. */
fn factorComp(rule: i32, top: i32, q: i32, t: i32) -> i32 {
  let R = hget(rule + 1 + top);
  let r = hget(rule + 1 + q);
  if (q == top) { return compOffset(R) + t; }
  var off = 0;
  for (var q2 = 0; q2 < q; q2++) {
    if (q2 != top) { off += hget(rule + 1 + q2); }
  }
  return compOffset(r) + (t / pow3(R - off - r)) % pow3(r);
}

/** Element offset of rule r's combination weights [P] (the ones vector for a lone rule). */
fn ruleWeight(ph: i32, r: i32) -> i32 {
  if (ph < 0) { return hget(H_OFF_ONES); }
  return ph + r * P;
}
