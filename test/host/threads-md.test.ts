// Deterministic threads (issue #14): a 20-step Langevin trajectory (positions and velocities
// hashed every step) is the same bits on 1, 2 and 3 threads, for water-64 and aspirin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel } from '../../host/api.js';
import { parseExtxyz } from '../../host/io/extxyz.js';
import { MD } from '../../host/md/md.js';
import { stateHash } from '../../host/receipt/receipt.js';
import type { Atoms } from '../../host/atoms.js';
import { needsShared, sharedPath, repoRoot } from '../support/shared.js';

const THREADS = [1, 2, 3];

function example(name: string): Atoms {
  const path = join(repoRoot, 'examples', name);
  return parseExtxyz(readFileSync(path, 'utf8'), path)[0]!.atoms;
}

async function trajectoryHashes(model: string, atoms: Atoms, threads: number, precision: 'f64' | 'f32'): Promise<string[]> {
  const calc = await loadModel(model, { threads, precision, skin: 1 });
  try {
    const md = await MD.create({ atoms, calculator: calc, settings: { ensemble: 'langevin', temperature: 300, dt: 0.5, seed: 7 } });
    const hashes = [stateHash(md)];
    md.run(20, (m) => {
      hashes.push(stateHash(m));
    });
    return hashes;
  } finally {
    calc.close();
  }
}

// Water-64 in f32 (f64 costs 3x as much per step here, and the f64 paths are checked above);
// aspirin with the built-in model, whose example geometry it was relaxed with.
for (const [name, model, input, precisions] of [
  ['water-64', 'water', 'water-64.xyz', ['f32']], ['aspirin', 'default', 'aspirin.xyz', ['f64', 'f32']],
] as const) {
  test(`${name}: a 20-step Langevin trajectory is the same bits on 1, 2 and 3 threads`, model === 'default' ? {} : needsShared, async () => {
    const atoms = example(input), path = model === 'default' ? 'default' : sharedPath('models', `${model}.ckpt`);
    for (const precision of precisions) {
      const one = await trajectoryHashes(path, atoms, 1, precision);
      assert.ok(new Set(one).size > 2, 'the trajectory did not move');
      for (const t of THREADS.slice(1)) assert.deepEqual(await trajectoryHashes(path, atoms, t, precision), one, `${t} threads, ${precision}`);
    }
  });
}

