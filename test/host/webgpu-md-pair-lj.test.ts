// The Lennard-Jones force pass over GPU edges (pair-force-pass.ts, shaders/potentials/pair-lj.wgsl)
// against the Wasm pair potential (assembly/potentials/pair.ts) in all three shift modes, on a
// skewed periodic cell whose widths are below the cutoff (self-images) and on a cluster; skin
// candidates past the cutoff add nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PairCalculator } from '../../host/calculators/pair-calculator.js';
import type { Atoms } from '../../host/atoms.js';
import { Kernels } from '../../host/backends/webgpu/kernels.js';
import { GpuNeighborList } from '../../host/backends/webgpu/neighbor-list.js';
import { LjForcePass } from '../../host/backends/webgpu/pair-force-pass.js';
import { storageBuffer, readBack } from '../../host/backends/webgpu/limits.js';
import { icosahedron13 } from '../support/lattices.js';
import { freshGpu } from '../support/webgpu-devices.js';

const gpu = await freshGpu();
const skip = typeof gpu === 'string' ? gpu : false;

const skewed: Atoms = {
  numbers: [18, 18, 18],
  positions: Float64Array.of(0.1, 0.2, 0.3, 3.6, 1.4, 0.5, 1.7, 3.9, 3.3),
  cell: Float64Array.of(5.2, 0, 0, 1.6, 5.0, 0, -0.9, 1.1, 5.4),
  pbc: [true, true, true],
};

async function gpuLj(atoms: Atoms, spec: string, skin: number): Promise<{ energies: Float32Array; forces: Float32Array }> {
  const { device } = typeof gpu === 'string' ? assert.fail() : gpu;
  const kernels = new Kernels(device);
  const n = atoms.numbers.length;
  const pass = new LjForcePass(kernels, n, spec);
  const nl = new GpuNeighborList(kernels, { cutoff: pass.cutoff, skin });
  const edges = await nl.build(atoms.positions, atoms.cell, atoms.pbc);
  const energies = storageBuffer(device, 4 * n, 'test.energies');
  const forces = storageBuffer(device, 12 * n, 'test.forces');
  const enc = device.createCommandEncoder();
  pass.encode(enc, edges, { energies, forces });
  device.queue.submit([enc.finish()]);
  const out = { energies: new Float32Array(await readBack(device, energies, 4 * n)), forces: new Float32Array(await readBack(device, forces, 12 * n)) };
  for (const b of [energies, forces]) b.destroy();
  pass.destroy();
  nl.destroy();
  return out;
}

test('LJ on GPU edges = the Wasm pair potential (shift none, energy, force; skewed cell with self-images, cluster; with and without skin)', { skip }, async () => {
  const cluster = icosahedron13(18, 3.7);
  for (const shift of ['none', 'energy', 'force']) {
    const spec = `lj:epsilon=0.0104,sigma=3.4,cutoff=8.5,shift=${shift}`;
    const calc = await PairCalculator.create(spec);
    for (const [label, atoms] of [['skewed', skewed], ['cluster', cluster]] as const) {
      const want = calc.compute(atoms);
      for (const skin of [0, 1.5]) {
        const got = await gpuLj(atoms, spec, skin);
        const what = `${shift}, ${label}, skin ${skin}`;
        const fscale = Math.max(...want.forces!.map(Math.abs));
        want.energies!.forEach((e, i) => assert.ok(Math.abs(got.energies[i] - e) < 2e-6 * (1 + Math.abs(e)) + 1e-6, `${what}: energy of atom ${i}: ${got.energies[i]} vs ${e}`));
        want.forces!.forEach((f, k) => assert.ok(Math.abs(got.forces[k] - f) < 1e-5 * fscale + 1e-7, `${what}: force ${k}: ${got.forces[k]} vs ${f}`));
      }
    }
  }
});
