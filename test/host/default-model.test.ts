// The built-in model loads with no file: loadModel() and loadModel('default') give the shipped
// campjs-hcno.campjs (same bytes, same energies), and the MD worker loads it when no model is sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { channelWorker } from '../support/channel-worker.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { loadModel } from '../../host/api.js';
import { defaultModelBytes, DEFAULT_MODEL_FILE } from '../../host/model/default-model.js';
import { MD } from '../../host/md/md.js';
import { readStructures } from '../../host/io/read-structures.js';
import { sha256Hex } from '../../host/util/sha256.js';
import { repoRoot } from '../support/shared.js';

const shipped = new Uint8Array(readFileSync(join(repoRoot, 'models/campjs-hcno/campjs-hcno.campjs')));
const ethanol = readStructures(readFileSync(join(repoRoot, 'examples/ethanol.xyz')), 'ethanol.xyz')[0].atoms;
const SETTINGS = { ensemble: 'langevin', temperature: 300, dt: 0.5, seed: 7 } as const;

test('the embedded bytes are the shipped models/campjs-hcno/campjs-hcno.campjs', async () => {
  assert.deepEqual(await defaultModelBytes(), shipped, 'host/generated/default-model.ts is stale: npm run build');
});

test('loadModel() and loadModel("default") load the built-in model: its sha256, file name, elements and energies', async () => {
  const fromFile = await loadModel(shipped.slice());
  const expected = fromFile.compute(ethanol);
  for (const calc of [await loadModel(), await loadModel('default')]) {
    assert.equal(calc.modelSha256, sha256Hex(shipped));
    assert.equal(calc.model.source.file, DEFAULT_MODEL_FILE);
    assert.deepEqual([...calc.atomicNumbers], [1, 6, 7, 8]);
    const r = calc.compute(ethanol);
    assert.equal(r.energy, expected.energy);
    assert.deepEqual(r.forces, expected.forces);
  }
});

test('a path that is not the word "default" is still read as a file', async () => {
  await assert.rejects(loadModel('./default'), /cannot read '\.\/default': no such file/);
});

test('worker loadModel() with no model runs the built-in model: the state of the same run in-process', async () => {
  const md = await MD.create({ atoms: ethanol, calculator: await loadModel(shipped.slice()), settings: SETTINGS });
  md.run(10);
  const client = channelWorker();
  try {
    const info = await client.loadModel();
    assert.equal(info.name, DEFAULT_MODEL_FILE);
    assert.deepEqual(info.atomicNumbers, [1, 6, 7, 8]);
    await client.start(ethanol, SETTINGS);
    await client.run(10);
    assert.deepEqual((await client.save()).state, md.serialize());
  } finally {
    client.terminate();
  }
});
