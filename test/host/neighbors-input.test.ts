// Bad input gets an error naming the problem; edge cases (empty, lone atom, overlapping atoms,
// growing and refused capacity, stale views) behave as documented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { instantiateCore } from '../../host/backends/wasm/wasm.js';
import { Workspace } from '../../host/backends/wasm/workspace.js';
import { NeighborList, MAX_EDGES_LIMIT } from '../../host/backends/wasm/neighbor-list.js';
import { assertNoOverlap } from '../../host/neighbors/overlap.js';
import type { Atoms } from '../../host/atoms.js';
import { bruteNeighbors, assertSameEdges, assertReverseEdges } from '../support/brute-neighbors.js';

const ws = new Workspace(await instantiateCore());
const cube = (a: number) => Float64Array.of(a, 0, 0, 0, a, 0, 0, 0, a);
const water: Atoms = { numbers: [8, 1, 1], positions: Float64Array.of(0, 0, 0, 0.96, 0, 0, -0.24, 0.93, 0), cell: cube(10), pbc: [true, true, true] };

test('invalid options are refused', () => {
  assert.throws(() => new NeighborList(ws, { cutoff: 0 }), /cutoff must be a positive/);
  assert.throws(() => new NeighborList(ws, { cutoff: NaN }), /cutoff must be a positive/);
  assert.throws(() => new NeighborList(ws, { cutoff: 5, skin: -0.1 }), /skin must be/);
  assert.throws(() => new NeighborList(ws, { cutoff: 5, maxEdges: MAX_EDGES_LIMIT + 1 }), /maxEdges must be an integer in 1\.\.33554432/);
});

test('non-finite positions and cell entries are named', () => {
  const nl = new NeighborList(ws, { cutoff: 5 });
  const bad = water.positions.slice();
  bad[4] = NaN;
  assert.throws(() => nl.build({ ...water, positions: bad }), /atom 1 has a non-finite position \(y = NaN\)/);
  bad[4] = 0;
  bad[8] = -Infinity;
  assert.throws(() => nl.build({ ...water, positions: bad }), /atom 2 has a non-finite position \(z = -Infinity\)/);
  const cell = cube(10);
  cell[5] = Infinity;
  assert.throws(() => nl.build({ ...water, cell }), /cell\[1\]\[2\] is not finite \(Infinity\)/);
  assert.throws(() => nl.update({ ...water, positions: Float64Array.of(0, 0) }), /2 values, not a multiple of 3/);
  assert.throws(() => nl.build({ ...water, numbers: [8, 1] }), /numbers has 2 entries but positions hold 3 atoms/);
  assert.throws(() => nl.build({ ...water, cell: Float64Array.of(1, 2, 3) }), /cell must have 9 values/);
  assert.throws(() => nl.build({ ...water, cell: null, pbc: [false, true, false] }), /periodic along cell vector 1 .* but no cell/);
});

test('singular or nearly singular periodic cells are refused; open axes may be degenerate', () => {
  const nl = new NeighborList(ws, { cutoff: 5 });
  assert.throws(() => nl.build({ ...water, cell: Float64Array.of(3, 0, 0, 6, 0, 0, 0, 0, 3) }), /singular or nearly so/);
  assert.throws(() => nl.build({ ...water, cell: Float64Array.of(3, 0, 0, 3, 1e-9, 0, 0, 0, 3) }), /singular or nearly so \(normalised volume 3\.3\de-10/);
  assert.throws(() => nl.build({ ...water, cell: Float64Array.of(3, 0, 0, 0, 0, 0, 0, 0, 3), pbc: [true, true, false] }), /singular/);
  // Zero rows along open axes are fine (ASE slabs and wires), as is any cell without pbc.
  const slab = Float64Array.of(3, 0, 0, 0, 3, 0, 0, 0, 0);
  assertSameEdges(nl.build({ ...water, cell: slab, pbc: [true, true, false] }), bruteNeighbors({ ...water, cell: slab, pbc: [true, true, false] }, 5));
  assert.equal(nl.build({ ...water, cell: new Float64Array(9), pbc: [false, false, false] }).count, 6);
});

test('absurd geometry is refused, not hung on', () => {
  const nl = new NeighborList(ws, { cutoff: 5 });
  assert.throws(() => nl.build({ ...water, cell: cube(0.01) }), /far too small for a 5 Å search/);
  assert.throws(() => nl.build({ ...water, cell: cube(1), positions: Float64Array.of(0, 0, 0, 1e12, 0, 0, 0, 0, 0) }), /more than 2\^29 cell lengths/);
});

test('empty structure and lone atoms: no edges', () => {
  const nl = new NeighborList(ws, { cutoff: 5 });
  for (const atoms of [
    { numbers: [], positions: new Float64Array(0) },
    { numbers: [], positions: new Float64Array(0), cell: cube(3), pbc: [true, true, true] as const },
    { numbers: [8], positions: Float64Array.of(1, 2, 3) },
    { numbers: [8], positions: Float64Array.of(1, 2, 3), cell: cube(20), pbc: [true, true, true] as const },
  ]) {
    const e = nl.build(atoms);
    assert.equal(e.count, 0);
    assert.equal(e.maxNeighbours, 0);
    assert.deepEqual([...e.rowStart], new Array(e.n + 1).fill(0));
    assert.equal(nl.closestPair(), null);
  }
});

test('overlapping atoms: listed (d = 0 < cutoff) and flagged by assertNoOverlap', () => {
  const nl = new NeighborList(ws, { cutoff: 3 });
  const atoms: Atoms = { numbers: [1, 1, 1], positions: Float64Array.of(0, 0, 0, 1.5, 0, 0, 1.5, 0, 1e-9) };
  const e = nl.build(atoms);
  assert.equal(e.count, 6);
  assert.throws(() => assertNoOverlap(nl), /^Error: atoms 1 and 2 overlap \(d = 1\.000e-9 Å < 1e-8 Å\)$/);
  nl.build(water);
  assert.doesNotThrow(() => assertNoOverlap(nl));
  assert.ok(Math.abs(nl.closestPair()!.distance - 0.96) < 1e-12);
});

test('capacity grows past the first guess, shrinks back, and maxEdges is a clear refusal', () => {
  const nl = new NeighborList(ws, { cutoff: 6, maxEdges: 5000 });
  const tiny: Atoms = { numbers: [1, 1], positions: Float64Array.of(0.1, 0.2, 0.3, 1.1, 1.0, 0.4), cell: cube(2.5), pbc: [true, true, true] };
  for (const atoms of [tiny, water, tiny]) {
    const e = nl.build(atoms);
    assertSameEdges(e, bruteNeighbors(atoms, 6));
    assertReverseEdges(e);
  }
  assert.ok(nl.build(tiny).count > 64 * 2, 'the tiny cell needs more than the first guess');
  const dense: Atoms = { ...tiny, cell: cube(0.8) }; // ~3500 edges per atom
  assert.throws(() => nl.build(dense), /more than maxEdges = 5000 edges within 6 Å for 2 atoms; raise maxEdges/);
  assert.throws(() => nl.edges(), /no structure yet/, 'a refused search leaves no stale result');
  // Still usable after a refusal.
  assert.equal(nl.build(water).count, 6);
});

test('views detach when Wasm memory grows; edges() re-creates them', () => {
  const nl = new NeighborList(ws, { cutoff: 5 });
  const e = nl.build(water);
  const count = e.count;
  ws.buffer('test.big', ws.memory.buffer.byteLength); // forces memory.grow
  assert.equal(e.vec.length, 0, 'old view detached');
  const again = nl.edges();
  assert.equal(again.count, count);
  assert.equal(again.vec.length, 3 * count);
  assertSameEdges(again, bruteNeighbors(water, 5));
});
