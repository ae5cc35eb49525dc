// Model-failure checks shared by md, eval and opt: a per-element-pair distance floor (a fraction
// of the Cordero covalent-radii sum, or an absolute --min-distance), an escape distance for
// molecules, and the sentences that name the atoms. The scan runs in the Wasm core
// (assembly/md/checks.ts) on buffers the caller owns, so MD checks its state in place.
import type { Atoms } from '../atoms.js';
import type { CoreExports } from '../backends/wasm/exports.js';
import { instantiateCore } from '../backends/wasm/wasm.js';
import { Workspace } from '../backends/wasm/workspace.js';
import { covalentRadius, symbolOf } from '../elements.js';
import { pbcMask } from '../geometry.js';

/**
 * Default fraction of the covalent-radii sum below which two atoms are an error. Aspirin NVE at
 * 300 K (2000 steps, bench/failure-margins.ts) comes no lower than 0.83 of it; a model's hole
 * drives a pair far lower (C–H 0.33 Å = 0.31 of 1.07 Å). 0.6 leaves room for hotter runs.
 */
export const DEFAULT_DISTANCE_FLOOR = 0.6;

/** Distance floors of md, eval and opt. */
export interface GeometryLimits {
  /** Fraction of the covalent-radii sum below which a pair is an error; 0 = off. */
  readonly distanceFloor: number;
  /** Absolute floor for every pair, Å; > 0 replaces the covalent-radii floor. */
  readonly minDistance: number;
}

export const DEFAULT_LIMITS: GeometryLimits = { distanceFloor: DEFAULT_DISTANCE_FLOOR, minDistance: 0 };

/** The pair nearest its floor (i = j: an atom and its own periodic image), and the most isolated atom. */
export interface FloorScanResult {
  /** Å */
  readonly distance: number;
  readonly i: number;
  readonly j: number;
  /** The pair's floor, Å (0 when every check is off). */
  readonly floor: number;
  /** Largest nearest-neighbour distance, Å, and its atom. */
  readonly farthest: number;
  readonly farAtom: number;
  /** Reach of the binned O(N) scan, Å; 0 when the O(N²) scan answered (same result either way). */
  readonly binnedReach: number;
}

/** Wasm addresses of a scan: positions (3N), cell (9), radii (N), scratch near (N) and out (6). */
export interface FloorScanPointers {
  readonly r: number;
  readonly cell: number;
  readonly rad: number;
  readonly near: number;
  readonly out: number;
  /** Work region of floorScanBytes(n) bytes for the O(N) scan (absent: the O(N²) one). */
  readonly work?: number;
}

/**
 * From this many atoms the scan bins pairs (O(N), bit for bit the same result); below it the
 * O(N²) loop is faster (bench/failure-checks.ts, water droplets: 36 vs 45 µs at 96 atoms,
 * 196 vs 90 µs at 192; periodic water-64 already 467 vs 158 µs).
 */
export const BINNED_SCAN_FROM = 128;

/** Bytes of the work region the scan of n atoms wants (0: the O(N²) scan, none needed). */
export function floorScanBytes(ex: CoreExports, n: number): number {
  return n >= BINNED_SCAN_FROM ? ex.mdFloorScanBytes(n) : 0;
}

/** Per-atom covalent radii, Å (0 where Cordero has none, so those pairs get half a floor). */
export function covalentRadii(numbers: ArrayLike<number>): Float64Array {
  return Float64Array.from(numbers as ArrayLike<number>, (z) => covalentRadius(z) ?? 0);
}

/** `C1`: the element symbol and 0-based index of atom i. */
export function atomLabel(numbers: ArrayLike<number>, i: number): string {
  return `${symbolOf(numbers[i])}${i}`;
}

/** Runs the scan on buffers in `ex`'s memory (positions, cell and radii already filled). */
export function floorScan(ex: CoreExports, f64: (ptr: number, len: number) => Float64Array, n: number, p: FloorScanPointers,
  mask: number, limits: GeometryLimits): FloorScanResult {
  let binnedReach = 0;
  if (p.work !== undefined && n >= BINNED_SCAN_FROM) {
    binnedReach = ex.mdFloorScanBinned(n, p.r, p.cell, mask, p.rad, limits.distanceFloor, limits.minDistance, p.near, p.out, p.work);
  } else {
    ex.mdFloorScan(n, p.r, p.cell, mask, p.rad, limits.distanceFloor, limits.minDistance, p.near, p.out);
  }
  const [distance, i, j, floor, farthest, farAtom] = f64(p.out, 6);
  return { distance, i, j, floor, farthest, farAtom, binnedReach };
}

/** True when the scan found a pair below its floor. */
export function belowFloor(s: FloorScanResult): boolean {
  return s.floor > 0 && s.distance < s.floor;
}

/** "C1 and H10 … 0.330 Å (floor 0.535 Å = 0.5 × covalent radii for C–H)" pieces of a message. */
export function describePair(numbers: ArrayLike<number>, s: FloorScanResult, limits: GeometryLimits): { atoms: string; floor: string } {
  const a = atomLabel(numbers, s.i);
  const atoms = s.i === s.j ? `${a} and its own periodic image` : `${a} and ${atomLabel(numbers, s.j)}`;
  const pair = `${symbolOf(numbers[s.i])}–${symbolOf(numbers[s.j])}`;
  const floor = limits.minDistance > 0
    ? `floor ${limits.minDistance} Å, the minimum distance set`
    : `floor ${s.floor.toFixed(3)} Å = ${limits.distanceFloor} × covalent radii for ${pair}`;
  return { atoms, floor };
}

/** Checks a structure given to eval or opt; throws an Error naming the atoms. */
export class GeometryChecker {
  private constructor(private readonly ex: CoreExports, private readonly ws: Workspace) {}

  static async create(): Promise<GeometryChecker> {
    const core = await instantiateCore();
    return new GeometryChecker(core.exports, new Workspace(core));
  }

  /** The scan of `atoms` (for callers that also want the escape distance). */
  scan(atoms: Atoms, limits: GeometryLimits): FloorScanResult {
    const n = atoms.numbers.length;
    const b = (name: string, len: number) => this.ws.buffer(name, 8 * len).ptr;
    const work = floorScanBytes(this.ex, n);
    const p: FloorScanPointers = {
      r: b('r', 3 * n), cell: b('cell', 9), rad: b('rad', n), near: b('near', n), out: b('out', 6),
      work: work > 0 ? this.ws.buffer('work', work).ptr : undefined,
    };
    const f64 = (ptr: number, len: number) => new Float64Array(this.ws.memory.buffer, ptr, len);
    f64(p.r, 3 * n).set(atoms.positions);
    f64(p.cell, 9).set(atoms.cell ?? new Float64Array(9));
    f64(p.rad, n).set(covalentRadii(atoms.numbers));
    return floorScan(this.ex, f64, n, p, pbcMask(atoms), limits);
  }

  /** Throws `${where}: atoms C1 and H10 are 0.330 Å apart (floor …)` for a pair below its floor. */
  check(atoms: Atoms, limits: GeometryLimits, where: string): void {
    if (atoms.numbers.length === 0) return;
    const s = this.scan(atoms, limits);
    if (!belowFloor(s)) return;
    const { atoms: who, floor } = describePair(atoms.numbers, s, limits);
    throw new Error(`${where}: ${who} are ${s.distance.toFixed(3)} Å apart (${floor}): no model is valid there — check the structure`);
  }
}
