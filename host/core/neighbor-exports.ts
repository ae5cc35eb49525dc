// Signatures of the neighbour-list kernels exported by assembly/neighbors/exports.ts.
// Pointers are byte offsets into linear memory; positions are f64 N×3 (Å), cell f64 3×3 rows (Å).
export interface NeighborExports {
  /** Bytes of scratch nlPlan/nlSearch need for n atoms. */
  nlScratchBytes(n: number): number;
  /**
   * Plans a search of all pairs closer than `radius` (Å) and bins the atoms into `scratch`.
   * `pbc` is a bit mask (bit a = periodic along cell row a). Returns the bin count (> 0) or
   * -1 (periodic cell rows singular or nearly so), -2 (an atom more than 2^29 cells away),
   * -3 (cell so small for the radius that the stencil exceeds 2^24 images).
   */
  nlPlan(n: number, pos: number, cell: number, pbc: number, radius: number, scratch: number): number;
  /** Normalised volume |det F| / (|F0||F1||F2|) of the last plan's search frame. */
  nlPlanNormVolume(scratch: number): number;
  /** Bins along axis 0..2 of the last plan (axis 3: total). */
  nlPlanBins(scratch: number, axis: number): number;
  /** Stencil reach in bins along axis 0..2 of the last plan. */
  nlPlanReach(scratch: number, axis: number): number;
  /**
   * Searches the planned pairs: fills rowStart (i32 n+1) and, when the count fits `cap`, keys
   * (u64 scratch, cap), j (i32), shift (i32 ×3) and rev (i32) in canonical order. Returns the
   * count, or minus the count when it exceeds `cap` (stops once it exceeds `limit`), or
   * -2^31 on an internal inconsistency (a reverse edge missing).
   */
  nlSearch(n: number, pos: number, cell: number, scratch: number, keys: number, cap: number, limit: number,
    rowStart: number, j: number, shift: number, rev: number): number;
  /** Writes i (i32) and vec (f64 ×3, Å) of every edge from rowStart, j, shift. */
  nlVectors(n: number, pos: number, cell: number, rowStart: number, j: number, shift: number, outI: number, outVec: number): void;
  /**
   * Keeps candidate edges with |r| < cutoff at the current positions (Verlet skin), writing
   * rowStart, i, j, shift, vec, rev; `cursor` is i32 scratch per atom. Returns the count, or
   * -1 if the kept rows do not pair up (internal inconsistency).
   */
  nlFilter(n: number, pos: number, cell: number, cutoff: number,
    candRowStart: number, candJ: number, candShift: number, cursor: number,
    rowStart: number, outI: number, outJ: number, outShift: number, outVec: number, outRev: number): number;
  /** Largest squared displacement between two position arrays, Å² (NaN if any is NaN). */
  nlMaxDisplacement2(n: number, pos: number, ref: number): number;
  /** Index of the shortest edge vector (first on ties), -1 without edges. */
  nlClosestEdge(count: number, vec: number): number;
}
