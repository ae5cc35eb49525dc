// The shipped model is the one its card describes: the file's SHA-256 is MODEL.md's, and its
// errors on the held-out molecules of data/test-small.extxyz, recomputed here through the API,
// are the card's figures (a stale card, a swapped file or a changed model evaluation fails).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel } from '../../host/api.js';
import { readStructures } from '../../host/io/read-structures.js';
import { sha256Hex } from '../../host/util/sha256.js';
import { repoRoot } from '../support/shared.js';

const dir = join(repoRoot, 'models/campjs-hcno');
const card = readFileSync(join(dir, 'MODEL.md'), 'utf8');
const fileBytes = new Uint8Array(readFileSync(join(dir, 'campjs-hcno.campjs')));

test('MODEL.md states the SHA-256 and size of the shipped campjs-hcno.campjs', () => {
  const sha = sha256Hex(fileBytes);
  const stated = [...card.matchAll(/SHA-256 \|? ?`([0-9a-f]{64})`/g)].map((m) => m[1]);
  assert.ok(stated.length >= 2, 'MODEL.md states no SHA-256 in its summary and sizes table');
  for (const s of stated) assert.equal(s, sha, 'MODEL.md describes another file: run node scripts/model/card.mjs');
  assert.match(card, new RegExp(`\\(${fileBytes.length} bytes\\)`), 'MODEL.md states another file size');
});

test('the model\'s errors on data/test-small.extxyz (held-out molecules) are MODEL.md\'s', async () => {
  const row = card.match(/\| `test-small\.extxyz` \| (\d+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \|/);
  assert.ok(row, 'MODEL.md has no test-small.extxyz row in its errors table');
  const [frames, eMae, eRmse, fMae, fRmse] = row.slice(1).map(Number);
  const calc = await loadModel(); // the built-in model: what users get
  assert.equal(calc.modelSha256, sha256Hex(fileBytes), 'loadModel() is not the shipped file (rebuild: npm run build)');
  const data = readStructures(readFileSync(join(repoRoot, 'data/test-small.extxyz')), 'test-small.extxyz');
  assert.equal(data.length, frames);
  let e1 = 0, e2 = 0, f1 = 0, f2 = 0, nf = 0;
  for (const frame of data) {
    const n = frame.atoms.numbers.length;
    const r = calc.compute(frame.atoms, { forces: true });
    const de = (r.energy - (frame.energy as number)) / n;
    e1 += Math.abs(de);
    e2 += de * de;
    const ref = frame.forces as Float64Array;
    for (let i = 0; i < ref.length; i++) {
      const d = (r.forces as Float64Array)[i] - ref[i];
      f1 += Math.abs(d);
      f2 += d * d;
    }
    nf += ref.length;
  }
  // meV; the card prints three decimals: 0.002 covers its rounding, nothing more.
  const near = (got: number, stated: number, what: string) => assert.ok(Math.abs(got - stated) <= 0.002, `${what}: ${got.toFixed(4)} now, MODEL.md ${stated}`);
  near((e1 / frames) * 1000, eMae, 'energy MAE meV/atom');
  near(Math.sqrt(e2 / frames) * 1000, eRmse, 'energy RMSE meV/atom');
  near((f1 / nf) * 1000, fMae, 'force MAE meV/Å');
  near(Math.sqrt(f2 / nf) * 1000, fRmse, 'force RMSE meV/Å');
});
