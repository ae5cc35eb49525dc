// The GPU neighbour search's plan (the `Plan` uniform, generated from scripts/layouts/table.mjs
// as NL_PLAN_UNIFORM, written by `planWords`): the search frame (periodic cell rows completed by unit vectors
// along open axes), its dual vectors, bins per axis and the stencil reach. Computed on the host
// in f64 from the cell and, along open axes, the atoms' extent that stats.wgsl reduced.
import { NL_PLAN_UNIFORM as U } from '../../generated/layouts.js';

export type Vec3 = [number, number, number];

/** Binning runs in f32 on the GPU: bins are sized for radius·(1 + 1e-5) + 1e-4 Å, so an atom binned one rounding off is still inside the stencil. */
const BIN_MARGIN_REL = 1e-5;
const BIN_MARGIN_ABS = 1e-4;
/** Most periodic images a stencil may visit (a cell far smaller than the cutoff). */
const MAX_STENCIL = 1 << 20;

const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const unit = (a: Vec3): Vec3 => { const l = Math.hypot(...a); return [a[0] / l, a[1] / l, a[2] / l]; };

export interface Frame {
  readonly pbc: readonly boolean[];
  /** Dual vectors b_a: fractional coordinate f_a = x·b_a. */
  readonly duals: readonly Vec3[];
}

/** The search frame of a cell (rows Å, row-major) with periodic axes `pbc`. */
export function searchFrame(cell: ArrayLike<number> | null | undefined, pbc: readonly boolean[]): Frame {
  const row = (a: number): Vec3 => [cell![3 * a], cell![3 * a + 1], cell![3 * a + 2]];
  const periodic = [0, 1, 2].filter((a) => pbc[a]);
  const rows: Vec3[] = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
  if (periodic.length === 3) for (const a of periodic) rows[a] = row(a);
  else if (periodic.length === 2) {
    const [a, b] = periodic;
    const open = 3 - a - b;
    rows[a] = row(a); rows[b] = row(b);
    rows[open] = unit(cross(rows[a], rows[b]));
  } else if (periodic.length === 1) {
    const a = periodic[0];
    const c = row(a);
    const u = unit(cross(c, Math.abs(c[0]) <= Math.abs(c[1]) && Math.abs(c[0]) <= Math.abs(c[2]) ? [1, 0, 0] : Math.abs(c[1]) <= Math.abs(c[2]) ? [0, 1, 0] : [0, 0, 1]));
    const [o1, o2] = [0, 1, 2].filter((x) => x !== a);
    rows[a] = c; rows[o1] = u; rows[o2] = unit(cross(c, u));
  }
  const [r0, r1, r2] = rows;
  const det = dot(r0, cross(r1, r2));
  const scale = Math.hypot(...r0) * Math.hypot(...r1) * Math.hypot(...r2);
  if (!(Math.abs(det) > 1e-12 * scale) || !Number.isFinite(det)) {
    throw new Error(`neighbor list: the periodic cell rows are degenerate (|det| = ${Math.abs(det)} Å³)`);
  }
  // Columns of F⁻¹: b_a = (r_{a+1} × r_{a+2}) / det.
  const duals = [0, 1, 2].map((a) => cross(rows[(a + 1) % 3], rows[(a + 2) % 3]).map((v) => v / det) as Vec3);
  return { pbc, duals };
}

export interface Plan {
  readonly nb: Vec3;
  readonly bins: number;
  readonly reach: Vec3;
  readonly origin: Vec3;
  readonly scale: Vec3;
}

/**
 * Bins (at most 2n + 64, so memory stays O(n)) and stencil reach for radius `radius` Å, given
 * the fractional extent [lo, hi] of the atoms along each axis (used along open axes).
 */
export function planSearch(frame: Frame, radius: number, n: number, lo: Vec3, hi: Vec3): Plan {
  const r = radius * (1 + BIN_MARGIN_REL) + BIN_MARGIN_ABS;
  const inv = frame.duals.map((b) => Math.hypot(...b)); // 1 / layer spacing
  const span = [0, 1, 2].map((a) => (frame.pbc[a] ? 1 : Math.max(hi[a] - lo[a], 0)));
  const nb = [0, 1, 2].map((a) => Math.max(1, Math.floor(span[a] / (r * inv[a])))) as Vec3;
  const cap = 2 * n + 64;
  while (nb[0] * nb[1] * nb[2] > cap) {
    const a = nb.indexOf(Math.max(...nb));
    nb[a] = Math.ceil(nb[a] / 2);
  }
  const scale = [0, 1, 2].map((a) => (span[a] > 0 ? nb[a] / span[a] : 0)) as Vec3;
  let images = 1;
  const reach = [0, 1, 2].map((a) => {
    const k = Math.ceil(r * inv[a] * scale[a]);
    if (frame.pbc[a]) { images *= 2 * k + 1; return k; }
    return Math.min(k, nb[a] - 1);
  }) as Vec3;
  if (images > MAX_STENCIL) {
    throw new Error(`neighbor list: the cell is too small for a ${radius} Å search (${images} periodic images per atom)`);
  }
  const origin = [0, 1, 2].map((a) => (frame.pbc[a] ? 0 : lo[a])) as Vec3;
  return { nb, bins: nb[0] * nb[1] * nb[2], reach, origin, scale };
}

/** Bytes of the Plan uniform. */
export const PLAN_BYTES = 4 * U.WORDS;

/** Largest search radius of the exact integer distance test (fx_within: components below 31 Å), Å. */
export const MAX_RADIUS = 30;

/**
 * ceil(radius²·2^50) as [high, low] u32 words: fx_within's limit. Exact (BigInt over the f64's
 * own bits), so the integer test is |r| < radius for the 2^-25 Å-rounded vector.
 */
export function radiusLimit(radius: number): [number, number] {
  if (!(radius > 0 && radius <= MAX_RADIUS)) throw new Error(`neighbor list: cutoff + skin must be in (0, ${MAX_RADIUS}] Å on the GPU, got ${radius}`);
  let m = radius, e = 0;
  while (!Number.isInteger(m)) { m *= 2; e--; } // exact: doubling a double
  const k = 2 * e + 50;
  const sq = BigInt(m) * BigInt(m);
  const x = k >= 0 ? sq << BigInt(k) : (sq + (1n << BigInt(-k)) - 1n) >> BigInt(-k);
  return [Number(x >> 32n), Number(x & 0xffffffffn)];
}

/** The Plan uniform's words (f32 and i32 views of one buffer) for n atoms padded to `padded`. */
export function planWords(frame: Frame, plan: Plan | null, n: number, padded: number, radius: number): ArrayBuffer {
  const buf = new ArrayBuffer(PLAN_BYTES);
  const f = new Float32Array(buf), i = new Int32Array(buf);
  frame.duals.forEach((b, a) => f.set(b, [U.dual0, U.dual1, U.dual2][a]));
  if (plan) {
    f.set(plan.origin, U.origin);
    f.set(plan.scale, U.scale);
    i.set([...plan.nb, plan.bins], U.nb);
    i.set(plan.reach, U.reach);
  }
  i.set([...frame.pbc.map((p) => (p ? 1 : 0)), n], U.pbc);
  f[U.radius2 + 1] = padded;
  new Uint32Array(buf).set(radiusLimit(radius), U.limit);
  return buf;
}
