// What must be identical between runtimes (everything but the runtime's name and its timings),
// and the printed table of timings.
import type { PayloadResult } from '../payload.mjs';

/** The part of a payload result that must be bit-for-bit the same everywhere. */
export function comparable(r: PayloadResult): unknown {
  return { structure: r.structure, skipped: r.skipped, sections: r.sections };
}

/** Sections that threw inside a runtime, as 'section: message' lines. */
export function sectionErrors(r: PayloadResult): string[] {
  return Object.entries(r.sections).filter(([, s]) => s.error).map(([name, s]) => `${name}: ${s.error}`);
}

export interface Row {
  readonly runner: string;
  readonly runtime: string;
  readonly ms: Record<string, number>;
  readonly wallMs: number;
}

/** A fixed-width table: runner, runtime version, ms of each section inside the runtime, wall ms. */
export function timingTable(rows: readonly Row[]): string[] {
  const sections = [...new Set(rows.flatMap((r) => Object.keys(r.ms)))];
  const head = ['runner', 'runtime', ...sections.map((s) => `${s} ms`), 'wall ms'];
  const body = rows.map((r) => [r.runner, r.runtime, ...sections.map((s) => (r.ms[s] === undefined ? '-' : r.ms[s].toFixed(1))), r.wallMs.toFixed(0)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  return [head, ...body].map((cols) => cols.map((c, i) => c.padEnd(widths[i]!)).join('  '));
}

/** Number of SHA-256 hex digests in a result (what "agree bit-for-bit" covers). */
export function countHashes(value: unknown): number {
  if (typeof value === 'string') return /^[0-9a-f]{64}$/.test(value) ? 1 : 0;
  if (value && typeof value === 'object') return Object.values(value).reduce((n: number, v) => n + countHashes(v), 0);
  return 0;
}
