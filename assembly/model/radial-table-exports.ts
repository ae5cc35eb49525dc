// Exports of the tabulated radial mode (radial-table.ts, radial-table-build.ts).
import { tableBytes } from "./radial-table";
import { buildTables, buildScratchBytes } from "./radial-table-build";

/** Bytes of the radial tables of one precision for `knots` knots (as f64; may exceed wasm32). */
export function radialTableBytes(plan: usize, knots: i32, elemBytes: i32): f64 {
  return tableBytes(plan, knots, elemBytes);
}

/** Bytes of scratch radialTableBuild needs. */
export function radialTableScratchBytes(plan: usize): i32 {
  return buildScratchBytes(plan);
}

/** Tabulates every radial map of the f64 model into out64 (and its f32 rounding into out32 unless 0). */
export function radialTableBuild(plan: usize, weights64: usize, knots: i32, out64: usize, out32: usize, scratch: usize): void {
  buildTables(plan, weights64, knots, out64, out32, scratch);
}
