// Philox4x32-10 (Salmon, Moraes, Dror & Shaw, SC'11; the Random123 reference constants): a
// counter-based generator, so every random number is a pure function of (key, counter). MD uses
// key = seed and counter = (step, purpose, atom, component): a variate never depends on how
// many others were drawn before it or in which order, which is what makes runs resumable and
// bit-identical everywhere. No state, no allocation; results come back through four globals.

const M0: u64 = 0xD2511F53;
const M1: u64 = 0xCD9E8D57;
const W0: u32 = 0x9E3779B9;
const W1: u32 = 0xBB67AE85;

/** Output words of the last `philox4x32_10` call. */
export let philoxOut0: u32 = 0;
export let philoxOut1: u32 = 0;
export let philoxOut2: u32 = 0;
export let philoxOut3: u32 = 0;

/** One Philox4x32-10 block: counter (c0..c3), key (k0, k1) → philoxOut0..3. */
export function philox4x32_10(c0: u32, c1: u32, c2: u32, c3: u32, k0: u32, k1: u32): void {
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
  philoxOut0 = c0;
  philoxOut1 = c1;
  philoxOut2 = c2;
  philoxOut3 = c3;
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
  philox4x32_10(step, purpose, atom, component, seedLo, seedHi);
  const u1 = 1.0 - unit53(philoxOut0, philoxOut1); // (0, 1]: log stays finite
  const u2 = unit53(philoxOut2, philoxOut3);
  return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
}

/** A uniform variate in [0, 1) for the same kind of stream. */
export function uniform(seedLo: u32, seedHi: u32, step: u32, purpose: u32, atom: u32, component: u32): f64 {
  philox4x32_10(step, purpose, atom, component, seedLo, seedHi);
  return unit53(philoxOut0, philoxOut1);
}

/** The four output words of the last block, written to `out` (u32[4]) for the host. */
export function philoxWords(out: usize): void {
  store<u32>(out, philoxOut0);
  store<u32>(out, philoxOut1, 4);
  store<u32>(out, philoxOut2, 8);
  store<u32>(out, philoxOut3, 12);
}
