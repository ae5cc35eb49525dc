// The distance-floor scan of checks.ts in O(N) for large systems: the neighbour search
// (assembly/neighbors) lists the pairs within a reach R of a couple of floors, and only those
// pairs are scored, with checks.ts' own pieces (its formula, its order: i, then j ascending),
// so the result is bit for bit the brute-force one whenever it is certain. It is certain when
// the best key is below R²/maxFloor² (every pair left out is ≥ R apart, so its key is at least
// that) and every atom but a few has a neighbour inside R; those few (an escaping atom) get
// their exact O(N) row. Otherwise the reach doubles, and after a few tries the brute-force
// scan answers.
import { scratchBytes } from "../neighbors/layout";
import { plan } from "../neighbors/plan";
import { binAtoms } from "../neighbors/bins";
import { search } from "../neighbors/search";
import {
  mdFirstNonFinite, mdFloorScan, periodicMask, startScan, scoreSelf, scorePair, pairDistance2, scanBestKey, finishScan,
} from "./checks";

/** Smallest reach, Å: covalent bonds lie inside it even when the floors are tiny. */
const MIN_REACH: f64 = 1.6;
/** Reaches tried before the brute-force scan (R, 2R, 4R). */
const TRIES = 3;
/**
 * A pair left out is ≥ R·(1 − MARGIN) apart whichever formula rounded its distance (the
 * search's and nearestImage's differ by ~1e-15 R for coordinates up to ~1e4 R).
 */
const MARGIN: f64 = 1e-6;

const INV: usize = memory.data(72, 16);

// @ts-ignore: decorator
@inline function align16(b: usize): usize {
  return (b + 15) & ~(<usize>15);
}

/** Edges the work region holds for n atoms: 24 per atom (simple cubic at 1.4 floors has 18 inside 2 floors); more falls back to brute force. */
function edgeCap(n: i32): i32 {
  return 24 * n + 64;
}

/** Bytes of the work region `mdFloorScanBinned` needs for n atoms (~0.8 kB per atom). */
export function mdFloorScanBytes(n: i32): usize {
  return align16(scratchBytes(n)) + align16(<usize>(n + 1) * 4) + <usize>edgeCap(n) * (8 + 4 + 12 + 4);
}

/**
 * mdFloorScan's result (same arguments, same out f64[6], bit for bit) from the pairs within a
 * reach of the largest floor; `work` holds mdFloorScanBytes(n). Returns the reach used (Å), or
 * 0 when the brute-force scan answered (a structure the bins could not certify).
 */
export function mdFloorScanBinned(n: i32, r: usize, cell: usize, pbcMask: i32, rad: usize, fraction: f64, minDistance: f64,
  near: usize, out: usize, work: usize): f64 {
  const mask = periodicMask(cell, pbcMask, INV);
  if (n >= 2 && mdFirstNonFinite(3 * n, r) < 0 && mdFirstNonFinite(9, cell) < 0) {
    let maxRad: f64 = 0.0, minRad: f64 = Infinity;
    for (let i = 0; i < n; i++) {
      const x = load<f64>(rad + (<usize>i << 3));
      maxRad = max<f64>(maxRad, x);
      minRad = min<f64>(minRad, x);
    }
    const maxFloor = minDistance > 0.0 ? minDistance : fraction * 2.0 * maxRad;
    // A pair whose floor is 0 is keyed by d² itself (checks.ts).
    const zeroFloor = !(minDistance > 0.0) && (!(fraction > 0.0) || minRad == 0.0);
    let reach = max<f64>(2.0 * maxFloor, MIN_REACH);
    for (let t = 0; t < TRIES; t++, reach *= 2.0) {
      const done = scanWithin(n, r, cell, mask, rad, fraction, minDistance, maxFloor, zeroFloor, reach, near, out, work);
      if (done < 0) break; // more pairs than the work region holds: a longer reach only adds more
      if (done > 0) return reach;
    }
  }
  mdFloorScan(n, r, cell, pbcMask, rad, fraction, minDistance, near, out);
  return 0.0;
}

/** One try at reach R: 1 = certain and written to out, 0 = not certain, −1 = search refused or overfull. */
function scanWithin(n: i32, r: usize, cell: usize, mask: i32, rad: usize, fraction: f64, minDistance: f64,
  maxFloor: f64, zeroFloor: bool, reach: f64, near: usize, out: usize, work: usize): i32 {
  const cap = edgeCap(n);
  const scratch = work;
  const rowStart = scratch + align16(scratchBytes(n));
  const keys = rowStart + align16(<usize>(n + 1) * 4);
  const outJ = keys + (<usize>cap << 3);
  const outShift = outJ + (<usize>cap << 2);
  const outRev = outShift + <usize>cap * 12;
  if (plan(n, r, cell, mask, reach, scratch) <= 0) return -1;
  binAtoms(n, r, cell, scratch);
  if (search(n, r, cell, scratch, keys, cap, cap, rowStart, outJ, outShift, outRev) < 0) return -1;

  // checks.ts' loop over the listed pairs only (rows hold j ascending, images of one j adjacent).
  const self2 = startScan(n, cell, mask, near);
  for (let i = 0; i < n; i++) {
    const pi = r + <usize>i * 24;
    const ri = scoreSelf(i, self2, rad, fraction, minDistance, near);
    const end = load<i32>(rowStart + (<usize>(i + 1) << 2));
    let last = i;
    for (let e = load<i32>(rowStart + (<usize>i << 2)); e < end; e++) {
      const j = load<i32>(outJ + (<usize>e << 2));
      if (j <= last) continue; // each pair once, from its lower atom
      last = j;
      scorePair(i, pi, ri, j, r, cell, INV, mask, rad, fraction, minDistance, near);
    }
  }
  const sure = reach * (1.0 - MARGIN), sure2 = sure * sure;
  let missKey = maxFloor > 0.0 ? sure2 / (maxFloor * maxFloor) : Infinity;
  if (zeroFloor) missKey = min<f64>(missKey, sure2);
  if (!(scanBestKey() < missKey)) return 0;
  // Atoms with no neighbour inside the reach (an escaping atom) get their exact row, O(N) each.
  let alone = 0;
  for (let i = 0; i < n; i++) if (!(load<f64>(near + (<usize>i << 3)) < sure2)) alone++;
  if (alone > (n >> 5) + 8) return 0;
  for (let i = 0; alone > 0 && i < n; i++) {
    if (load<f64>(near + (<usize>i << 3)) < sure2) continue;
    alone--;
    let m = self2;
    for (let j = 0; j < n; j++) {
      if (j == i) continue;
      const d2 = j > i ? pairDistance2(r + <usize>i * 24, j, r, cell, INV, mask) : pairDistance2(r + <usize>j * 24, i, r, cell, INV, mask);
      if (d2 < m) m = d2;
    }
    store<f64>(near + (<usize>i << 3), m);
  }
  finishScan(n, near, out);
  return 1;
}
