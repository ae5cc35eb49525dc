// The GPU neighbour list (host/backends/webgpu/neighbor-list.ts) against the Wasm core's:
// the same edge set (i, j, S) in the same canonical order with consistent reverse edges, on a
// molecule, mixed and skewed periodic cells with self-images and a 1,728-atom water box; edge
// vectors within f32 rounding; the same bits run after run; the skin; overflow by name.
// Structures are checked to have no pair within 1e-4 Å of the cutoff, where f32 (GPU) and f64
// (Wasm) distances may legitimately decide differently.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { instantiateCore } from '../../host/backends/wasm/wasm.js';
import { Workspace } from '../../host/backends/wasm/workspace.js';
import { NeighborList } from '../../host/backends/wasm/neighbor-list.js';
import { Kernels } from '../../host/backends/webgpu/kernels.js';
import { GpuNeighborList, type HostEdges } from '../../host/backends/webgpu/neighbor-list.js';
import { GpuLimitError, storageBuffer } from '../../host/backends/webgpu/limits.js';
import { encodeFixed } from '../../host/backends/webgpu/fixed-point.js';
import type { GpuHandle } from '../../host/backends/webgpu/adapter.js';
import type { Atoms } from '../../host/atoms.js';
import { freshGpu, waterBox } from '../support/webgpu-devices.js';
import { bruteNeighbors, assertSameEdges, type BruteEdges } from '../support/brute-neighbors.js';
import { seeded, randomStructure } from '../support/random-structures.js';

const gpu = await freshGpu();
const skip = typeof gpu === 'string' ? gpu : false;
const ws = new Workspace(await instantiateCore());
const kernels = typeof gpu === 'string' ? null : new Kernels(gpu.device);

type Oracle = (atoms: Atoms, cutoff: number) => BruteEdges;

function wasmEdges(atoms: Atoms, cutoff: number): BruteEdges {
  return new NeighborList(ws, { cutoff, name: 'cmp' }).build(atoms);
}

/** No pair of `atoms` lies within 1e-4 Å of `cutoff` (f32 and f64 then agree on every pair). */
function clearOfCutoff(atoms: Atoms, cutoff: number, oracle: Oracle = wasmEdges): boolean {
  return oracle(atoms, cutoff - 1e-4).count === oracle(atoms, cutoff + 1e-4).count;
}

async function gpuEdges(atoms: Atoms, cutoff: number, skin = 0): Promise<HostEdges> {
  const nl = new GpuNeighborList(kernels!, { cutoff, skin });
  await nl.build(atoms.positions, atoms.cell, atoms.pbc);
  const out = await nl.read();
  nl.destroy();
  return out;
}

/** The GPU list against `oracle` (default: the Wasm core's list) on `atoms`. */
async function compare(atoms: Atoms, cutoff: number, label: string, oracle: Oracle = wasmEdges): Promise<number> {
  assert.ok(clearOfCutoff(atoms, cutoff, oracle), `${label}: a pair lies within 1e-4 Å of the cutoff; pick another structure`);
  const want = oracle(atoms, cutoff);
  const got = await gpuEdges(atoms, cutoff);
  assert.equal(got.count, want.count, `${label}: edge count`);
  assert.deepEqual([...got.rowStart], [...want.rowStart], `${label}: row starts`);
  assert.deepEqual([...got.i], [...want.i], `${label}: centres`);
  assert.deepEqual([...got.j], [...want.j], `${label}: neighbours`);
  assert.deepEqual([...got.shift], [...want.shift], `${label}: image shifts`);
  for (let e = 0; e < got.count; e++) {
    const r = got.rev[e];
    assert.ok(r < got.count && got.rev[r] === e && got.i[r] === got.j[e] && got.j[r] === got.i[e], `${label}: rev of edge ${e}`);
    for (let x = 0; x < 3; x++) {
      assert.equal(got.shift[3 * r + x], 0 - got.shift[3 * e + x], `${label}: rev shift of edge ${e}`);
      assert.equal(got.vec[3 * r + x], 0 - got.vec[3 * e + x], `${label}: r_ji = −r_ij bit for bit (edge ${e})`);
      const tol = 1e-6 * (1 + Math.abs(want.vec[3 * e + x]));
      assert.ok(Math.abs(got.vec[3 * e + x] - want.vec[3 * e + x]) <= tol, `${label}: vec of edge ${e}: ${got.vec[3 * e + x]} vs ${want.vec[3 * e + x]}`);
    }
  }
  return got.count;
}

function randomAtoms(n: number, box: number, seed: number, cell: Float64Array | null, pbc: [boolean, boolean, boolean]): Atoms {
  const rnd = seeded(seed);
  const positions = new Float64Array(3 * n);
  for (let k = 0; k < 3 * n; k++) positions[k] = (rnd() - 0.2) * box; // some atoms outside the cell
  return { numbers: new Array<number>(n).fill(1), positions, cell, pbc };
}

test('GPU neighbour list = Wasm neighbour list: molecule, slab, wire, skewed cells with self-images', { skip }, async () => {
  assert.ok((await compare(randomAtoms(40, 8, 1, null, [false, false, false]), 2.5, 'molecule')) > 0);
  const skewed = Float64Array.of(5.2, 0, 0, 1.6, 5.0, 0, -0.9, 1.1, 5.4);
  assert.ok((await compare(randomAtoms(3, 5, 2, skewed, [true, true, true]), 8.5, 'skewed 3 atoms, cutoff ≫ cell')) > 100);
  await compare(randomAtoms(30, 9, 3, Float64Array.of(9, 0, 0, 2, 8, 0, 1, -1, 7), [true, false, true]), 3.1, 'slab (T F T)');
  await compare(randomAtoms(20, 6, 4, Float64Array.of(6, 0.5, 0, 0, 0, 0, 0, 0, 0), [true, false, false]), 2.7, 'wire (T F F)');
  const one: Atoms = { numbers: [1], positions: Float64Array.of(0.3, 0.2, 0.1), cell: Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1), pbc: [true, true, true] };
  assert.equal(await compare(one, 1.5, 'simple cubic, one atom'), 18);
});

test('pairs 5e-8 Å inside and outside the cutoff are decided as the f64 Wasm list does (exact integer distance test)', { skip }, async () => {
  const cutoff = 5.0000001;
  for (const [d, edges] of [[cutoff - 5e-8, 2], [cutoff + 5e-8, 0], [cutoff - 4e-8, 2]] as const) {
    const dir = [0.48, -0.6, 0.64]; // a unit vector
    const atoms: Atoms = { numbers: [1, 1], positions: Float64Array.of(1.1, 2.2, 3.3, ...dir.map((u, k) => [1.1, 2.2, 3.3][k] + d * u)) };
    const want = wasmEdges(atoms, cutoff);
    const got = await gpuEdges(atoms, cutoff);
    assert.equal(want.count, edges, `Wasm at ${d} Å`);
    assert.equal(got.count, edges, `GPU at ${d} Å (cutoff ${cutoff} Å)`);
  }
});

/** The Wasm list, checked first to equal the O(N²) brute force (the definition itself) exactly. */
function wasmAndBrute(atoms: Atoms, cutoff: number): BruteEdges {
  const edges = wasmEdges(atoms, cutoff);
  assertSameEdges(edges, bruteNeighbors(atoms, cutoff), `Wasm list vs brute force, cutoff ${cutoff} Å`, 0);
  return edges;
}

// Three-way: GPU = Wasm = brute force. Case 26 of this sequence once had the Wasm list wrong
// (rows sharing a sorted image run; fixed, see test/host/neighbors-random-triclinic.test.ts).
test('GPU neighbour list = Wasm list = brute force on 40 seeded random structures: triclinic cells 3–11 Å, any pbc, cutoffs 1–6 Å, atoms outside the cell', { skip }, async () => {
  const rnd = seeded(20251124);
  let compared = 0;
  for (let k = 0; k < 40; k++) {
    const drawn = randomStructure(rnd);
    if (!drawn) continue;
    const { atoms, cutoff } = drawn;
    const n = atoms.positions.length / 3, pbc = atoms.pbc;
    if (!clearOfCutoff(atoms, cutoff, wasmAndBrute)) continue;
    await compare(atoms, cutoff, `case ${k} (n ${n}, pbc ${pbc}, cutoff ${cutoff.toFixed(3)})`, wasmAndBrute);
    compared++;
  }
  assert.ok(compared >= 30, `only ${compared} structures were clear of the cutoff`);
});

test('GPU neighbour list = Wasm on a 1,728-atom water box (cutoff 4.9 Å), and the same bits run after run', { skip }, async () => {
  const water = waterBox(3);
  assert.ok((await compare(water, 4.9, 'water 1728')) > 200_000);
  const a = await gpuEdges(water, 4.9);
  const b = await gpuEdges(water, 4.9);
  for (const key of ['rowStart', 'i', 'j', 'shift', 'rev', 'vec'] as const) {
    assert.deepEqual(new Uint8Array(a[key].buffer), new Uint8Array(b[key].buffer), `run-to-run bits of ${key}`);
  }
});

test('Verlet skin: no search while atoms moved less than skin/2, yet the edges are exactly a fresh search\'s; a larger move searches again', { skip }, async () => {
  const atoms = randomAtoms(50, 8, 5, Float64Array.of(8, 0, 0, 0, 8, 0, 0, 0, 8), [true, true, true]);
  const device = (gpu as GpuHandle).device;
  const nl = new GpuNeighborList(kernels!, { cutoff: 2.5, skin: 0.5 });
  const pos = storageBuffer(device, 8 * atoms.positions.length, 'test.positions');
  const same = async (positions: Float64Array, label: string) => {
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    nl.encodeVectors(pass);
    pass.end();
    device.queue.submit([enc.finish()]);
    const got = await nl.read();
    const want = wasmEdges({ ...atoms, positions }, 2.5);
    assert.equal(got.count, want.count, `${label}: count`);
    for (const key of ['rowStart', 'i', 'j', 'shift', 'rev'] as const) assert.deepEqual([...got[key]], [...want[key]], `${label}: ${key}`);
    for (let k = 0; k < 3 * got.count; k++) assert.ok(Math.abs(got.vec[k] - want.vec[k]) < 1e-5, `${label}: vec ${k}`);
    counts.add(got.count);
  };
  const counts = new Set<number>();
  const moved = atoms.positions.slice();
  const upload = () => device.queue.writeBuffer(pos, 0, encodeFixed(moved, 'positions'));
  upload();
  nl.setCell(atoms.cell, atoms.pbc);
  nl.attach(pos, 50);
  assert.equal(await nl.refresh(), true, 'first refresh searches');
  await same(moved, 'after the search');
  assert.ok(clearOfCutoff({ ...atoms, positions: moved }, 2.5));
  // Atom 2 walks 0.24 Å (< skin/2) in steps, past other atoms' cutoff spheres: filtered each time.
  for (let step = 1; step <= 4; step++) {
    moved[6] += 0.06;
    upload();
    assert.equal(await nl.refresh(), false, `step ${step}: moved less than skin/2, no search`);
    if (clearOfCutoff({ ...atoms, positions: moved }, 2.5)) await same(moved, `step ${step}`);
  }
  moved[6] += 0.02;
  upload();
  assert.equal(await nl.refresh(), true, 'moved more than skin/2: searches again');
  assert.equal(nl.rebuildCount, 2);
  await same(moved, 'after the second search');
  assert.ok(counts.size > 1, `the walk must change the edge set between searches (counts ${[...counts]})`);
  nl.destroy();
  pos.destroy();
});

test('more edges than maxEdges: a GpuLimitError naming maxEdges', { skip }, async () => {
  const nl = new GpuNeighborList(kernels!, { cutoff: 5, maxEdges: 1000 });
  await assert.rejects(nl.build(waterBox(1).positions, waterBox(1).cell, waterBox(1).pbc),
    (e: Error) => e instanceof GpuLimitError && /edges within 5 Å for 192 atoms exceed maxEdges = 1000/.test(e.message));
});
