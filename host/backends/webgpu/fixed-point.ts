// The host side of the GPU's fixed-point coordinates (shaders/md/fixed.wgsl): a coordinate is a
// signed 64-bit count of 2^-32 Å in two u32 words (whole Å as i32, fraction). Encoding rounds
// to the nearest 2^-32 Å; decoding is exact in f64 for |x| < 2^20 Å.

const TWO32 = 4294967296;
/** Largest |coordinate| accepted, Å: decoding stays exact in f64 (53 bits = 21 + 32). */
export const FIXED_RANGE = 2 ** 20;

/** Words (whole, fraction) per coordinate, 2 per value, in `out` (length 2·values.length). */
export function encodeFixed(values: ArrayLike<number>, what: string, out = new Uint32Array(2 * values.length)): Uint32Array {
  for (let k = 0; k < values.length; k++) {
    const x = values[k];
    if (!(Math.abs(x) < FIXED_RANGE)) throw new Error(`webgpu: ${what}[${k}] = ${x} Å is outside the GPU's fixed-point range ±2^20 Å`);
    let whole = Math.floor(x);
    let frac = Math.round((x - whole) * TWO32);
    if (frac === TWO32) { whole += 1; frac = 0; }
    out[2 * k] = whole >>> 0;
    out[2 * k + 1] = frac;
  }
  return out;
}

/** The exact f64 values of fixed-point words. */
export function decodeFixed(words: Uint32Array): Float64Array {
  const out = new Float64Array(words.length / 2);
  for (let k = 0; k < out.length; k++) out[k] = (words[2 * k] | 0) + words[2 * k + 1] / TWO32;
  return out;
}
