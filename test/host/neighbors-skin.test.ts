// Verlet skin: along seeded random-walk trajectories, `update` with a skin must return exactly
// (same order, same bits) what a fresh skin-free build returns at the same positions, reuse
// the candidates while every atom stays within skin/2 of where it was at the last search, and
// search again as soon as one does not (or the cell, pbc or atom count changes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { instantiateCore } from '../../host/backends/wasm/wasm.js';
import { Workspace } from '../../host/backends/wasm/workspace.js';
import { NeighborList } from '../../host/backends/wasm/neighbor-list.js';
import type { EdgeList } from '../../host/backends/wasm/edge-list.js';
import type { Atoms, Vec3Flags } from '../../host/atoms.js';

const ws = new Workspace(await instantiateCore());

/** Seeded uniform numbers in [0, 1) (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function assertBitwiseEqual(a: EdgeList, b: EdgeList, label: string): void {
  assert.equal(a.count, b.count, `count (${label})`);
  assert.deepEqual(a.rowStart, b.rowStart, `rowStart (${label})`);
  for (const key of ['i', 'j', 'shift', 'rev'] as const) assert.deepEqual(a[key], b[key], `${key} (${label})`);
  const bits = (v: Float64Array) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  assert.deepEqual(bits(a.vec), bits(b.vec), `vec bits (${label})`);
  assert.equal(a.maxNeighbours, b.maxNeighbours);
}

function snapshot(e: EdgeList): EdgeList {
  return { ...e, rowStart: e.rowStart.slice(), i: e.i.slice(), j: e.j.slice(), shift: e.shift.slice(), vec: e.vec.slice(), rev: e.rev.slice() };
}

interface Walk { readonly label: string; readonly cell: Float64Array | null; readonly pbc: Vec3Flags; readonly n: number; readonly box: number }

const walks: Walk[] = [
  { label: 'triclinic full pbc', cell: Float64Array.of(9, 0, 0, 2.5, 8.5, 0, -1.5, 1.8, 9.2), pbc: [true, true, true], n: 70, box: 9 },
  { label: 'slab', cell: Float64Array.of(8, 0, 0, 0, 8, 0, 0, 0, 0), pbc: [true, true, false], n: 50, box: 8 },
  { label: 'molecule', cell: null, pbc: [false, false, false], n: 40, box: 7 },
  { label: 'tiny cell', cell: Float64Array.of(3.1, 0, 0, 0.4, 3, 0, 0, 0.3, 3.2), pbc: [true, true, true], n: 3, box: 3 },
];

for (const walk of walks) {
  test(`skin reuse equals a fresh build bit for bit along a random walk (${walk.label})`, () => {
    const random = rng(walk.n * 7919 + walk.box);
    const cutoff = 4, skin = 0.6, step = 0.06;
    const positions = Float64Array.from({ length: 3 * walk.n }, () => random() * walk.box);
    const atoms = (): Atoms => ({ numbers: new Array(walk.n).fill(1), positions: positions.slice(), cell: walk.cell, pbc: walk.pbc });
    const skinned = new NeighborList(ws, { cutoff, skin, name: 'skin' });
    const fresh = new NeighborList(ws, { cutoff, name: 'fresh' });
    let reference = positions.slice();
    let reused = 0;
    for (let s = 0; s < 80; s++) {
      // Atoms drift freely (never wrapped), so some cross the cell faces during the walk.
      for (let k = 0; k < positions.length; k++) positions[k] += (random() - 0.5) * 2 * step;
      let moved = 0;
      for (let a = 0; a < walk.n; a++) {
        const d = [0, 1, 2].map((x) => positions[3 * a + x] - reference[3 * a + x]);
        moved = Math.max(moved, Math.hypot(d[0], d[1], d[2]));
      }
      const a = skinned.update(atoms());
      const expectRebuild = s === 0 || moved > skin / 2;
      assert.equal(skinned.rebuilt, expectRebuild, `step ${s}: moved ${moved} vs skin/2 ${skin / 2}`);
      if (skinned.rebuilt) reference = positions.slice();
      else reused++;
      // Copies: fresh.build may grow Wasm memory, which detaches the views in `a`.
      assertBitwiseEqual(snapshot(a), fresh.build(atoms()), `${walk.label} step ${s}`);
      assertBitwiseEqual(skinned.edges(), fresh.edges(), `${walk.label} step ${s} re-viewed`);
    }
    assert.ok(reused > 10, `expected reuse, got ${reused} of 80`);
    assert.ok(skinned.rebuildCount > 2, `expected rebuilds, got ${skinned.rebuildCount}`);
    assert.equal(skinned.rebuildCount + reused, 80);
  });
}

test('update searches again when the cell, pbc or atom count changes', () => {
  const cell = Float64Array.of(7, 0, 0, 0, 7, 0, 0, 0, 7);
  const positions = Float64Array.of(1, 1, 1, 2.5, 1, 1, 4, 4, 4);
  const base: Atoms = { numbers: [1, 1, 1], positions, cell, pbc: [true, true, true] };
  const nl = new NeighborList(ws, { cutoff: 3, skin: 1 });
  nl.update(base);
  nl.update(base);
  assert.equal(nl.rebuilt, false);
  nl.update({ ...base, cell: Float64Array.of(7.01, 0, 0, 0, 7, 0, 0, 0, 7) });
  assert.equal(nl.rebuilt, true);
  nl.update({ ...base, pbc: [true, true, false] });
  assert.equal(nl.rebuilt, true);
  nl.update({ ...base, pbc: [true, true, false] });
  assert.equal(nl.rebuilt, false);
  nl.update({ numbers: [1, 1], positions: positions.slice(0, 6), cell, pbc: [true, true, false] });
  assert.equal(nl.rebuilt, true);
  assert.equal(nl.rebuildCount, 4);
});

test('without a skin, update reuses only identical positions', () => {
  const atoms: Atoms = { numbers: [1, 1], positions: Float64Array.of(0, 0, 0, 1, 0, 0) };
  const nl = new NeighborList(ws, { cutoff: 2 });
  assert.equal(nl.update(atoms).count, 2);
  assert.equal(nl.update(atoms).count, 2);
  assert.equal(nl.rebuilt, false);
  const moved = nl.update({ ...atoms, positions: Float64Array.of(0, 0, 0, 1 + 1e-15, 0, 0) });
  assert.equal(nl.rebuilt, true);
  assert.equal(moved.vec[0], 1 + 1e-15);
});
