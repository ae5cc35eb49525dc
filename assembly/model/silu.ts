// SiLU over whole registers. exp is evaluated here with fixed IEEE operations (Cephes-style
// range reduction and polynomial/rational approximation, ≤ 2 ulp), so every engine gives the
// same bits, and four (f32) or two (f64) lanes cost about one scalar libm call.

// n = round(x·log2 e) comes from adding 1.5·2^m (m = mantissa bits): the sum's low bits hold
// n, so no float→int conversion (slow and saturating in Wasm) is needed. pmin/pmax clamp
// (they map to single instructions, unlike min/max with their NaN rules). The constants are
// splatted vectors in a static table: engines rebuild a v128.const on every use inside a loop,
// a load from the table is one instruction.
const K32: usize = memory.data<f32>([88.0, 88.0, 88.0, 88.0, -87.0, -87.0, -87.0, -87.0, 12582912.0, 12582912.0, 12582912.0, 12582912.0, 1.44269504088896341, 1.44269504088896341, 1.44269504088896341, 1.44269504088896341, 0.693359375, 0.693359375, 0.693359375, 0.693359375, -2.12194440e-4, -2.12194440e-4, -2.12194440e-4, -2.12194440e-4, 1.9875691500e-4, 1.9875691500e-4, 1.9875691500e-4, 1.9875691500e-4, 1.3981999507e-3, 1.3981999507e-3, 1.3981999507e-3, 1.3981999507e-3, 8.3334519073e-3, 8.3334519073e-3, 8.3334519073e-3, 8.3334519073e-3, 4.1665795894e-2, 4.1665795894e-2, 4.1665795894e-2, 4.1665795894e-2, 1.6666665459e-1, 1.6666665459e-1, 1.6666665459e-1, 1.6666665459e-1, 5.0000001201e-1, 5.0000001201e-1, 5.0000001201e-1, 5.0000001201e-1, 1.0, 1.0, 1.0, 1.0], 16);
const K32_HI: i32 = 0;
const K32_LO: i32 = 1;
const K32_MAGIC: i32 = 2;
const K32_LOG2E: i32 = 3;
const K32_LN2HI: i32 = 4;
const K32_LN2LO: i32 = 5;
const K32_P0: i32 = 6;
const K32_P1: i32 = 7;
const K32_P2: i32 = 8;
const K32_P3: i32 = 9;
const K32_P4: i32 = 10;
const K32_P5: i32 = 11;
const K32_ONE: i32 = 12;
const K64: usize = memory.data<f64>([708.0, 708.0, -708.0, -708.0, 6755399441055744.0, 6755399441055744.0, 1.4426950408889634073599, 1.4426950408889634073599, 6.93145751953125e-1, 6.93145751953125e-1, 1.42860682030941723212e-6, 1.42860682030941723212e-6, 1.26177193074810590878e-4, 1.26177193074810590878e-4, 3.02994407707441961300e-2, 3.02994407707441961300e-2, 9.99999999999999999910e-1, 9.99999999999999999910e-1, 3.00198505138664455042e-6, 3.00198505138664455042e-6, 2.52448340349684104192e-3, 2.52448340349684104192e-3, 2.27265548208155028766e-1, 2.27265548208155028766e-1, 2.00000000000000000009e0, 2.00000000000000000009e0, 1.0, 1.0], 16);
const K64_HI: i32 = 0;
const K64_LO: i32 = 1;
const K64_MAGIC: i32 = 2;
const K64_LOG2E: i32 = 3;
const K64_LN2HI: i32 = 4;
const K64_LN2LO: i32 = 5;
const K64_P0: i32 = 6;
const K64_P1: i32 = 7;
const K64_P2: i32 = 8;
const K64_Q0: i32 = 9;
const K64_Q1: i32 = 10;
const K64_Q2: i32 = 11;
const K64_Q3: i32 = 12;
const K64_ONE: i32 = 13;

// bits(magic) - exponent bias, so that bits(t) - this = n + bias, the exponent field of 2^n.
const KI: usize = memory.data<i64>([0x4B3FFF814B3FFF81, 0x4B3FFF814B3FFF81, 0x4337FFFFFFFFFC01, 0x4337FFFFFFFFFC01], 16);

@inline function k32(i: i32): v128 {
  return v128.load(K32 + (<usize>i << 4));
}

@inline function k64(i: i32): v128 {
  return v128.load(K64 + (<usize>i << 4));
}

/** e^x lane-wise, f32x4 (x clamped to [-87, 88]: no overflow in the exponent bits). */
@inline export function expF32x4(x: v128): v128 {
  x = f32x4.pmin(f32x4.pmax(x, k32(K32_LO)), k32(K32_HI));
  const magic = k32(K32_MAGIC);
  const t = f32x4.add(f32x4.mul(x, k32(K32_LOG2E)), magic);
  const fx = f32x4.sub(t, magic);
  let r = f32x4.sub(x, f32x4.mul(fx, k32(K32_LN2HI)));
  r = f32x4.sub(r, f32x4.mul(fx, k32(K32_LN2LO)));
  const z = f32x4.mul(r, r);
  let p = k32(K32_P0);
  p = f32x4.add(f32x4.mul(p, r), k32(K32_P1));
  p = f32x4.add(f32x4.mul(p, r), k32(K32_P2));
  p = f32x4.add(f32x4.mul(p, r), k32(K32_P3));
  p = f32x4.add(f32x4.mul(p, r), k32(K32_P4));
  p = f32x4.add(f32x4.mul(p, r), k32(K32_P5));
  const y = f32x4.add(f32x4.add(f32x4.mul(p, z), r), k32(K32_ONE));
  return f32x4.mul(y, i32x4.shl(i32x4.sub(t, v128.load(KI)), 23));
}

/** e^x lane-wise, f64x2 (x clamped to [-708, 708]). */
@inline export function expF64x2(x: v128): v128 {
  x = f64x2.pmin(f64x2.pmax(x, k64(K64_LO)), k64(K64_HI));
  const magic = k64(K64_MAGIC);
  const t = f64x2.add(f64x2.mul(x, k64(K64_LOG2E)), magic);
  const fx = f64x2.sub(t, magic);
  let r = f64x2.sub(x, f64x2.mul(fx, k64(K64_LN2HI)));
  r = f64x2.sub(r, f64x2.mul(fx, k64(K64_LN2LO)));
  const xx = f64x2.mul(r, r);
  let px = f64x2.add(f64x2.mul(k64(K64_P0), xx), k64(K64_P1));
  px = f64x2.add(f64x2.mul(px, xx), k64(K64_P2));
  px = f64x2.mul(px, r);
  let qx = f64x2.add(f64x2.mul(k64(K64_Q0), xx), k64(K64_Q1));
  qx = f64x2.add(f64x2.mul(qx, xx), k64(K64_Q2));
  qx = f64x2.add(f64x2.mul(qx, xx), k64(K64_Q3));
  const ratio = f64x2.div(px, f64x2.sub(qx, px));
  const y = f64x2.add(k64(K64_ONE), f64x2.add(ratio, ratio));
  return f64x2.mul(y, i64x2.shl(i64x2.sub(t, v128.load(KI, 16)), 52));
}

/** The splatted 1 of the element type. */
@inline function oneV<T>(): v128 {
  return sizeof<T>() == 4 ? k32(K32_ONE) : k64(K64_ONE);
}

/** σ(z) = 1 / (1 + e^-z) lane-wise. */
@inline export function sigmoidV<T>(z: v128): v128 {
  const one = oneV<T>();
  if (sizeof<T>() == 4) return f32x4.div(one, f32x4.add(one, expF32x4(f32x4.neg(z))));
  return f64x2.div(one, f64x2.add(one, expF64x2(f64x2.neg(z))));
}

/** SiLU'(z) = σ(z)(1 + z(1 - σ(z))) lane-wise: one expression for siluBackward and siluDerivative (same bits). */
@inline function siluDerivV<T>(z: v128, s: v128): v128 {
  const one = oneV<T>();
  return v128.mul<T>(s, v128.add<T>(one, v128.mul<T>(z, v128.sub<T>(one, s))));
}

/**
 * out = z·σ(z) over n elements (n a multiple of the lane count), and sg = σ(z) for a reverse
 * pass unless sg is 0.
 */
export function siluForward<T>(z: usize, sg: usize, out: usize, n: i32): void {
  const bytes = (<usize>n) * sizeof<T>();
  for (let o: usize = 0; o < bytes; o += 16) {
    const zv = v128.load(z + o);
    const s = sigmoidV<T>(zv);
    if (sg) v128.store(sg + o, s);
    v128.store(out + o, v128.mul<T>(zv, s));
  }
}

/** d = SiLU'(z) from z and sg = σ(z) (as siluForward left them): the factor siluBackward forms. */
export function siluDerivative<T>(z: usize, sg: usize, d: usize, n: i32): void {
  const bytes = (<usize>n) * sizeof<T>();
  for (let o: usize = 0; o < bytes; o += 16) v128.store(d + o, siluDerivV<T>(v128.load(z + o), v128.load(sg + o)));
}

/** g ⊙= SiLU'(z) = σ(z)(1 + z(1 - σ(z))) over n elements. */
export function siluBackward<T>(z: usize, sg: usize, g: usize, n: i32): void {
  const bytes = (<usize>n) * sizeof<T>();
  for (let o: usize = 0; o < bytes; o += 16) {
    const d = siluDerivV<T>(v128.load(z + o), v128.load(sg + o));
    v128.store(g + o, v128.mul<T>(v128.load(g + o), d));
  }
}
