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
 * One component of an edge vector r = (x_j − x_i) + S·cell, exact in fixed point: c0..c2 are
 * this component of the cell rows (fixed point), s the image shift. Negating S and swapping i, j
 * negates the integer exactly, so r_ji = −r_ij bit for bit after fx_to_f32.
 */
fn fx_edge_fixed(xi: vec2<u32>, xj: vec2<u32>, s: vec3<i32>, c0: vec2<u32>, c1: vec2<u32>, c2: vec2<u32>) -> vec2<u32> {
  var acc = fx_sub(xj, xi);
  acc = fx_add_multiple(acc, c0, s.x);
  acc = fx_add_multiple(acc, c1, s.y);
  return fx_add_multiple(acc, c2, s.z);
}

/** The same component rounded once to f32, Å. */
fn fx_edge_component(xi: vec2<u32>, xj: vec2<u32>, s: vec3<i32>, c0: vec2<u32>, c1: vec2<u32>, c2: vec2<u32>) -> f32 {
  return fx_to_f32(fx_edge_fixed(xi, xj, s, c0, c1, c2));
}

/** (high, low) words of the 64-bit product a·b, from 16-bit halves (integer-exact everywhere). */
fn mul_hi_lo(a: u32, b: u32) -> vec2<u32> {
  let a0 = a & 0xffffu;
  let a1 = a >> 16u;
  let b0 = b & 0xffffu;
  let b1 = b >> 16u;
  let p01 = a0 * b1;
  let p10 = a1 * b0;
  let mid = ((a0 * b0) >> 16u) + (p01 & 0xffffu) + (p10 & 0xffffu);
  return vec2<u32>(a1 * b1 + (p01 >> 16u) + (p10 >> 16u) + (mid >> 16u), a * b);
}

/**
 * |a| in units of 2^-25 Å, rounded (on the magnitude, so ±a give the same), or 2^31 when
 * |a| ≥ 31 Å (past any radius the plan allows).
 */
fn fx_magnitude25(a: vec2<u32>) -> u32 {
  let m = fx_add(select(a, fx_neg(a), bitcast<i32>(a.x) < 0), vec2<u32>(0u, 64u));
  if (m.x >= 31u) { return 0x80000000u; }
  return (m.x << 25u) | (m.y >> 7u);
}

/**
 * |r| < radius, decided exactly for r rounded to 2^-25 Å per component (3e-8 Å): the squares and
 * their sum in 64-bit integers, against limit = ceil(radius²·2^50) as (high, low) words, from the
 * host (neighbor-plan.ts). So the edge set is the f64 one for every pair farther than ~3e-8 Å
 * from the radius, on every adapter; f32 distances would blur that band to ~1e-6 Å.
 */
fn fx_within(x: vec2<u32>, y: vec2<u32>, z: vec2<u32>, limit: vec2<u32>) -> bool {
  let ux = fx_magnitude25(x);
  let uy = fx_magnitude25(y);
  let uz = fx_magnitude25(z);
  if (max(ux, max(uy, uz)) >= 0x80000000u) { return false; }
  let sum = fx_add(fx_add(mul_hi_lo(ux, ux), mul_hi_lo(uy, uy)), mul_hi_lo(uz, uz));
  return sum.x < limit.x || (sum.x == limit.x && sum.y < limit.y);
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
