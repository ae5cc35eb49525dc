// Batches of GPU MD steps (md-engine.ts, step-gate.ts): the neighbour list's rebuild check runs
// on the GPU and a batch reads back one word. The steps must give the bits of steps checked on
// the host one at a time (batch 1), through every rebuild, for both integrators; and the run
// must read back far less than once per step. Bad batch settings are refused by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PairCalculator } from '../../host/calculators/pair-calculator.js';
import { MD } from '../../host/md/md.js';
import { Kernels } from '../../host/backends/webgpu/kernels.js';
import { GpuMd, type GpuEnsemble } from '../../host/backends/webgpu/md-engine.js';
import { LjForcePass } from '../../host/backends/webgpu/pair-force-pass.js';
import { f32AtMost } from '../../host/backends/webgpu/step-gate.js';
import { fccCrystal } from '../support/lattices.js';
import { freshGpu } from '../support/webgpu-devices.js';

const gpu = await freshGpu();
const skip = typeof gpu === 'string' ? gpu : false;
const kernels = typeof gpu === 'string' ? null : new Kernels(gpu.device);
const ARGON = 'lj:epsilon=0.0104,sigma=3.4,cutoff=8.5,shift=force';

/** Calls of GPUBuffer.mapAsync (every read-back maps a buffer) while `body` runs. */
async function countMaps(body: () => Promise<void>): Promise<number> {
  const probe = kernels!.device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ });
  const proto = Object.getPrototypeOf(probe) as { mapAsync: (...a: unknown[]) => Promise<void> };
  probe.destroy();
  const original = proto.mapAsync;
  let maps = 0;
  proto.mapAsync = function (this: unknown, ...a: unknown[]) { maps++; return original.apply(this, a); };
  try { await body(); } finally { proto.mapAsync = original; }
  return maps;
}

async function hotArgon() {
  const calc = await PairCalculator.create(ARGON);
  // 300 K: an atom crosses half the 0.6 Å skin every few dozen 4 fs steps, so 300 steps rebuild often.
  return (await MD.create({ atoms: fccCrystal(18, 5.4, 3), calculator: calc, settings: { temperature: 300, seed: 3 } })).atoms;
}

for (const ensemble of [{ kind: 'nve' }, { kind: 'langevin', temperature: 300, friction: 0.02, seed: 2 ** 40 + 1 }] as GpuEnsemble[]) {
  test(`GPU MD in batches (${ensemble.kind}): the bits of host-checked steps through every rebuild, and about one read-back per rebuild instead of one per step`, { skip }, async () => {
    const atoms = await hotArgon();
    const make = () => GpuMd.create(kernels!, {
      positions: atoms.positions, velocities: atoms.velocities!, masses: atoms.masses!, cell: atoms.cell, pbc: atoms.pbc,
      dt: 4, ensemble, cutoff: 8.5, skin: 0.6, forcePass: (n) => new LjForcePass(kernels!, n, ARGON),
    });
    const steps = 300;
    const runs: { md: GpuMd; maps: number; thermo: number[] }[] = [];
    for (const batch of [1, 64, 5]) {
      const md = await make();
      let thermo: number[] = [];
      const maps = await countMaps(async () => {
        thermo = (await md.run(steps, { batch, thermoEvery: 100 })).map((t) => t.kinetic + t.potential);
      });
      runs.push({ md, maps, thermo });
    }
    const [host, big, small] = runs;
    const rebuilds = host.md.neighbors.rebuildCount;
    console.log(`# ${ensemble.kind}, ${steps} steps: ${rebuilds} searches; read-backs batch 1: ${host.maps}, batch 64: ${big.maps}, batch 5: ${small.maps}`);
    assert.ok(rebuilds >= 5, `only ${rebuilds} searches: the test would not cross rebuilds`);
    for (const other of [big, small]) {
      assert.equal(other.md.neighbors.rebuildCount, rebuilds, 'searches');
      assert.deepEqual(other.thermo, host.thermo, 'thermo');
      for (const key of ['positions', 'velocities'] as const) {
        assert.deepEqual(new Uint8Array(other.md.state()[key].buffer), new Uint8Array(host.md.state()[key].buffer), `bits of ${key}`);
      }
    }
    // Batch 1 maps once per step and more at searches; a batch maps once, a search a few times.
    assert.ok(host.maps >= steps, `batch 1 read back ${host.maps} times`);
    assert.ok(big.maps < 6 * rebuilds + 20, `batch 64 read back ${big.maps} times for ${rebuilds} searches`);
    const edges = await big.md.neighbors.read();
    const fresh = await host.md.neighbors.read();
    assert.equal(edges.count, fresh.count, 'the kept count, read back after a batch');
    await assert.rejects(big.md.run(1, { batch: 0 }), /batch must be an integer ≥ 1, got 0/);
    await assert.rejects(big.md.run(1, { checkpointEvery: 2.5 }), /checkpointEvery must be an integer ≥ 0, got 2.5/);
    for (const r of runs) r.md.destroy();
  });
}

test('the GPU check compares as the host does: f32AtMost(x) is the largest f32 ≤ x', () => {
  for (const x of [0.25, 0.09, 0.3 * 0.3, 1e-7, 2 / 3, 1]) {
    const f = f32AtMost(x);
    assert.ok(f <= x, `${f} > ${x}`);
    assert.equal(Math.fround(f), f, 'an f32');
    const next = new Float32Array([f]);
    new Uint32Array(next.buffer)[0]++;
    assert.ok(next[0] > x, `${next[0]} is an f32 ≤ ${x} above ${f}`);
  }
});
