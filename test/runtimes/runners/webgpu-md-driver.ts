// Runs the GPU neighbour list and 30 Langevin steps of GPU MD (LJ argon, 256 atoms) in whatever
// runtime executes this bundle, and prints FNV-1a hashes of the edges and of the final state:
// webgpu-runtimes.test.ts compares them across Node, Deno and Bun on the same adapter.
import { openGpu } from '../../../host/backends/webgpu/adapter.js';
import { Kernels } from '../../../host/backends/webgpu/kernels.js';
import { GpuMd } from '../../../host/backends/webgpu/md-engine.js';
import { LjForcePass } from '../../../host/backends/webgpu/pair-force-pass.js';
import { fccCrystal } from '../../support/lattices.js';

const ARGON = 'lj:epsilon=0.0104,sigma=3.4,cutoff=8.5,shift=force';

function fnv(bytes: Uint8Array, h = 0x811c9dc5): number {
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h;
}

const gpu = await openGpu();
const kernels = new Kernels(gpu.device);
const atoms = fccCrystal(18, 5.4, 4);
const n = atoms.numbers.length;
let s = 12345;
const positions = atoms.positions.map((x) => x + ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 0.2);
const md = await GpuMd.create(kernels, {
  positions, masses: new Float64Array(n).fill(39.948), cell: atoms.cell, pbc: atoms.pbc, dt: 4,
  ensemble: { kind: 'langevin', temperature: 120, friction: 0.02, seed: 9 }, cutoff: 8.5, skin: 0.5,
  forcePass: (m) => new LjForcePass(kernels, m, ARGON),
});
const edges = await md.neighbors.read();
const edgeHash = [edges.rowStart, edges.j, edges.shift, edges.rev, edges.vec].reduce((h, a) => fnv(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), h), 0x811c9dc5);
const [thermo] = await md.run(30);
const state = md.state();
const stateHash = fnv(new Uint8Array(state.velocities.buffer), fnv(new Uint8Array(state.positions.buffer)));
console.log(JSON.stringify({ adapter: gpu.description, edges: edges.count, edgeHash, stateHash, kinetic: thermo.kinetic, potential: thermo.potential }));
md.destroy();
gpu.device.destroy();
