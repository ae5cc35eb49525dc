// SiLU over whole registers. exp is evaluated here with fixed IEEE operations (Cephes-style
// range reduction and polynomial/rational approximation, ≤ 2 ulp), so every engine gives the
// same bits, and four (f32) or two (f64) lanes cost about one scalar libm call.

// n = round(x·log2 e) comes from adding 1.5·2^m (m = mantissa bits): the sum's low bits hold
// n, so no float→int conversion (slow and saturating in Wasm) is needed. pmin/pmax clamp
// (they map to single instructions, unlike min/max with their NaN rules).

/** e^x lane-wise, f32x4 (x clamped to [-87, 88]: no overflow in the exponent bits). */
@inline export function expF32x4(x: v128): v128 {
  x = f32x4.pmin(f32x4.pmax(x, f32x4.splat(-87.0)), f32x4.splat(88.0));
  const magic = f32x4.splat(12582912.0); // 1.5·2^23
  const t = f32x4.add(f32x4.mul(x, f32x4.splat(1.44269504088896341)), magic);
  const fx = f32x4.sub(t, magic);
  let r = f32x4.sub(x, f32x4.mul(fx, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(fx, f32x4.splat(-2.12194440e-4)));
  const z = f32x4.mul(r, r);
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  const y = f32x4.add(f32x4.add(f32x4.mul(p, z), r), f32x4.splat(1.0));
  const n = i32x4.sub(t, magic);
  return f32x4.mul(y, i32x4.shl(i32x4.add(n, i32x4.splat(127)), 23));
}

/** e^x lane-wise, f64x2 (x clamped to [-708, 708]). */
@inline export function expF64x2(x: v128): v128 {
  x = f64x2.pmin(f64x2.pmax(x, f64x2.splat(-708.0)), f64x2.splat(708.0));
  const magic = f64x2.splat(6755399441055744.0); // 1.5·2^52
  const t = f64x2.add(f64x2.mul(x, f64x2.splat(1.4426950408889634073599)), magic);
  const fx = f64x2.sub(t, magic);
  let r = f64x2.sub(x, f64x2.mul(fx, f64x2.splat(6.93145751953125e-1)));
  r = f64x2.sub(r, f64x2.mul(fx, f64x2.splat(1.42860682030941723212e-6)));
  const xx = f64x2.mul(r, r);
  let px = f64x2.splat(1.26177193074810590878e-4);
  px = f64x2.add(f64x2.mul(px, xx), f64x2.splat(3.02994407707441961300e-2));
  px = f64x2.add(f64x2.mul(px, xx), f64x2.splat(9.99999999999999999910e-1));
  px = f64x2.mul(px, r);
  let qx = f64x2.splat(3.00198505138664455042e-6);
  qx = f64x2.add(f64x2.mul(qx, xx), f64x2.splat(2.52448340349684104192e-3));
  qx = f64x2.add(f64x2.mul(qx, xx), f64x2.splat(2.27265548208155028766e-1));
  qx = f64x2.add(f64x2.mul(qx, xx), f64x2.splat(2.00000000000000000009e0));
  const ratio = f64x2.div(px, f64x2.sub(qx, px));
  const y = f64x2.add(f64x2.splat(1.0), f64x2.add(ratio, ratio));
  const n = i64x2.sub(t, magic);
  return f64x2.mul(y, i64x2.shl(i64x2.add(n, i64x2.splat(1023)), 52));
}

/** σ(z) = 1 / (1 + e^-z) lane-wise. */
@inline export function sigmoidV<T>(z: v128): v128 {
  if (sizeof<T>() == 4) return f32x4.div(f32x4.splat(1.0), f32x4.add(f32x4.splat(1.0), expF32x4(f32x4.neg(z))));
  return f64x2.div(f64x2.splat(1.0), f64x2.add(f64x2.splat(1.0), expF64x2(f64x2.neg(z))));
}

/** sg = σ(z), out = z·σ(z) over n elements (n a multiple of the lane count). */
export function siluForward<T>(z: usize, sg: usize, out: usize, n: i32): void {
  const bytes = (<usize>n) * sizeof<T>();
  for (let o: usize = 0; o < bytes; o += 16) {
    const zv = v128.load(z + o);
    const s = sigmoidV<T>(zv);
    v128.store(sg + o, s);
    v128.store(out + o, v128.mul<T>(zv, s));
  }
}

/** g ⊙= SiLU'(z) = σ(z)(1 + z(1 - σ(z))) over n elements. */
export function siluBackward<T>(z: usize, sg: usize, g: usize, n: i32): void {
  const bytes = (<usize>n) * sizeof<T>();
  const one = v128.splat<T>(<T>1);
  for (let o: usize = 0; o < bytes; o += 16) {
    const zv = v128.load(z + o), s = v128.load(sg + o);
    const d = v128.mul<T>(s, v128.add<T>(one, v128.mul<T>(zv, v128.sub<T>(one, s))));
    v128.store(g + o, v128.mul<T>(v128.load(g + o), d));
  }
}
