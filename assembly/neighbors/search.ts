// The cell-list scan. For each atom i (in index order) it visits the stencil of bins around
// i's bin, periodic images included, and tests every atom there with the exact edge formula
// of pair.ts on the ORIGINAL positions: with W the whole cells an atom was wrapped by and B
// the image carry of the visited bin, S = B + W_i - W_j. Each hit is a key (j, B) whose order
// equals the canonical (j, S) order inside row i (S - B depends on j only); rows are sorted
// as they complete, so the CSR output comes out canonical with no global sort.
import {
  H_RADIUS, H_RADIUS2_HI, I_NB, I_K, I_BITS, I_PBC, hf, hi,
  atomWrapAt, atomBinAt, slotAtomAt, slotPosAt, slotWrapAt, binStartAt,
} from "./layout";
import { pairComponent, norm2, within } from "./pair";
import { sortKeys } from "./sort";

/** Returned by `search` when a reverse edge is missing (an internal inconsistency). */
export const SEARCH_ASYMMETRIC: i32 = i32.MIN_VALUE;

// @ts-ignore: decorator
@inline function floorDiv(t: i32, nb: i32): i32 {
  return t >= 0 ? t / nb : -((nb - 1 - t) / nb);
}

/**
 * Finds every edge closer than the planned radius. Keys go to `keys` (u64, `cap` of them);
 * `rowStart` (i32 n+1) is always filled. Returns the edge count; when it exceeds `cap`,
 * minus the count (the host grows and retries), stopping early once it exceeds `limit`.
 * When the edges fit, also writes j (i32), shift (i32 ×3) and rev (i32) per edge.
 */
export function search(
  n: i32, pos: usize, cell: usize, scratch: usize,
  keys: usize, cap: i32, limit: i32,
  rowStart: usize, outJ: usize, outShift: usize, outRev: usize,
): i32 {
  const s = scratch;
  const pbc = hi(s, I_PBC);
  const nb0 = hi(s, I_NB), nb1 = hi(s, I_NB + 1), nb2 = hi(s, I_NB + 2);
  const k0 = hi(s, I_K), k1 = hi(s, I_K + 1), k2 = hi(s, I_K + 2);
  const p0 = pbc & 1, p1 = (pbc >> 1) & 1, p2 = (pbc >> 2) & 1;
  // Key digit of the image carry B: (B + off) in `bits` bits per axis (off = reach, 0 if open).
  const o0 = p0 ? k0 : 0, o1 = p1 ? k1 : 0, o2 = p2 ? k2 : 0;
  const bits1 = hi(s, I_BITS + 1), bits2 = hi(s, I_BITS + 2);
  const radius = hf(s, H_RADIUS), radius2Hi = hf(s, H_RADIUS2_HI);
  const c00 = load<f64>(cell), c01 = load<f64>(cell, 8), c02 = load<f64>(cell, 16);
  const c10 = load<f64>(cell, 24), c11 = load<f64>(cell, 32), c12 = load<f64>(cell, 40);
  const c20 = load<f64>(cell, 48), c21 = load<f64>(cell, 56), c22 = load<f64>(cell, 64);
  const atomWrap = atomWrapAt(s), atomBin = atomBinAt(s, n);
  const slotAtom = slotAtomAt(s, n), slotPos = slotPosAt(s, n), slotWrap = slotWrapAt(s, n);
  const binStart = binStartAt(s, n);

  let count = 0;
  store<i32>(rowStart, 0);
  for (let i = 0; i < n; i++) {
    const rowBegin = count;
    const pi = pos + <usize>i * 24;
    const xi = load<f64>(pi), yi = load<f64>(pi, 8), zi = load<f64>(pi, 16);
    const wa = atomWrap + <usize>i * 12, ba = atomBin + <usize>i * 12;
    const wi0 = <f64>load<i32>(wa), wi1 = <f64>load<i32>(wa, 4), wi2 = <f64>load<i32>(wa, 8);
    const b0 = load<i32>(ba), b1 = load<i32>(ba, 4), b2 = load<i32>(ba, 8);
    for (let d0 = -k0; d0 <= k0; d0++) {
      let t0 = b0 + d0, c0 = 0;
      if (p0) { c0 = floorDiv(t0, nb0); t0 -= c0 * nb0; } else if (t0 < 0 || t0 >= nb0) continue;
      const sb0 = <f64>c0 + wi0;
      for (let d1 = -k1; d1 <= k1; d1++) {
        let t1 = b1 + d1, c1 = 0;
        if (p1) { c1 = floorDiv(t1, nb1); t1 -= c1 * nb1; } else if (t1 < 0 || t1 >= nb1) continue;
        const sb1 = <f64>c1 + wi1;
        for (let d2 = -k2; d2 <= k2; d2++) {
          let t2 = b2 + d2, c2 = 0;
          if (p2) { c2 = floorDiv(t2, nb2); t2 -= c2 * nb2; } else if (t2 < 0 || t2 >= nb2) continue;
          const sb2 = <f64>c2 + wi2;
          const bin = (t0 * nb1 + t1) * nb2 + t2;
          const first = load<i32>(binStart + (<usize>bin << 2));
          const last = load<i32>(binStart + (<usize>(bin + 1) << 2));
          const digit = (<u64>(c0 + o0) << (bits1 + bits2)) | (<u64>(c1 + o1) << bits2) | <u64>(c2 + o2);
          const home = c0 == 0 && c1 == 0 && c2 == 0; // B = 0: atom i itself is not an edge
          for (let slot = first; slot < last; slot++) {
            const q = slotPos + <usize>slot * 24, v = slotWrap + <usize>slot * 24;
            const s0 = sb0 - load<f64>(v), s1 = sb1 - load<f64>(v, 8), s2 = sb2 - load<f64>(v, 16);
            const x = pairComponent(xi, load<f64>(q), s0, s1, s2, c00, c10, c20);
            const y = pairComponent(yi, load<f64>(q, 8), s0, s1, s2, c01, c11, c21);
            const z = pairComponent(zi, load<f64>(q, 16), s0, s1, s2, c02, c12, c22);
            const d2 = norm2(x, y, z);
            if (d2 < radius2Hi && within(d2, radius)) {
              const j = load<i32>(slotAtom + (<usize>slot << 2));
              if (home && j == i) continue;
              if (count < cap) store<u64>(keys + (<usize>count << 3), (<u64>j << 32) | digit);
              count++;
              if (count > limit) return -count;
            }
          }
        }
      }
    }
    if (count <= cap) sortKeys(keys + (<usize>rowBegin << 3), count - rowBegin);
    store<i32>(rowStart + (<usize>(i + 1) << 2), count);
  }
  if (count > cap) return -count;
  return decode(n, scratch, keys, rowStart, outJ, outShift, outRev) ? count : SEARCH_ASYMMETRIC;
}

/** Keys -> j, shift = B + W_i - W_j and rev (binary search of key (i, -B) in row j). */
function decode(n: i32, s: usize, keys: usize, rowStart: usize, outJ: usize, outShift: usize, outRev: usize): bool {
  const pbc = hi(s, I_PBC);
  const o0 = pbc & 1 ? hi(s, I_K) : 0, o1 = pbc & 2 ? hi(s, I_K + 1) : 0, o2 = pbc & 4 ? hi(s, I_K + 2) : 0;
  const bits1 = <u32>hi(s, I_BITS + 1), bits2 = <u32>hi(s, I_BITS + 2);
  const mask1: u32 = (1 << bits1) - 1, mask2: u32 = (1 << bits2) - 1;
  const atomWrap = atomWrapAt(s);
  for (let i = 0; i < n; i++) {
    const wa = atomWrap + <usize>i * 12;
    const wi0 = load<i32>(wa), wi1 = load<i32>(wa, 4), wi2 = load<i32>(wa, 8);
    const end = load<i32>(rowStart + (<usize>(i + 1) << 2));
    for (let e = load<i32>(rowStart + (<usize>i << 2)); e < end; e++) {
      const key = load<u64>(keys + (<usize>e << 3));
      const j = <i32>(key >> 32);
      const digit = <u32>key;
      const c0 = <i32>(digit >> (bits1 + bits2)) - o0;
      const c1 = <i32>((digit >> bits2) & mask1) - o1;
      const c2 = <i32>(digit & mask2) - o2;
      const wj = atomWrap + <usize>j * 12;
      store<i32>(outJ + (<usize>e << 2), j);
      const sh = outShift + <usize>e * 12;
      store<i32>(sh, c0 + wi0 - load<i32>(wj));
      store<i32>(sh, c1 + wi1 - load<i32>(wj, 4), 4);
      store<i32>(sh, c2 + wi2 - load<i32>(wj, 8), 8);
      const want = (<u64>i << 32) | (<u64>(o0 - c0) << (bits1 + bits2)) | (<u64>(o1 - c1) << bits2) | <u64>(o2 - c2);
      let lo = load<i32>(rowStart + (<usize>j << 2));
      let up = load<i32>(rowStart + (<usize>(j + 1) << 2)) - 1;
      let found = -1;
      while (lo <= up) {
        const mid = (lo + up) >>> 1;
        const mk = load<u64>(keys + (<usize>mid << 3));
        if (mk == want) { found = mid; break; }
        if (mk < want) lo = mid + 1; else up = mid - 1;
      }
      if (found < 0) return false;
      store<i32>(outRev + (<usize>e << 2), found);
    }
  }
  return true;
}
