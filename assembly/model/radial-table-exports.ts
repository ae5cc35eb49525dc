// Exports of the tabulated radial mode (radial-table.ts, radial-table-build.ts).
import { tableBytes } from "./radial-table";
import { buildTables, buildScratchBytes } from "./radial-table-build";

/** Bytes of the radial tables for `knots` knots (as f64; may exceed wasm32). */
export function radialTableBytes(plan: usize, knots: i32): f64 {
  return tableBytes(plan, knots);
}

/** Bytes of scratch radialTableBuild needs. */
export function radialTableScratchBytes(plan: usize): i32 {
  return buildScratchBytes(plan);
}

/** Tabulates every radial map of the f64 model into `out` (f64; read by both precisions). */
export function radialTableBuild(plan: usize, weights64: usize, knots: i32, out: usize, scratch: usize): void {
  buildTables(plan, weights64, knots, out, scratch);
}
