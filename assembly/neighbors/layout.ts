// Layout of the neighbour search's scratch region (one host buffer, size `scratchBytes(n)`):
// a header with the search plan, then per-atom and per-bin arrays. Everything is a function
// of the atom count alone, so the host can size it before the first call.

/** Header: f64 slots first, then i32 slots. */
export const HEADER_BYTES: usize = 384;

// f64 slots (index × 8 bytes)
export const H_INV: i32 = 0; // 9: inverse of the search frame; column a = dual vector b_a
export const H_ORIGIN: i32 = 9; // 3: fractional origin of bin 0 per axis (0 on periodic axes)
export const H_SCALE: i32 = 12; // 3: bins per unit of fractional coordinate
export const H_RADIUS: i32 = 15; // search radius, Å
export const H_NEAR2: i32 = 16; // prefilter radius², Å² (radius + rounding margin, squared)
export const H_NORMVOL: i32 = 17; // |det F| / (|F0||F1||F2|) of the search frame
export const H_FRAME: i32 = 18; // 9: search frame rows (periodic cell rows + completed axes)
export const H_SPAN: i32 = 27; // 3: radius + rounding margin in fractional units per axis

// i32 slots (index × 4 bytes, after the 32 f64 slots)
const I_BASE: usize = 256;
export const I_NB: i32 = 0; // 3: bins per axis
export const I_K: i32 = 3; // 3: stencil reach per axis, in bins
export const I_BITS: i32 = 6; // 3: key bits of the image shift digit per axis
export const I_NBINS: i32 = 9;
export const I_PBC: i32 = 10; // bit a set = periodic along cell vector a

// @ts-ignore: decorator
@inline export function hf(scratch: usize, slot: i32): f64 {
  return load<f64>(scratch + (<usize>slot << 3));
}
// @ts-ignore: decorator
@inline export function setHf(scratch: usize, slot: i32, v: f64): void {
  store<f64>(scratch + (<usize>slot << 3), v);
}
// @ts-ignore: decorator
@inline export function hi(scratch: usize, slot: i32): i32 {
  return load<i32>(scratch + I_BASE + (<usize>slot << 2));
}
// @ts-ignore: decorator
@inline export function setHi(scratch: usize, slot: i32, v: i32): void {
  store<i32>(scratch + I_BASE + (<usize>slot << 2), v);
}

/** Most bins the plan may use for n atoms (keeps memory O(n) for sparse or huge boxes). */
export function maxBins(n: i32): i32 {
  return 2 * n + 64;
}

// @ts-ignore: decorator
@inline function align16(b: usize): usize {
  return (b + 15) & ~(<usize>15);
}

/** i32 ×3 per atom: integer cell offset W removed by wrapping (0 on open axes). */
export function atomWrapAt(scratch: usize): usize {
  return scratch + HEADER_BYTES;
}
/** i32 ×3 per atom: bin coordinate per axis. */
export function atomBinAt(scratch: usize, n: i32): usize {
  return atomWrapAt(scratch) + align16(<usize>n * 12);
}
/** i32 per slot: atom index, atoms ordered by bin then index. */
export function slotAtomAt(scratch: usize, n: i32): usize {
  return atomBinAt(scratch, n) + align16(<usize>n * 12);
}
/** f64 ×3 per slot: wrapped position x - W·cell (prefilter only; edges use the original). */
export function slotNearAt(scratch: usize, n: i32): usize {
  return slotAtomAt(scratch, n) + align16(<usize>n * 4);
}
/** i32 per atom: cursor of the reverse-edge pass. */
export function atomCursorAt(scratch: usize, n: i32): usize {
  return slotNearAt(scratch, n) + <usize>n * 24;
}
/** i32 per bin + 1: first slot of each bin. */
export function binStartAt(scratch: usize, n: i32): usize {
  return atomCursorAt(scratch, n) + align16(<usize>n * 4);
}

/** Bytes of scratch the search needs for n atoms. */
export function scratchBytes(n: i32): usize {
  return binStartAt(0, n) + align16(<usize>(maxBins(n) + 1) * 4);
}
