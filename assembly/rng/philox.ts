// Philox4x32-10 (Salmon, Moraes, Dror & Shaw, SC'11; the Random123 reference constants): a
// counter-based generator, so every random number is a pure function of (key, counter). MD uses
// key = seed and counter = (step, purpose, atom, component): a variate never depends on how
// many others were drawn before it or in which order, which is what makes runs resumable and
// bit-identical everywhere. No state, no allocation: a block's four words come back as one v128.

const M0: u64 = 0xD2511F53;
const M1: u64 = 0xCD9E8D57;
const W0: u32 = 0x9E3779B9;
const W1: u32 = 0xBB67AE85;

/** One Philox4x32-10 block: counter (c0..c3), key (k0, k1) → the four output words (i32x4 lanes 0..3). */
export function philoxBlock(c0: u32, c1: u32, c2: u32, c3: u32, k0: u32, k1: u32): v128 {
  for (let round = 0; round < 10; round++) {
    if (round > 0) {
      k0 += W0;
      k1 += W1;
    }
    const p0 = M0 * <u64>c0;
    const p1 = M1 * <u64>c2;
    const n0 = <u32>(p1 >> 32) ^ c1 ^ k0;
    const n2 = <u32>(p0 >> 32) ^ c3 ^ k1;
    c1 = <u32>p1;
    c3 = <u32>p0;
    c0 = n0;
    c2 = n2;
  }
  return i32x4(c0, c1, c2, c3);
}


// 2^-53: a 53-bit integer times this is exactly representable in [0, 1).
const TWO_M53: f64 = 1.0 / 9007199254740992.0;

/** 53-bit uniform in [0, 1) from two words (27 high bits of `hi`, 26 of `lo`). */
// @ts-ignore: decorator
@inline
function unit53(hi: u32, lo: u32): f64 {
  return <f64>((<u64>(hi >>> 5) << 26) | <u64>(lo >>> 6)) * TWO_M53;
}

/** Purposes (counter word 1) that keep the streams of different uses apart. */
export const PURPOSE_INIT_VELOCITIES: u32 = 1;
export const PURPOSE_LANGEVIN: u32 = 2;
export const PURPOSE_BAROSTAT: u32 = 3;

/**
 * A standard normal variate for stream (seed, step, purpose, atom, component), by Box–Muller
 * on one Philox block. seedLo/seedHi: the 64-bit seed's words.
 */
export function gaussian(seedLo: u32, seedHi: u32, step: u32, purpose: u32, atom: u32, component: u32): f64 {
  const b = philoxBlock(step, purpose, atom, component, seedLo, seedHi);
  const w0 = <u32>i32x4.extract_lane(b, 0), w1 = <u32>i32x4.extract_lane(b, 1);
  const w2 = <u32>i32x4.extract_lane(b, 2), w3 = <u32>i32x4.extract_lane(b, 3);
  const u1 = 1.0 - unit53(w0, w1); // (0, 1]: log stays finite
  const u2 = unit53(w2, w3);
  return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
}

/** A uniform variate in [0, 1) for the same kind of stream. */
export function uniform(seedLo: u32, seedHi: u32, step: u32, purpose: u32, atom: u32, component: u32): f64 {
  const b = philoxBlock(step, purpose, atom, component, seedLo, seedHi);
  return unit53(<u32>i32x4.extract_lane(b, 0), <u32>i32x4.extract_lane(b, 1));
}

/** One block for the host (v128 does not cross into JavaScript): its words go to `out` (u32[4]). */
export function philox4x32_10(c0: u32, c1: u32, c2: u32, c3: u32, k0: u32, k1: u32, out: usize): void {
  v128.store(out, philoxBlock(c0, c1, c2, c3, k0, k1));
}
