// Tabulated radial mode (issue #14): at load time every radial map r → R(r) of the model (per
// layer, path and type pair) becomes a cubic Hermite spline on a uniform grid from r = 0 to
// r_cut, computed in the Wasm core from the exact f64 model (assembly/model/radial-table*.ts),
// in f64 and rounded once to f32. Evaluations then look R and dR/dr up instead of running the
// radial MLPs; the cutoff jump (R(r_cut) ≠ 0) is kept.
import type { Workspace } from '../core/workspace.js';

/** How the radial MLPs are evaluated: exactly (default) or by lookup in splines. */
export type RadialMode = 'exact' | 'table';

export const RADIAL_MODES: readonly RadialMode[] = ['exact', 'table'];

/**
 * Knots per table (spacing r_cut/(K-1): 0.0012 Å at r_cut 5 Å). Chosen so that f64 forces of
 * every shared model stay within 1e-7 eV/Å of the PyTorch float64 references
 * (test/host/radial-table.test.ts).
 */
export const DEFAULT_RADIAL_KNOTS = 4096;

/** Most knots accepted (a table per path and type pair: memory grows linearly). */
export const MAX_RADIAL_KNOTS = 1 << 20;

export interface RadialTables {
  readonly knots: number;
  /** Byte offsets of the f64 and f32 tables in the workspace's memory. */
  readonly ptr: { readonly f64: number; readonly f32: number };
  /** Bytes of both copies. */
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

/** Checks a knot count named by an option. */
export function radialKnots(value: unknown, what = 'radialKnots'): number {
  if (value === undefined) return DEFAULT_RADIAL_KNOTS;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 2 || value > MAX_RADIAL_KNOTS) {
    throw new Error(`${what} must be an integer from 2 to ${MAX_RADIAL_KNOTS}, got ${String(value)}`);
  }
  return value;
}

/** Builds the tables of the model whose plan and f64 weights lie at `plan`, `w64` in the workspace. */
export function buildRadialTables(ws: Workspace, name: string, plan: number, w64: number, knots: number): RadialTables {
  const core = ws.core.exports;
  const b64 = core.radialTableBytes(plan, knots, 8), b32 = core.radialTableBytes(plan, knots, 4);
  if (ws.arena.mark() + b64 + b32 > 2 ** 32) {
    throw new Error(`radial tables: ${knots} knots need ${((b64 + b32) / 2 ** 20).toFixed(0)} MiB, more than wasm32 holds; use fewer knots`);
  }
  const t64 = ws.buffer(`${name}.rtab64`, b64).ptr;
  const t32 = ws.buffer(`${name}.rtab32`, b32).ptr;
  const scratch = ws.buffer(`${name}.rtabScratch`, core.radialTableScratchBytes(plan)).ptr;
  core.radialTableBuild(plan, w64, knots, t64, t32, scratch);
  return { knots, ptr: { f64: t64, f32: t32 }, bytes: b64 + b32 };
}
