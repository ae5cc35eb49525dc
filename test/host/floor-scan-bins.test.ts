// The O(N) distance-floor scan (assembly/md/floor-bins.ts) against the O(N²) one
// (assembly/md/checks.ts): bit for bit the same pair, distance, floor, farthest atom and its
// distance, on random molecules and periodic cells (every pbc combination, triclinic, cells
// smaller than the floor), and it must actually take the binned path on dense structures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { instantiateCore } from '../../host/backends/wasm/wasm.js';
import { Workspace } from '../../host/backends/wasm/workspace.js';
import { BINNED_SCAN_FROM, GeometryChecker } from '../../host/md/failure-checks.js';
import type { Atoms } from '../../host/atoms.js';
import { MD } from '../../host/md/md.js';
import { HoleCalculator } from '../support/hole-calculator.js';

const core = await instantiateCore();
const ex = core.exports;
const ws = new Workspace(core);

interface Case {
  readonly positions: Float64Array;
  readonly cell: Float64Array;
  readonly mask: number;
  readonly radii: Float64Array;
  readonly fraction: number;
  readonly minDistance: number;
}

/** Both scans of one case: out f64[6] of each and the binned reach (0: it fell back). */
function scanBoth(c: Case): { brute: Float64Array; binned: Float64Array; reach: number } {
  const n = c.radii.length;
  const b = (name: string, bytes: number) => ws.buffer(name, Math.max(bytes, 8)).ptr;
  const p = {
    r: b('r', 24 * n), cell: b('cell', 72), rad: b('rad', 8 * n), near: b('near', 8 * n),
    out: b('out', 48), out2: b('out2', 48), work: b('work', ex.mdFloorScanBytes(n)),
  };
  const f64 = (ptr: number, len: number) => new Float64Array(core.memory.buffer, ptr, len);
  f64(p.r, 3 * n).set(c.positions);
  f64(p.cell, 9).set(c.cell);
  f64(p.rad, n).set(c.radii);
  ex.mdFloorScan(n, p.r, p.cell, c.mask, p.rad, c.fraction, c.minDistance, p.near, p.out);
  f64(p.near, n).fill(-1); // stale scratch must not leak into the binned answer
  const reach = ex.mdFloorScanBinned(n, p.r, p.cell, c.mask, p.rad, c.fraction, c.minDistance, p.near, p.out2, p.work);
  return { brute: f64(p.out, 6).slice(), binned: f64(p.out2, 6).slice(), reach };
}

/** Same bits in all six numbers (Object.is: −0 and NaN count). */
function assertSame(a: Float64Array, b: Float64Array, what: string): void {
  for (let k = 0; k < 6; k++) assert.ok(Object.is(a[k], b[k]), `${what}: out[${k}] brute ${a[k]} ≠ binned ${b[k]} (brute ${[...a]}, binned ${[...b]})`);
}

const RADII = [0.31, 0.76, 0.66, 1.32, 0]; // H, C, O, Cu, and an element without a radius
const float = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

/**
 * A random structure: n atoms uniformly in a box (density from sparse to overlapping), a cell of
 * that box (sheared, or scaled down below the floor), any pbc mask, any limits.
 */
const caseArb = fc.record({
  n: fc.integer({ min: 2, max: 120 }),
  spacing: float(0.3, 4), // Å per atom along each edge (cube root of the volume per atom)
  shear: fc.array(float(-0.6, 0.6), { minLength: 3, maxLength: 3 }),
  shrink: fc.constantFrom(1, 1, 1, 0.05, 0.3), // < 1: cell far smaller than the cloud, atoms meet their images
  mask: fc.integer({ min: 0, max: 7 }),
  floor: fc.constantFrom<[number, number]>([0.6, 0], [0.6, 0], [0.3, 0], [0, 0.8], [0, 0], [1.5, 0]),
  seed: fc.integer(),
}).map(({ n, spacing, shear, shrink, mask, floor, seed }): Case => {
  let s = seed >>> 0;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const edge = spacing * Math.cbrt(n);
  const positions = Float64Array.from({ length: 3 * n }, () => (rand() * 1.2 - 0.1) * edge);
  const e = edge * shrink;
  const cell = Float64Array.from([e, 0, 0, shear[0] * e, e, 0, shear[1] * e, shear[2] * e, e]);
  const radii = Float64Array.from({ length: n }, () => RADII[Math.floor(rand() * RADII.length)]);
  return { positions, cell, mask, radii, fraction: floor[0], minDistance: floor[1] };
});

test('the binned floor scan gives the O(N²) scan\'s result bit for bit on random molecules and cells', () => {
  let binned = 0, runs = 0;
  fc.assert(fc.property(caseArb, (c) => {
    const r = scanBoth(c);
    assertSame(r.brute, r.binned, `n=${c.radii.length} mask=${c.mask}`);
    runs++;
    if (r.reach > 0) binned++;
  }), { numRuns: 400, seed: 9 });
  // The dense half of the spacings is certified: the comparison is not brute force against itself.
  assert.ok(binned > runs / 4, `only ${binned} of ${runs} cases took the binned path`);
});

test('ties go to the lowest (i, j) on both paths: a perfect lattice of equal pairs', () => {
  // Simple cubic, 1.25 Å (exact in binary): every nearest pair is exactly as far; the answer is (0, its first neighbour).
  const m = 7, a = 1.25, n = m ** 3;
  const positions = new Float64Array(3 * n);
  for (let k = 0; k < n; k++) positions.set([(k % m) * a, (Math.floor(k / m) % m) * a, Math.floor(k / m / m) * a], 3 * k);
  for (const mask of [0, 7]) {
    const r = scanBoth({ positions, cell: Float64Array.from([m * a, 0, 0, 0, m * a, 0, 0, 0, m * a]), mask, radii: new Float64Array(n).fill(0.76), fraction: 0.6, minDistance: 0 });
    assert.ok(r.reach > 0, 'the lattice takes the binned path');
    assertSame(r.brute, r.binned, `mask ${mask}`);
    assert.deepEqual([r.binned[1], r.binned[2]], [0, 1]);
  }
});

test('an escaping atom of a large molecule: the binned scan finds it, and its exact distance', () => {
  const m = 8, n = m ** 3 + 1; // a 512-atom cube at 1.2 Å and one atom 15 Å out
  const positions = new Float64Array(3 * n);
  for (let k = 0; k < n - 1; k++) positions.set([(k % m) * 1.2, (Math.floor(k / m) % m) * 1.2, Math.floor(k / m / m) * 1.2], 3 * k);
  positions.set([7 * 1.2 + 15, 3.3, 2.2], 3 * (n - 1));
  const r = scanBoth({ positions, cell: new Float64Array(9), mask: 0, radii: new Float64Array(n).fill(0.76), fraction: 0.6, minDistance: 0 });
  assert.ok(r.reach > 0, 'a single lonely atom keeps the binned path');
  assertSame(r.brute, r.binned, 'escape');
  assert.equal(r.binned[5], n - 1);
  assert.ok(r.binned[4] > 15 && r.binned[4] < 15.3, `farthest ${r.binned[4]}`);
});

test('a cell smaller than the floor: an atom and its own image, found by the binned scan as before', () => {
  // 300 atoms along a line 1.0 Å apart in a cell whose third vector is 0.5 Å (< the C–C floor 0.912 Å).
  const n = 300;
  const positions = new Float64Array(3 * n);
  for (let k = 0; k < n; k++) positions.set([k * 1.0, 0, 0], 3 * k);
  const cell = Float64Array.from([400, 0, 0, 0, 400, 0, 0.1, 0, 0.5]);
  const r = scanBoth({ positions, cell, mask: 4, radii: new Float64Array(n).fill(0.76), fraction: 0.6, minDistance: 0 });
  assertSame(r.brute, r.binned, 'tiny cell');
  assert.deepEqual([r.binned[1], r.binned[2]], [0, 0]);
  assert.ok(r.binned[0] < 0.52);
});

/** 343 C atoms on a 1.5 Å cubic grid with C200 pushed to 0.5 Å from C201 (a molecule over BINNED_SCAN_FROM atoms). */
function crowdedGrid(): Atoms {
  const m = 7, n = m ** 3;
  const positions = new Float64Array(3 * n);
  for (let k = 0; k < n; k++) positions.set([(k % m) * 1.5, (Math.floor(k / m) % m) * 1.5, Math.floor(k / m / m) * 1.5], 3 * k);
  positions[3 * 200] += 1.0;
  assert.ok(n >= BINNED_SCAN_FROM);
  return { numbers: new Int32Array(n).fill(6), positions, cell: null, pbc: [false, false, false] };
}

test(`GeometryChecker (eval) takes the binned scan from ${BINNED_SCAN_FROM} atoms and still names the overlapping pair`, async () => {
  const checker = await GeometryChecker.create();
  const s = checker.scan(crowdedGrid(), { distanceFloor: 0.6, minDistance: 0 });
  assert.ok(s.binnedReach > 0, 'the binned kernel answered');
  assert.deepEqual([s.i, s.j, s.distance], [200, 201, 0.5]);
  assert.throws(() => checker.check(crowdedGrid(), { distanceFloor: 0.6, minDistance: 0 }, 'eval'), /eval: C200 and C201 are 0\.500 Å apart/);
});

test('MD of a large structure (binned scan) refuses the same overlap at step 0', async () => {
  await assert.rejects(MD.create({ atoms: crowdedGrid(), calculator: new HoleCalculator({ i: 0, j: 1, depth: 0 }) }),
    /atoms C200 and C201 are 0\.500 Å apart at step 0 \(floor 0\.912 Å/);
});
