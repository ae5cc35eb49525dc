// Property: random mutations and truncations of a valid .campjs file never leak anything but a
// ModelFileError (bounded run count).
import { test } from 'node:test';
import fc from 'fast-check';
import { writeCampjs } from '../../host/format/campjs-file.js';
import { loadCampModel } from '../../host/model/load.js';
import { syntheticCheckpoint } from '../support/ckpt-synthetic.js';
import { applyMutation, loadsOrFailsCleanly, mutations } from '../support/ckpt-fuzz.js';

const campjs = writeCampjs(loadCampModel(syntheticCheckpoint()), { created: '2025-01-01T00:00:00.000Z' });
const headerEnd = 16 + new DataView(campjs.buffer).getUint32(8, true);

test('mutated .campjs files load or fail with a ModelFileError', { timeout: 60_000 }, () => {
  fc.assert(
    fc.property(mutations(campjs, 0, headerEnd), (m) =>
      loadsOrFailsCleanly(() => loadCampModel(applyMutation(campjs, m), { file: 'fuzz.campjs' }), 'fuzz.campjs')),
    { numRuns: 600 },
  );
});
