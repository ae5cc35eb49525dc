// Tabulated radial mode (issue #14): at load time every radial map r → R(r) of the model (per
// layer, path and type pair) becomes a quintic Hermite spline on a uniform grid from r = 0 to
// r_cut, computed in the Wasm core from the exact f64 model (assembly/model/radial-table*.ts).
// Evaluations (f64 and f32 alike read the one f64 table) then look R and dR/dr up instead of
// running the radial MLPs; the cutoff jump (R(r_cut) ≠ 0) is kept.
import type { Workspace } from '../backends/wasm/workspace.js';

/** How the radial MLPs are evaluated: exactly (default) or by lookup in splines. */
export type RadialMode = 'exact' | 'table';

export const RADIAL_MODES: readonly RadialMode[] = ['exact', 'table'];

/**
 * Knots per table (uniform from 0 to r_cut: spacing 0.0016 Å at r_cut 5 Å): quintic splines
 * err ∝ K⁻⁵, and 3072 keeps f64 forces of every shared model within 1e-7 eV/Å of the PyTorch
 * float64 references with a margin of 4 or more (test/host/radial-table.test.ts).
 */
export const DEFAULT_RADIAL_KNOTS = 3072;

/** Most knots accepted (a table per path and type pair: memory grows linearly). */
export const MAX_RADIAL_KNOTS = 1 << 20;

/** Where the tables lie. */
export interface RadialTable {
  readonly knots: number;
  /** Byte offset in the workspace's memory. */
  readonly ptr: number;
  readonly bytes: number;
}

/** Checks a radial mode named by an option (`what` names it in the message). */
export function radialMode(value: unknown, what = 'radial'): RadialMode {
  if (value === undefined) return 'exact';
  if (!RADIAL_MODES.includes(value as RadialMode)) {
    throw new Error(`${what} must be one of ${RADIAL_MODES.map((m) => `'${m}'`).join(', ')}, got '${String(value)}'`);
  }
  return value as RadialMode;
}

/** Checks a knot count named by an option (undefined: the default). */
export function radialKnots(value: unknown, what = 'radialKnots'): number {
  if (value === undefined) return DEFAULT_RADIAL_KNOTS;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 2 || value > MAX_RADIAL_KNOTS) {
    throw new Error(`${what} must be an integer from 2 to ${MAX_RADIAL_KNOTS}, got ${String(value)}`);
  }
  return value;
}

/** Builds the tables of the model whose plan and f64 weights lie at `plan`, `w64` in the workspace. */
export function buildRadialTable(ws: Workspace, name: string, plan: number, w64: number, knots: number): RadialTable {
  const core = ws.core.exports;
  const bytes = core.radialTableBytes(plan, knots);
  if (ws.arena.mark() + bytes > 2 ** 32) {
    throw new Error(`radial tables: ${knots} knots need ${(bytes / 2 ** 20).toFixed(0)} MiB, more than wasm32 holds; use fewer knots`);
  }
  const ptr = ws.buffer(`${name}.rtab`, bytes).ptr;
  const scratch = ws.buffer(`${name}.rtab.scratch`, core.radialTableScratchBytes(plan)).ptr;
  core.radialTableBuild(plan, w64, knots, ptr, scratch);
  return { knots, ptr, bytes };
}
