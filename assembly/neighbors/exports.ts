// Exports of the neighbour-list kernels (host side: host/backends/wasm/neighbor-list.ts, typed in
// host/generated/core-exports.ts). All pointers are byte offsets of host-owned buffers.
import { scratchBytes, hf, hi, H_NORMVOL, I_NB, I_K, I_NBINS } from "./layout";
import { plan } from "./plan";
import { binAtoms } from "./bins";
import { search } from "./search";
import { vectors, filter, maxDisplacement2, closestEdge } from "./edges";

/** Bytes of scratch `nlPlan`/`nlSearch` need for n atoms. */
export function nlScratchBytes(n: i32): usize {
  return scratchBytes(n);
}

/** Plans the search within `radius` Å and bins the atoms; returns the bin count or < 0 (see plan.ts). */
export function nlPlan(n: i32, pos: usize, cell: usize, pbc: i32, radius: f64, scratch: usize): i32 {
  const nbins = plan(n, pos, cell, pbc, radius, scratch);
  if (nbins > 0) binAtoms(n, pos, cell, scratch);
  return nbins;
}

/** Normalised volume of the search frame of the last plan (for error messages). */
export function nlPlanNormVolume(scratch: usize): f64 {
  return hf(scratch, H_NORMVOL);
}

/** Bins along axis 0..2 of the last plan (3: total). */
export function nlPlanBins(scratch: usize, axis: i32): i32 {
  return axis == 3 ? hi(scratch, I_NBINS) : hi(scratch, I_NB + axis);
}

/** Stencil reach in bins along axis 0..2 of the last plan. */
export function nlPlanReach(scratch: usize, axis: i32): i32 {
  return hi(scratch, I_K + axis);
}

export function nlSearch(
  n: i32, pos: usize, cell: usize, scratch: usize, keys: usize, cap: i32, limit: i32,
  rowStart: usize, j: usize, shift: usize, rev: usize,
): i32 {
  return search(n, pos, cell, scratch, keys, cap, limit, rowStart, j, shift, rev);
}

export function nlVectors(n: i32, pos: usize, cell: usize, rowStart: usize, j: usize, shift: usize, outI: usize, outVec: usize): void {
  vectors(n, pos, cell, rowStart, j, shift, outI, outVec);
}

export function nlFilter(
  n: i32, pos: usize, cell: usize, cutoff: f64,
  candRowStart: usize, candJ: usize, candShift: usize, cursor: usize,
  rowStart: usize, outI: usize, outJ: usize, outShift: usize, outVec: usize, outRev: usize,
): i32 {
  return filter(n, pos, cell, cutoff, candRowStart, candJ, candShift, cursor, rowStart, outI, outJ, outShift, outVec, outRev);
}

export function nlMaxDisplacement2(n: i32, pos: usize, ref: usize): f64 {
  return maxDisplacement2(n, pos, ref);
}

export function nlClosestEdge(count: i32, vec: usize): i32 {
  return closestEdge(count, vec);
}
