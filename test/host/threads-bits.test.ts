// Deterministic threads (issue #14) through the API: energies, forces and stress are the same
// bits on 1, 2 and 3 threads — f64 and f32, exact and table radial modes, with and without the
// reverse pass's stores — for water-64 (periodic, stress) and aspirin (threads-md.test.ts: MD);
// threads are refused unless an integer 1..256; where shared memory is missing or a page is not
// cross-origin isolated, a model runs on one thread and says why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { loadModel } from '../../host/api.js';
import { parseExtxyz } from '../../host/io/extxyz.js';
import type { Atoms } from '../../host/atoms.js';
import { needsShared, sharedPath, repoRoot } from '../support/shared.js';

const THREADS = [1, 2, 3];

function example(name: string): Atoms {
  const path = join(repoRoot, 'examples', name);
  return parseExtxyz(readFileSync(path, 'utf8'), path)[0]!.atoms;
}

const bits = (...arrays: (Float64Array | null | undefined)[]): string => {
  const h = createHash('sha256');
  for (const a of arrays) h.update(a ? new Uint8Array(a.buffer, a.byteOffset, a.byteLength) : new Uint8Array(1));
  return h.digest('hex');
};

/** Hashes of every result of `atoms` on `threads` threads, keyed by mode. */
async function resultHashes(model: string, atoms: Atoms, threads: number, radial: 'exact' | 'table'): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  // Budget 0 recomputes the radial MLPs in the reverse pass; the default keeps them (other code
  // paths, same bits). Table mode's lookups are cheap either way: its default only.
  for (const activationBudget of radial === 'exact' ? [undefined, 0] : [undefined]) {
    const calc = await loadModel(model, { threads, radial, activationBudget });
    try {
      assert.equal(calc.threads, threads);
      for (const precision of ['f64', 'f32'] as const) {
        const r = calc.compute(atoms, { precision });
        out[`${radial}/${precision}/budget ${activationBudget ?? 'default'}`] = bits(Float64Array.of(r.energy), r.energies, r.forces, r.stress);
        const e = calc.compute(atoms, { precision, forces: false });
        out[`${radial}/${precision}/energy only/budget ${activationBudget ?? 'default'}`] = bits(Float64Array.of(e.energy), e.energies);
      }
    } finally {
      calc.close();
    }
  }
  return out;
}

for (const [name, model, input] of [['water-64', 'water.ckpt', 'water-64.xyz'], ['aspirin', 'md17-aspirin.ckpt', 'aspirin.xyz']] as const) {
  test(`${name}: energies, forces and stress are the same bits on 1, 2 and 3 threads`, needsShared, async () => {
    const atoms = example(input);
    for (const radial of ['exact', 'table'] as const) {
      const [one, ...more] = await Promise.all(THREADS.map((t) => resultHashes(sharedPath('models', model), atoms, t, radial)));
      more.forEach((h, k) => assert.deepEqual(h, one, `${THREADS[k + 1]} threads, ${radial}`));
    }
  });
}

test('threads must be an integer from 1 to 256, named in the error', async () => {
  for (const bad of [0, -1, 1.5, 257, Number.NaN, '2' as unknown as number]) {
    await assert.rejects(loadModel('default', { threads: bad }), /threads must be an integer from 1 to 256, got/, String(bad));
  }
});

test('without shared memory or cross-origin isolation: one thread, and a warning saying why', async () => {
  const g = globalThis as { crossOriginIsolated?: boolean; SharedArrayBuffer?: unknown };
  g.crossOriginIsolated = false;
  try {
    const calc = await loadModel('default', { threads: 2 });
    assert.equal(calc.threads, 1);
    assert.match(calc.warnings.join('\n'), /threads: 2 asked for, running on 1 thread: this page is not cross-origin isolated .*Cross-Origin-Opener-Policy: same-origin/);
  } finally {
    delete g.crossOriginIsolated;
  }
  const sab = g.SharedArrayBuffer;
  delete g.SharedArrayBuffer;
  try {
    const calc = await loadModel('default', { threads: 3 });
    assert.equal(calc.threads, 1);
    assert.match(calc.warnings.join('\n'), /threads: 3 asked for, running on 1 thread: this runtime has no SharedArrayBuffer/);
  } finally {
    g.SharedArrayBuffer = sab;
  }
  const calc = await loadModel('default', { threads: 2 });
  assert.equal(calc.threads, 2);
  assert.deepEqual(calc.warnings, []);
  calc.close();
});
