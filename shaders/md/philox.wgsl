// Philox4x32-10 in WGSL (helpers, no bindings): the same blocks as assembly/rng/philox.ts, word
// for word (32×32 → 64-bit products: mul_hi_lo of md/fixed.wgsl, integer-exact), so the GPU's Langevin
// noise uses the Wasm core's streams: counter (step, purpose, atom, component), key = seed.

fn philox_block(counter: vec4<u32>, key: vec2<u32>) -> vec4<u32> {
  var c = counter;
  var k = key;
  for (var round = 0; round < 10; round++) {
    if (round > 0) { k += vec2<u32>(0x9E3779B9u, 0xBB67AE85u); }
    let p0 = mul_hi_lo(0xD2511F53u, c.x);
    let p1 = mul_hi_lo(0xCD9E8D57u, c.z);
    c = vec4<u32>(p1.x ^ c.y ^ k.x, p1.y, p0.x ^ c.w ^ k.y, p0.y);
  }
  return c;
}

// WGSL lets cos and log be loose (cos: 2^-11 absolute; log: 2^-21 absolute near 1) and they
// differ between adapters: the Gaussian uses its own f32 polynomials below instead, a few ulps
// from the f64 values and the same on every adapter with IEEE f32 add and multiply.

/** ln(x) for x in (0, 1]: x = m·2^e with m in [√½, √2), ln m = 2·atanh((m − 1)/(m + 1)) by series. */
fn ln_unit(x: f32) -> f32 {
  let parts = frexp(x);
  var m = parts.fract;
  var e = f32(parts.exp);
  if (m < 0.70710678) { m *= 2.0; e -= 1.0; }
  let s = (m - 1.0) / (m + 1.0);
  let s2 = s * s;
  let series = 2.0 * s * (1.0 + s2 * (0.33333334 + s2 * (0.2 + s2 * (0.14285715 + s2 * (0.11111111 + s2 * 0.09090909)))));
  return e * 0.693145752 + (e * 1.42860677e-6 + series);
}

/** cos(2π·w/2^32): quadrant from the top bits, then sin/cos series on |θ| ≤ π/4. */
fn cos_turns(w: u32) -> f32 {
  let q = ((w >> 29u) + 1u) >> 1u; // nearest quarter turn, 0..4
  let r = bitcast<i32>(w - (q << 30u)); // w − q·2^30 in [−2^29, 2^29), exact
  let t = f32(r) * 1.4629180792671596e-9; // 2π · r / 2^32, |t| ≤ π/4
  let t2 = t * t;
  let c = 1.0 + t2 * (-0.5 + t2 * (0.041666668 + t2 * (-0.0013888889 + t2 * (2.4801588e-5 + t2 * -2.7557319e-7))));
  let sn = t * (1.0 + t2 * (-0.16666667 + t2 * (0.008333334 + t2 * (-0.0001984127 + t2 * 2.7557319e-6))));
  switch (q & 3u) {
    case 0u: { return c; }
    case 1u: { return -sn; }
    case 2u: { return -c; }
    default: { return sn; }
  }
}

/**
 * Box–Muller on one block in f32, as the Wasm core's gaussian() does in f64 (words 0 and 2 carry
 * the leading bits there too): −ln(u1) with u1 = 1 − v, v = w0·2^-32, by its series for small v
 * (1 − v would round v away), so the value follows the f64 one to a few f32 ulps.
 */
fn philox_gaussian(w: vec4<u32>) -> f32 {
  let v = f32(w.x) * 2.3283064365386963e-10;
  var minus_log: f32;
  if (v < 0.015625) {
    minus_log = v * (1.0 + v * (0.5 + v * (0.33333334 + v * 0.25)));
  } else {
    minus_log = -ln_unit(f32(~w.x + 1u) * 2.3283064365386963e-10);
  }
  return sqrt(2.0 * minus_log) * cos_turns(w.z);
}
