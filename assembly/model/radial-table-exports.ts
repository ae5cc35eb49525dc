// Exports of the tabulated radial mode (radial-table.ts and radial-table-f32.ts, built by radial-table-build.ts).
import { tableBytes } from "./radial-table";
import { tableBytes32 } from "./radial-table-f32";
import { buildTables, buildScratchBytes, buildTables32, buildScratchBytes32 } from "./radial-table-build";

/** Bytes of the radial tables for `knots` knots (as f64; may exceed wasm32). */
export function radialTableBytes(plan: usize, knots: i32): f64 {
  return tableBytes(plan, knots);
}

/** Bytes of scratch radialTableBuild needs. */
export function radialTableScratchBytes(plan: usize): i32 {
  return buildScratchBytes(plan);
}

/** Tabulates every radial map of the f64 model into `out` (f64; read by f64 evaluations). */
export function radialTableBuild(plan: usize, weights64: usize, knots: i32, out: usize, scratch: usize): void {
  buildTables(plan, weights64, knots, out, scratch);
}

/** Bytes of the f32 mode's radial tables for `knots` knots (as f64; may exceed wasm32). */
export function radialTableBytes32(plan: usize, knots: i32): f64 {
  return tableBytes32(plan, knots);
}

/** Bytes of scratch radialTableBuild32 needs (one layer and type pair of f64 knots included). */
export function radialTableScratchBytes32(plan: usize, knots: i32): f64 {
  return buildScratchBytes32(plan, knots);
}

/** Tabulates every radial map of the f64 model as f32 interval coefficients into `out` (read by f32 evaluations). */
export function radialTableBuild32(plan: usize, weights64: usize, knots: i32, out: usize, scratch: usize): void {
  buildTables32(plan, weights64, knots, out, scratch);
}
