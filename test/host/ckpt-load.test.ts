// Checkpoint → CampModel: weights selection, hyperparameters, shape validation; synthetic
// checkpoints (no ../shared needed) and the four real ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { loadCampModel } from '../../host/model/load.js';
import { expectedTensors } from '../../host/model/validate.js';
import { ModelFileError } from '../../host/format/model-file-error.js';
import type { CampModel } from '../../host/model/camp-model.js';
import { packCheckpoint, specOf, stateDictOf, STRIDED_TENSOR, syntheticCheckpoint, syntheticTree, SYNTHETIC_HPARAMS } from '../support/ckpt-synthetic.js';
import { py } from '../support/pickle-builder.js';
import { needsShared, readShared } from '../support/shared.js';

const isFileError = (re: RegExp) => (err: unknown) => {
  assert.ok(err instanceof ModelFileError, `expected ModelFileError, got ${String(err)}`);
  assert.match(err.message, re);
  return true;
};

function assertValues(model: CampModel, want: Map<string, Float64Array>): void {
  assert.deepEqual([...model.tensors.keys()], [...want.keys()]);
  for (const [name, v] of want) assert.deepEqual(Array.from(model.tensors.get(name)!.data), Array.from(v), name);
}

test('synthetic checkpoint: EMA by default, raw on request, values and strided layout exact', () => {
  const tree = syntheticTree();
  const bytes = packCheckpoint(tree);
  const ema = loadCampModel(bytes, { file: 's.ckpt' });
  const raw = loadCampModel(bytes, { file: 's.ckpt', weights: 'raw' });
  assertValues(ema, tree.values.ema);
  assertValues(raw, tree.values.raw);
  assert.equal(ema.source.weights, 'ema');
  assert.equal(raw.source.weights, 'raw');
  assert.notDeepEqual(Array.from(ema.tensors.get(STRIDED_TENSOR)!.data), Array.from(raw.tensors.get(STRIDED_TENSOR)!.data));
  assert.deepEqual(ema.hparams, SYNTHETIC_HPARAMS);
  assert.equal(ema.source.sha256, createHash('sha256').update(bytes).digest('hex'));
  assert.deepEqual(ema.source.notes, { checkpoint_folder: 'archive', epoch: '7', global_step: String(2 ** 40), 'pytorch-lightning_version': '2.2.4', git_commit: '0123456789abcdef' });
});

test('hyperparameters: default_dtype absent → float32, float64 weights, int hidden layers → n × n_u', () => {
  assert.equal(loadCampModel(syntheticCheckpoint({ defaultDtype: null })).hparams.defaultDtype, 'float32');
  const f64 = loadCampModel(syntheticCheckpoint({ defaultDtype: 'float64' }));
  assert.equal(f64.hparams.defaultDtype, 'float64');
  assert.ok(f64.tensors.get(STRIDED_TENSOR)!.data instanceof Float64Array);
  assert.deepEqual(loadCampModel(syntheticCheckpoint({ hiddenAsInt: true })).hparams.radialMlpHidden, [SYNTHETIC_HPARAMS.nU, SYNTHETIC_HPARAMS.nU]);
});

test('missing EMA weights, missing storage, wrong shape, unsupported dtype, unexpected tensor', () => {
  const noEma = syntheticCheckpoint({ withoutEma: true });
  assert.throws(() => loadCampModel(noEma, { file: 's.ckpt' }), isFileError(/^s\.ckpt: checkpoint has no EMA weights: no state_dict key starts with 'ema\.ema_model\.'; .*weights 'raw'/));
  assert.equal(loadCampModel(noEma, { weights: 'raw' }).source.weights, 'raw');

  const missing = syntheticTree();
  missing.storages.delete(specOf(missing, 'model.atom_embedding.linear.bias').key);
  assert.throws(() => loadCampModel(packCheckpoint(missing), { file: 's.ckpt' }), isFileError(/tensor storage 'archive\/data\/\d+' referenced by data\.pkl is missing from the zip/));

  const reshaped = syntheticTree();
  const name = 'layers.1.atom_moment.radial.c';
  const spec = specOf(reshaped, `ema.ema_model.${name}`);
  stateDictOf(reshaped).set(`ema.ema_model.${name}`, py.tensor({ ...spec, shape: [2, 2, 4, 3], stride: undefined })); // K+1 = 4, not 3
  assert.throws(() => loadCampModel(packCheckpoint(reshaped), { file: 's.ckpt' }),
    isFileError(/^s\.ckpt: tensor 'layers\.1\.atom_moment\.radial\.c' has shape \(2, 2, 4, 3\), expected \(2, 2, 4, 4\) \(types, types, n_u, K\+1\)/));

  const complex = syntheticTree();
  const key = 'ema.ema_model.atom_embedding.linear.bias';
  stateDictOf(complex).set(key, py.tensor({ ...specOf(complex, key), storageType: 'ComplexFloatStorage' }));
  assert.throws(() => loadCampModel(packCheckpoint(complex)), isFileError(/state_dict\['ema\.ema_model\.atom_embedding\.linear\.bias'\]: unsupported dtype: torch\.ComplexFloatStorage/));

  const extra = syntheticTree();
  stateDictOf(extra).set('ema.ema_model.layers.0.surprise.weight', stateDictOf(extra).get(key));
  assert.throws(() => loadCampModel(packCheckpoint(extra)), isFileError(/unexpected tensor 'layers\.0\.surprise\.weight'/));

  const dropped = syntheticTree();
  stateDictOf(dropped).delete('ema.ema_model.readout.out_layers.1.layers.2.bias');
  assert.throws(() => loadCampModel(packCheckpoint(dropped)), isFileError(/model has no tensor 'readout\.out_layers\.1\.layers\.2\.bias' \(expected shape \(1,\)/));
});

test('inconsistent or missing hyperparameters name the field', () => {
  const edit = (f: (model: Map<unknown, unknown>, other: Map<unknown, unknown>) => void) => {
    const tree = syntheticTree();
    const other = (tree.root.get('hyper_parameters') as Map<unknown, unknown>).get('other_hparams') as Map<unknown, unknown>;
    f(other.get('model') as Map<unknown, unknown>, other);
    return packCheckpoint(tree);
  };
  assert.throws(() => loadCampModel(edit((m) => m.set('num_atom_types', 3))), isFileError(/num_atom_types is 3 but .*atomic_number lists 2 elements/));
  assert.throws(() => loadCampModel(edit((m) => m.delete('max_v'))), isFileError(/checkpoint has no hyper_parameters\.other_hparams\.model\.max_v/));
  assert.throws(() => loadCampModel(edit((m) => m.set('max_u', 'x'))), isFileError(/model\.max_u is the string 'x', not an integer/));
  assert.throws(() => loadCampModel(edit((m) => m.set('max_v', 7))), isFileError(/invalid hyperparameter max_v = 7/));
  assert.throws(() => loadCampModel(edit((m) => m.set('r_cut', 9.5))), isFileError(/model\.r_cut \(9\.5\) differs from .*data\.r_cut \(4\.5\)/));
  assert.throws(() => loadCampModel(edit((_, o) => o.set('default_dtype', 'float16'))), isFileError(/default_dtype is the string 'float16'/));
  assert.throws(() => loadCampModel(edit((m) => m.set('radial_mlp_hidden_layers', 1e9))), isFileError(/expected 0\.\.64 hidden layers/));
});

// Facts from ../shared/README.md.
const REAL = [
  { name: 'water', elements: [1, 8], rCut: 5, maxV: 2, layers: 3, nU: 33 },
  { name: 'lips-10', elements: [3, 15, 16], rCut: 6, maxV: 3, layers: 2, nU: 17 },
  { name: 'md17-aspirin', elements: [1, 6, 8], rCut: 6, maxV: 3, layers: 2, nU: 49 },
  { name: 'md17-naphthalene', elements: [1, 6], rCut: 6, maxV: 3, layers: 3, nU: 33 },
];

for (const m of REAL) {
  test(`real checkpoint ${m.name}: EMA and raw load, every tensor named and shaped as the hyperparameters say`, needsShared, () => {
    const bytes = readShared('models', `${m.name}.ckpt`);
    const ema = loadCampModel(bytes, { file: `${m.name}.ckpt` });
    const raw = loadCampModel(bytes, { file: `${m.name}.ckpt`, weights: 'raw' });
    for (const model of [ema, raw]) {
      assert.deepEqual(model.hparams.atomicNumbers, m.elements);
      assert.equal(model.hparams.rCut, m.rCut);
      assert.equal(model.hparams.maxV, m.maxV);
      assert.equal(model.hparams.numLayers, m.layers);
      assert.equal(model.hparams.nU, m.nU);
      assert.equal(model.hparams.maxChebyshevDegree, 8);
      // Same names in the same order as the real state_dict: the layout validate.ts derives is exact.
      assert.deepEqual([...model.tensors.keys()], [...expectedTensors(model.hparams).keys()]);
    }
    const differs = [...ema.tensors].filter(([k, t]) => !Buffer.from(t.data.buffer).equals(Buffer.from(raw.tensors.get(k)!.data.buffer)));
    assert.ok(differs.length > ema.tensors.size / 2, `EMA and raw weights differ (${differs.length} of ${ema.tensors.size} tensors)`);
    assert.equal(ema.source.sha256, createHash('sha256').update(bytes).digest('hex'));
  });
}
