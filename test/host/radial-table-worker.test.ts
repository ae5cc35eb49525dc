// The MD worker takes the radial mode at load: a run in table mode through the worker protocol
// gives the state of the same run in-process in table mode, and not that of exact mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { channelWorker } from '../support/channel-worker.js';
import { MessageChannel } from 'node:worker_threads';
import { loadModel } from '../../host/api.js';
import { writeCampjs } from '../../host/format/campjs-file.js';
import { MD } from '../../host/md/md.js';
import { seededRandom, syntheticAtoms, syntheticModel } from '../support/synthetic-model.js';

const modelBytes = writeCampjs(syntheticModel({ seed: 23, atomicNumbers: [1, 8], maxV: 2, numLayers: 2, nU: 4 }));
const atoms = syntheticAtoms(seededRandom(6), { elements: [1, 8], count: 8, box: 4, minDistance: 1.1 });
const SETTINGS = { ensemble: 'nve', temperature: 300, dt: 0.25, seed: 4 } as const;

test('worker loadModel({radial: "table"}): states equal in-process table-mode MD, not exact MD', async () => {
  const inProcess = async (radial: 'exact' | 'table'): Promise<Uint8Array> => {
    const md = await MD.create({ atoms, calculator: await loadModel(modelBytes, { radial }), settings: SETTINGS });
    md.run(10);
    return md.serialize();
  };
  const client = channelWorker();
  try {
    await client.loadModel(modelBytes.slice(), { radial: 'table' });
    await client.start(atoms, SETTINGS);
    await client.run(10);
    const state = (await client.save()).state;
    assert.deepEqual(state, await inProcess('table'), 'worker vs in-process, table mode');
    assert.notDeepEqual(state, await inProcess('exact'), 'table mode gave exact mode\'s bits');
  } finally {
    client.terminate();
  }
});
