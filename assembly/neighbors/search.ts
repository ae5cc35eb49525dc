// The cell-list scan. For each atom i (in index order) it visits the stencil of bins around
// i's bin, periodic images included; atoms there that pass a cheap prefilter on wrapped
// positions are tested with the exact edge formula of pair.ts on the ORIGINAL positions: with
// W the whole cells an atom was wrapped by and B the image carry of the visited bin,
// S = B + W_i - W_j. Each hit of row i is kept as a key (j, B) in visiting order.
//
// Canonical order without a sort: the edge set is symmetric (pair.ts), so row b holds exactly
// the reverses (b, a, -S) of the hits (a, b, S). Handing every hit to its reverse row, walking
// a = 0, 1, ..., fills each row in ascending neighbour order; only runs of one neighbour seen
// through several images (small cells) still need ordering by S, which is the order of B for
// a fixed pair (S - B depends on the pair only).
import {
  H_RADIUS, H_NEAR2, I_NB, I_K, I_BITS, I_PBC, hf, hi,
  atomWrapAt, atomBinAt, slotAtomAt, slotNearAt, binStartAt, atomCursorAt,
} from "./layout";
import { pairComponent, wrappedComponent, norm2, within } from "./pair";
import { sortRun } from "./sort";
import { reverseEdges } from "./reverse";

// Returned by `search` when rows do not pair up (an internal inconsistency).
import { NL_SEARCH_ASYMMETRIC } from "../generated/layouts";

/**
 * Finds every edge closer than the planned radius. Hits go to `keys` (u64 scratch, `cap` of
 * them); `rowStart` (i32 n+1) is always filled. Returns the edge count; when it exceeds
 * `cap`, minus the count (the host grows and retries), stopping early once it exceeds
 * `limit`. When the edges fit, writes j (i32), shift (i32 ×3) and rev (i32) per edge in
 * canonical order.
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
  const radius = hf(s, H_RADIUS), near2 = hf(s, H_NEAR2);
  const c00 = load<f64>(cell), c01 = load<f64>(cell, 8), c02 = load<f64>(cell, 16);
  const c10 = load<f64>(cell, 24), c11 = load<f64>(cell, 32), c12 = load<f64>(cell, 40);
  const c20 = load<f64>(cell, 48), c21 = load<f64>(cell, 56), c22 = load<f64>(cell, 64);
  const atomWrap = atomWrapAt(s), atomBin = atomBinAt(s, n);
  const slotAtom = slotAtomAt(s, n), slotNear = slotNearAt(s, n);
  const binStart = binStartAt(s, n);

  let count = 0;
  store<i32>(rowStart, 0);
  for (let i = 0; i < n; i++) {
    const pi = pos + <usize>i * 24;
    const xi = load<f64>(pi), yi = load<f64>(pi, 8), zi = load<f64>(pi, 16);
    const wa = atomWrap + <usize>i * 12, ba = atomBin + <usize>i * 12;
    const wi0 = <f64>load<i32>(wa), wi1 = <f64>load<i32>(wa, 4), wi2 = <f64>load<i32>(wa, 8);
    const b0 = load<i32>(ba), b1 = load<i32>(ba, 4), b2 = load<i32>(ba, 8);
    const ui = wrappedComponent(xi, wi0, wi1, wi2, c00, c10, c20);
    const vi = wrappedComponent(yi, wi0, wi1, wi2, c01, c11, c21);
    const ti = wrappedComponent(zi, wi0, wi1, wi2, c02, c12, c22);
    for (let d0 = -k0; d0 <= k0; d0++) {
      let t0 = b0 + d0, c0 = 0;
      if (p0) { while (t0 < 0) { t0 += nb0; c0--; } while (t0 >= nb0) { t0 -= nb0; c0++; } } else if (t0 < 0 || t0 >= nb0) continue;
      const sb0 = <f64>c0 + wi0;
      for (let d1 = -k1; d1 <= k1; d1++) {
        let t1 = b1 + d1, c1 = 0;
        if (p1) { while (t1 < 0) { t1 += nb1; c1--; } while (t1 >= nb1) { t1 -= nb1; c1++; } } else if (t1 < 0 || t1 >= nb1) continue;
        const sb1 = <f64>c1 + wi1;
        // Along axis 2, consecutive bins with one image carry are one slot range.
        const row = (t0 * nb1 + t1) * nb2;
        let d2 = -k2;
        while (d2 <= k2) {
          let t2 = b2 + d2, c2 = 0;
          if (p2) {
            while (t2 < 0) { t2 += nb2; c2--; }
            while (t2 >= nb2) { t2 -= nb2; c2++; }
          } else if (t2 < 0) {
            d2 = -b2;
            continue;
          } else if (t2 >= nb2) {
            break;
          }
          const span = min<i32>(k2 - d2 + 1, nb2 - t2);
          d2 += span;
          const sb2 = <f64>c2 + wi2;
          const first = load<i32>(binStart + (<usize>(row + t2) << 2));
          const last = load<i32>(binStart + (<usize>(row + t2 + span) << 2));
          const digit = (<u64>(c0 + o0) << (bits1 + bits2)) | (<u64>(c1 + o1) << bits2) | <u64>(c2 + o2);
          const home = c0 == 0 && c1 == 0 && c2 == 0; // B = 0: atom i itself is not an edge
          // Prefilter on wrapped positions: r ≈ near_j + (B·cell - near_i).
          const fc0 = <f64>c0, fc1 = <f64>c1, fc2 = <f64>c2;
          const ox = ((fc0 * c00 + fc1 * c10) + fc2 * c20) - ui;
          const oy = ((fc0 * c01 + fc1 * c11) + fc2 * c21) - vi;
          const oz = ((fc0 * c02 + fc1 * c12) + fc2 * c22) - ti;
          for (let slot = first; slot < last; slot++) {
            const u = slotNear + <usize>slot * 24;
            const ux = load<f64>(u) + ox, uy = load<f64>(u, 8) + oy, uz = load<f64>(u, 16) + oz;
            if (!(norm2(ux, uy, uz) < near2)) continue;
            // Exact test with the original positions: S = (B + W_i) - W_j.
            const j = load<i32>(slotAtom + (<usize>slot << 2));
            const q = pos + <usize>j * 24, v = atomWrap + <usize>j * 12;
            const s0 = sb0 - <f64>load<i32>(v), s1 = sb1 - <f64>load<i32>(v, 4), s2 = sb2 - <f64>load<i32>(v, 8);
            const x = pairComponent(xi, load<f64>(q), s0, s1, s2, c00, c10, c20);
            const y = pairComponent(yi, load<f64>(q, 8), s0, s1, s2, c01, c11, c21);
            const z = pairComponent(zi, load<f64>(q, 16), s0, s1, s2, c02, c12, c22);
            if (within(norm2(x, y, z), radius)) {
              if (home && j == i) continue;
              if (count < cap) store<u64>(keys + (<usize>count << 3), (<u64>j << 32) | digit);
              count++;
              if (count > limit) return -count;
            }
          }
        }
      }
    }
    store<i32>(rowStart + (<usize>(i + 1) << 2), count);
  }
  if (count > cap) return -count;
  // outRev holds each edge's key digit until reverseEdges overwrites it.
  if (!transpose(n, scratch, keys, rowStart, outJ, outRev)) return NL_SEARCH_ASYMMETRIC;
  orderImages(n, rowStart, outJ, outRev);
  decode(n, scratch, rowStart, outJ, outRev, outShift);
  return reverseEdges(n, atomCursorAt(scratch, n), rowStart, outJ, outRev) ? count : NL_SEARCH_ASYMMETRIC;
}

/** Bit position of the axis-0 field in a key digit (fields hold B_a + off_a, axis 2 lowest). */
// @ts-ignore: decorator
@inline function digitShift0(s: usize): u32 {
  return <u32>(hi(s, I_BITS + 1) + hi(s, I_BITS + 2));
}

/**
 * Hands each hit (a, b, B) to row b as (b, a, -B): j = a, digit of -B (in `outDigit`).
 * False if a row receives more entries than it found itself (asymmetry).
 */
function transpose(n: i32, s: usize, keys: usize, rowStart: usize, outJ: usize, outDigit: usize): bool {
  const pbc = hi(s, I_PBC);
  const o0 = pbc & 1 ? <u32>hi(s, I_K) : 0, o1 = pbc & 2 ? <u32>hi(s, I_K + 1) : 0, o2 = pbc & 4 ? <u32>hi(s, I_K + 2) : 0;
  const bits2 = <u32>hi(s, I_BITS + 2), shift0 = digitShift0(s);
  const mask1: u32 = (1 << <u32>hi(s, I_BITS + 1)) - 1, mask2: u32 = (1 << bits2) - 1;
  const cursor = atomCursorAt(s, n);
  for (let a = 0; a < n; a++) store<i32>(cursor + (<usize>a << 2), load<i32>(rowStart + (<usize>a << 2)));
  for (let a = 0; a < n; a++) {
    const end = load<i32>(rowStart + (<usize>(a + 1) << 2));
    for (let e = load<i32>(rowStart + (<usize>a << 2)); e < end; e++) {
      const key = load<u64>(keys + (<usize>e << 3));
      const b = <i32>(key >> 32);
      const d = <u32>key;
      // field v = B + off  ->  -B + off = 2·off - v
      const neg = ((2 * o0 - (d >> shift0)) << shift0) | ((2 * o1 - ((d >> bits2) & mask1)) << bits2) | (2 * o2 - (d & mask2));
      const at = cursor + (<usize>b << 2);
      const slot = load<i32>(at);
      if (slot >= load<i32>(rowStart + (<usize>(b + 1) << 2))) return false;
      store<i32>(at, slot + 1);
      store<i32>(outJ + (<usize>slot << 2), a);
      store<u32>(outDigit + (<usize>slot << 2), neg);
    }
  }
  return true;
}

/**
 * Sorts each run of one neighbour (several images) by digit, i.e. by B, i.e. by S. Runs stop
 * at row ends: a digit means B only with its own row's W_i, so a run must not carry on into
 * the next row that starts with the same neighbour.
 */
function orderImages(n: i32, rowStart: usize, outJ: usize, digit: usize): void {
  for (let i = 0; i < n; i++) {
    const end = load<i32>(rowStart + (<usize>(i + 1) << 2));
    let e = load<i32>(rowStart + (<usize>i << 2));
    while (e < end) {
      const j = load<i32>(outJ + (<usize>e << 2));
      let run = e + 1;
      while (run < end && load<i32>(outJ + (<usize>run << 2)) == j) run++;
      if (run - e > 1) sortRun(digit + (<usize>e << 2), run - e);
      e = run;
    }
  }
}

/** Digits -> shift = B + W_i - W_j. */
function decode(n: i32, s: usize, rowStart: usize, outJ: usize, digit: usize, outShift: usize): void {
  const pbc = hi(s, I_PBC);
  const o0 = pbc & 1 ? hi(s, I_K) : 0, o1 = pbc & 2 ? hi(s, I_K + 1) : 0, o2 = pbc & 4 ? hi(s, I_K + 2) : 0;
  const bits2 = <u32>hi(s, I_BITS + 2), shift0 = digitShift0(s);
  const mask1: u32 = (1 << <u32>hi(s, I_BITS + 1)) - 1, mask2: u32 = (1 << bits2) - 1;
  const atomWrap = atomWrapAt(s);
  for (let i = 0; i < n; i++) {
    const wa = atomWrap + <usize>i * 12;
    const wi0 = load<i32>(wa), wi1 = load<i32>(wa, 4), wi2 = load<i32>(wa, 8);
    const end = load<i32>(rowStart + (<usize>(i + 1) << 2));
    for (let e = load<i32>(rowStart + (<usize>i << 2)); e < end; e++) {
      const j = load<i32>(outJ + (<usize>e << 2));
      const d = load<u32>(digit + (<usize>e << 2));
      const wj = atomWrap + <usize>j * 12;
      const sh = outShift + <usize>e * 12;
      store<i32>(sh, <i32>(d >> shift0) - o0 + wi0 - load<i32>(wj));
      store<i32>(sh, <i32>((d >> bits2) & mask1) - o1 + wi1 - load<i32>(wj, 4), 4);
      store<i32>(sh, <i32>(d & mask2) - o2 + wi2 - load<i32>(wj, 8), 8);
    }
  }
}
