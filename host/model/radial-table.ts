// Tabulated radial mode (issue #14): at load time every radial map r → R(r) of the model (per
// layer, path and type pair) becomes a quintic Hermite spline on a uniform grid from r = 0 to
// r_cut, computed in the Wasm core from the exact f64 model (assembly/model/radial-table*.ts).
// Evaluations then look R and dR/dr up instead of running the radial MLPs (f64 ones in f64
// Hermite knots, f32 ones in f32 coefficients on a coarser grid); the cutoff jump (R(r_cut) ≠ 0) is kept.
import type { Workspace } from '../backends/wasm/workspace.js';

/** How the radial MLPs are evaluated: exactly (default) or by lookup in splines. */
export type RadialMode = 'exact' | 'table';

export const RADIAL_MODES: readonly RadialMode[] = ['exact', 'table'];

/**
 * Knots per f64 table (uniform from 0 to r_cut: spacing 0.0016 Å at r_cut 5 Å): quintic splines
 * err ∝ K⁻⁵, and 3072 keeps f64 forces of every shared model within 1e-7 eV/Å of the PyTorch
 * float64 references with a margin of 4 or more (test/host/radial-table.test.ts).
 */
export const DEFAULT_RADIAL_KNOTS = 3072;

/** Most knots accepted (a table per path and type pair: memory grows linearly). */
export const MAX_RADIAL_KNOTS = 1 << 20;

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

/**
 * Knots of the f32 tables (radial-table-f32.ts) for `knots` f64 knots: a third as many. f32
 * mode's criterion is PyTorch float32's own error, which a quintic on a grid 3× coarser stays
 * well within (test/host/radial-table.test.ts); one option scales both grids, so a receipt's
 * knot count fixes the bits of either precision.
 */
export function f32Knots(knots: number): number {
  return Math.max(2, Math.round(knots / 3));
}

/**
 * Most bytes one precision's tables may take (MiB: 512). Desktop browsers grow a wasm32 memory
 * to 4 GiB, but phone browsers (iOS Safari, Chrome on Android) fail to grow it much past 1 GiB;
 * 512 MiB of tables leaves the rest of that GiB for the weights, edges and work memory, so a
 * table-mode run that loads here also loads in a browser tab. Every shared model fits
 * (the largest, aspirin f64, takes 461 MiB; its f32 tables 153 MiB).
 */
export const RADIAL_TABLE_BUDGET = 512 * 2 ** 20;

/** Where one precision's tables lie. */
export interface PrecisionTable {
  readonly knots: number;
  /** Byte offset in the workspace's memory. */
  readonly ptr: number;
  readonly bytes: number;
}

/**
 * The radial tables of one model: f64 evaluations read quintic Hermite knots in f64, f32 ones
 * f32 coefficients per interval on a coarser grid. Each is built on the first evaluation in its
 * precision, so an f32-only run never holds the (3× finer, 4× wider) f64 tables.
 */
export class RadialTable {
  private readonly built: { f64?: PrecisionTable; f32?: PrecisionTable } = {};

  constructor(private readonly ws: Workspace, private readonly name: string, private readonly plan: number, private readonly w64: number,
    /** Knots of the f64 tables (the option's value). */
    readonly knots: number) {}

  /** The tables of `precision`, built now if this is its first use. */
  forPrecision(precision: 'f64' | 'f32'): PrecisionTable {
    return (this.built[precision] ??= this.build(precision));
  }

  /** Forgets the tables (new weights): each is rebuilt, in its place, on its precision's next use. */
  invalidate(): void {
    delete this.built.f64;
    delete this.built.f32;
  }

  /** Bytes of the tables built so far. */
  get bytes(): number {
    return (this.built.f64?.bytes ?? 0) + (this.built.f32?.bytes ?? 0);
  }

  /** Bytes the tables of `precision` take (built or not). */
  bytesFor(precision: 'f64' | 'f32'): number {
    const core = this.ws.core.exports;
    return precision === 'f64' ? core.radialTableBytes(this.plan, this.knots) : core.radialTableBytes32(this.plan, f32Knots(this.knots));
  }

  private build(precision: 'f64' | 'f32'): PrecisionTable {
    const { ws, name, plan, w64 } = this;
    const core = ws.core.exports;
    const knots = precision === 'f64' ? this.knots : f32Knots(this.knots);
    const bytes = this.bytesFor(precision);
    const scratchBytes = precision === 'f64' ? core.radialTableScratchBytes(plan) : core.radialTableScratchBytes32(plan, knots);
    const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
    if (bytes > RADIAL_TABLE_BUDGET) {
      const alternative = precision === 'f64' && this.bytesFor('f32') <= RADIAL_TABLE_BUDGET ? `--precision f32 (${mib(this.bytesFor('f32'))} of tables) or ` : '';
      throw new Error(`--radial table: this model's ${precision} radial tables need ${mib(bytes)}, more than the ${mib(RADIAL_TABLE_BUDGET)} ` +
        `table mode allows (so that it also loads in a phone's browser); use ${alternative}--radial exact`);
    }
    if (ws.arena.mark() + bytes + scratchBytes > 2 ** 32) {
      throw new Error(`radial tables (${precision}): ${knots} knots need ${(bytes / 2 ** 20).toFixed(0)} MiB, more than wasm32 holds; use fewer knots`);
    }
    const ptr = ws.buffer(`${name}.rtab.${precision}`, bytes).ptr;
    const scratch = ws.buffer(`${name}.rtab.scratch.${precision}`, scratchBytes).ptr;
    if (precision === 'f64') core.radialTableBuild(plan, w64, knots, ptr, scratch);
    else core.radialTableBuild32(plan, w64, knots, ptr, scratch);
    return { knots, ptr, bytes };
  }
}

/** The tables of the model whose plan and f64 weights lie at `plan`, `w64` in the workspace (built on first use). */
export function buildRadialTable(ws: Workspace, name: string, plan: number, w64: number, knots: number): RadialTable {
  return new RadialTable(ws, name, plan, w64, knots);
}
