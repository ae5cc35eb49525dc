// O(N) at scale: liquid water (../shared/data/liquid-64.xyz, 192 atoms) and its 5×5×5
// replica (24,000 atoms) give exactly 10,322 and 125 × 10,322 edges (76 at most per atom).
// Build times are reported as diagnostics, never asserted (machines and load vary).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { instantiateCore } from '../../host/backends/wasm/wasm.js';
import { Workspace } from '../../host/backends/wasm/workspace.js';
import { NeighborList } from '../../host/backends/wasm/neighbor-list.js';
import { parseExtxyz } from '../../host/io/extxyz.js';
import type { Atoms } from '../../host/atoms.js';
import { needsShared, haveShared, sharedPath } from '../support/shared.js';

const CUTOFF = 5; // Å, the water model's r_cut
const EDGES_192 = 10322; // recorded by the reference for liquid64

function replicate(atoms: Atoms, m: number): Atoms {
  const n = atoms.positions.length / 3;
  const c = atoms.cell!;
  const positions = new Float64Array(3 * n * m ** 3);
  let k = 0;
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) for (let d = 0; d < m; d++) {
    for (let i = 0; i < n; i++) {
      for (let x = 0; x < 3; x++) positions[k++] = atoms.positions[3 * i + x] + a * c[x] + b * c[3 + x] + d * c[6 + x];
    }
  }
  return { numbers: new Array(n * m ** 3).fill(1), positions, cell: c.map((v) => v * m), pbc: atoms.pbc };
}

function medianMs(runs: number, f: () => void): number {
  const t: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  return t.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

const water = haveShared ? parseExtxyz(readFileSync(sharedPath('data', 'liquid-64.xyz'), 'utf8'), 'liquid-64.xyz')[0].atoms : null;

test('liquid water 192 atoms and a 24,000-atom replica: exact counts, timings', needsShared, async (t) => {
  const ws = new Workspace(await instantiateCore());
  for (const [label, atoms, expected] of [
    ['192 atoms', water!, EDGES_192],
    ['24,000 atoms (5×5×5)', replicate(water!, 5), 125 * EDGES_192],
  ] as const) {
    const nl = new NeighborList(ws, { cutoff: CUTOFF });
    const edges = nl.build(atoms);
    assert.equal(edges.count, expected, label);
    assert.equal(edges.maxNeighbours, 76, label);
    const runs = expected > 1e6 ? 5 : 50;
    const ms = medianMs(runs, () => nl.build(atoms));
    const skinned = new NeighborList(ws, { cutoff: CUTOFF, skin: 1, name: 'skin' });
    skinned.build(atoms);
    const reuseMs = medianMs(runs, () => skinned.update(atoms));
    assert.equal(skinned.rebuildCount, 1);
    const skinBuildMs = medianMs(runs, () => skinned.build(atoms));
    t.diagnostic(`${label}: build ${ms.toFixed(2)} ms (${(expected / ms / 1e3).toFixed(1)} M edges/s); ` +
      `skin 1 Å: build ${skinBuildMs.toFixed(2)} ms, reuse ${reuseMs.toFixed(2)} ms`);
  }
});
