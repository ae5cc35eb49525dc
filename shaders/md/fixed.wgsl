// Fixed-point coordinates (helpers, no bindings; prepended to the kernels that move or measure
// atoms). A coordinate is a signed 64-bit count of 2^-32 Å held as vec2<u32>(high word: the
// whole Å as i32 bits, low word: the fraction). Sums of such numbers are exact integer adds, so
// NVE over many steps accumulates no position rounding, differences of nearby atoms are exact,
// and the host decodes them exactly into f64 (|x| < 2^20 Å).

fn fx_add(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {
  let lo = a.y + b.y;
  return vec2<u32>(a.x + b.x + select(0u, 1u, lo < a.y), lo);
}

fn fx_neg(a: vec2<u32>) -> vec2<u32> {
  let lo = ~a.y + 1u;
  return vec2<u32>(~a.x + select(0u, 1u, lo == 0u), lo);
}

fn fx_sub(a: vec2<u32>, b: vec2<u32>) -> vec2<u32> {
  return fx_add(a, fx_neg(b));
}

/** v (an i32) as a fixed-point number of 2^-32 Å units (sign-extended). */
fn fx_units(v: i32) -> vec2<u32> {
  return vec2<u32>(select(0u, 0xffffffffu, v < 0), bitcast<u32>(v));
}

/** v · 2^16 units. */
fn fx_units16(v: i32) -> vec2<u32> {
  return vec2<u32>(bitcast<u32>(v >> 16u), bitcast<u32>(v) << 16u);
}

/**
 * d Å (|d| < 2^31) in fixed point, rounded to the nearest 2^-32 Å. Only exact float steps
 * (trunc, subtraction of the truncated part, scaling by powers of two) precede the rounding.
 */
fn fx_from_f32(d: f32) -> vec2<u32> {
  let whole = trunc(d);
  let a = (d - whole) * 65536.0;
  let ah = trunc(a);
  let al = round((a - ah) * 65536.0);
  var r = vec2<u32>(bitcast<u32>(i32(whole)), 0u);
  r = fx_add(r, fx_units16(i32(ah)));
  return fx_add(r, fx_units(i32(al)));
}

/** The nearest f32 (via sign and magnitude, so fx_to_f32(−a) = −fx_to_f32(a) bit for bit). */
fn fx_to_f32(a: vec2<u32>) -> f32 {
  let neg = bitcast<i32>(a.x) < 0;
  let m = select(a, fx_neg(a), neg);
  let v = f32(m.x) + f32(m.y) * 2.3283064365386963e-10;
  return select(v, -v, neg);
}

/**
 * One component of an edge vector r = (x_j − x_i) + S·cell, exact in fixed point until the one
 * final rounding: c0..c2 are this component of the cell rows (fixed point), s the image shift.
 * Negating S and swapping i, j negates the integer exactly, so r_ji = −r_ij bit for bit.
 */
fn fx_edge_component(xi: vec2<u32>, xj: vec2<u32>, s: vec3<i32>, c0: vec2<u32>, c1: vec2<u32>, c2: vec2<u32>) -> f32 {
  var acc = fx_sub(xj, xi);
  acc = fx_add_multiple(acc, c0, s.x);
  acc = fx_add_multiple(acc, c1, s.y);
  acc = fx_add_multiple(acc, c2, s.z);
  return fx_to_f32(acc);
}

/** acc + k·c by |k| exact adds (image shifts are small integers). */
fn fx_add_multiple(acc: vec2<u32>, c: vec2<u32>, k: i32) -> vec2<u32> {
  var r = acc;
  let step = select(c, fx_neg(c), k < 0);
  for (var t = 0; t < abs(k); t++) { r = fx_add(r, step); }
  return r;
}

/** Linear index of an invocation in a dispatch of (x, y) workgroups of 256 (y > 1 past 65535 groups). */
fn flat_index(gid: vec3<u32>, groups: vec3<u32>) -> u32 {
  return gid.x + gid.y * groups.x * 256u;
}
