// A resume state is checked before anything runs: sizes, finite floats, positive masses,
// elements, settings; it records the sha256 of its model and is refused with another one, and
// how the model was evaluated (another backend or radial mode goes on with a warning).
// Settings may change on resume (equilibrate with langevin, continue with nve) when they make sense.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel } from '../../host/api.js';
import { writeCampjs } from '../../host/format/campjs-file.js';
import { formatExtxyz } from '../../host/io/extxyz.js';
import { fccCrystal, icosahedron13 } from '../support/lattices.js';
import { PairCalculator } from '../../host/calculators/pair-calculator.js';
import { formatPairSpec, parsePairSpec } from '../../host/calculators/pair-spec.js';
import { sha256Hex } from '../../host/util/sha256.js';
import { MD } from '../../host/md/md.js';
import { decodeState, encodeState, stateFromBinary, stateToBinary, type MdSnapshot, type MdStateJson } from '../../host/md/md-state.js';
import { needsShared, repoRoot, sharedPath } from '../support/shared.js';
import { seededRandom, syntheticAtoms, syntheticModel } from '../support/synthetic-model.js';

const SPEC = 'lj:epsilon=0.0104,sigma=3.4,cutoff=8.5,shift=force';
const OTHER = 'lj:epsilon=0.0104,sigma=3.3,cutoff=8.5,shift=force';
const SHA_A = 'a'.repeat(64);
const SHA_B = 'b'.repeat(64);

async function saved(): Promise<{ calc: PairCalculator; json: MdStateJson; snap: MdSnapshot }> {
  const calc = await PairCalculator.create(SPEC);
  const md = await MD.create({ atoms: icosahedron13(18, 3.8), calculator: calc, settings: { ensemble: 'langevin', temperature: 40 } });
  md.run(5);
  const json = md.toJSON();
  return { calc, json, snap: decodeState(json) };
}

test('corrupted states are refused naming the field (JSON and binary)', async () => {
  const { calc, snap } = await saved();
  const nan = snap.positions.slice(); nan[4] = NaN;
  const cases: [Partial<MdSnapshot> & object, RegExp][] = [
    [{ masses: Float64Array.from(snap.masses, (m, i) => (i === 0 ? -1 : m)) }, /masses\[0\] is -1 \(masses must be positive/],
    [{ positions: nan }, /positions\[4\] is NaN \(every value must be finite\)/],
    [{ velocities: snap.velocities.map((v, i) => (i === 7 ? Infinity : v)) }, /velocities\[7\] is Infinity/],
    [{ numbers: snap.numbers.slice(1) }, /'positions' has 39 values, expected 36/],
    [{ numbers: snap.numbers.map((z, i) => (i === 2 ? 119 : z)) }, /numbers\[2\] = 119 is not an element/],
    [{ numbers: snap.numbers.map((z, i) => (i === 2 ? 0 : z)) }, /numbers\[2\] = 0 is not an element/],
    [{ numbers: [] }, /numbers is empty/],
    [{ settings: { ...snap.settings, dt: -1 } }, /settings: dt = -1: must be a positive/],
    [{ settings: { ...snap.settings, tempurature: 300 } as never }, /settings: unknown setting 'tempurature'/],
    [{ step: 2 ** 32 }, /step 4294967296 is not an integer 0 … 4294967295/],
    [{ ndof: 1000 }, /ndof 1000 exceeds 3 × 13 atoms/],
    [{ energy: NaN }, /scalars\[0\] is NaN/],
  ];
  for (const [change, re] of cases) {
    const bad = { ...snap, ...change } as MdSnapshot;
    await assert.rejects(MD.resume(encodeState(bad), calc), re, `JSON ${JSON.stringify(Object.keys(change))}`);
    await assert.rejects(MD.resume(stateToBinary(bad), calc), re, `binary ${JSON.stringify(Object.keys(change))}`);
  }
  // An element the calculator does not know: named, before any step.
  const model = await loadModel(writeCampjs(syntheticModel({ seed: 3, atomicNumbers: [1, 8], maxV: 1, numLayers: 1, nU: 2 })));
  await assert.rejects(MD.resume(encodeState({ ...snap, modelSha256: model.modelSha256 }), model), /md state: atom 0 is Ar \(Z=18\), which the model does not support/);
});

test('a state remembers its model: another model is refused; old states without it resume with a warning', async () => {
  const { calc, json, snap } = await saved();
  // A pair potential is named by the sha256 of its canonical spec, as a model file by its bytes.
  assert.equal(calc.modelSha256, sha256Hex(new TextEncoder().encode(formatPairSpec(parsePairSpec(SPEC)))));
  assert.equal(snap.modelSha256, calc.modelSha256);
  assert.equal(stateFromBinary(stateToBinary(snap)).modelSha256, calc.modelSha256);
  await assert.rejects(MD.resume(json, calc, { modelSha256: SHA_B }), new RegExp(`this state was made with model sha256 ${calc.modelSha256.slice(0, 12)}…, not bbbbbbbbbbbb…`));
  assert.equal((await MD.resume(json, calc)).step, 5);
  const tagged = await MD.create({ atoms: icosahedron13(18, 3.8), calculator: calc, modelSha256: SHA_A });
  assert.equal(decodeState(tagged.toJSON()).modelSha256, SHA_A, 'an explicit modelSha256 wins over the calculator\'s');
  const warnings: string[] = [];
  const { modelSha256: _, ...old } = snap;
  const md = await MD.resume(encodeState(old), calc, { modelSha256: SHA_B, onWarning: (m) => warnings.push(m) });
  assert.equal(md.step, 5);
  assert.match(warnings.join(), /does not record its model/);
  // loadModel's calculators know their sha256 without being told.
  const bytes = writeCampjs(syntheticModel({ seed: 21, atomicNumbers: [1, 8], maxV: 2, numLayers: 2, nU: 4 }));
  const a = await loadModel(bytes);
  const b = await loadModel(writeCampjs(syntheticModel({ seed: 22, atomicNumbers: [1, 8], maxV: 2, numLayers: 2, nU: 4 })));
  const atoms = syntheticAtoms(seededRandom(5), { elements: [1, 8], count: 8, box: 4, minDistance: 1.1 });
  const run = await MD.create({ atoms, calculator: a, settings: { temperature: 100 } });
  await assert.rejects(MD.resume(run.serialize(), b), /this state was made with model sha256/);
  assert.equal((await MD.resume(run.serialize(), a)).step, 0);
});

test('a state records how the model was evaluated; going on with another backend or radial mode warns, a bad record is refused', async () => {
  const bytes = writeCampjs(syntheticModel({ seed: 23, atomicNumbers: [1, 8], maxV: 2, numLayers: 2, nU: 4 }));
  const exact = await loadModel(bytes), table = await loadModel(bytes, { radial: 'table', radialKnots: 64 });
  assert.equal(exact.evaluation, 'wasm, radial exact');
  assert.equal(table.evaluation, 'wasm, radial table (64 knots)');
  const atoms = syntheticAtoms(seededRandom(6), { elements: [1, 8], count: 8, box: 4, minDistance: 1.1 });
  const run = await MD.create({ atoms, calculator: table, settings: { temperature: 100 } });
  run.run(2);
  assert.equal(decodeState(run.toJSON()).evaluation, 'wasm, radial table (64 knots)');
  assert.equal(stateFromBinary(run.serialize()).evaluation, 'wasm, radial table (64 knots)');
  const warnings: string[] = [];
  const onWarning = (m: string) => warnings.push(m);
  assert.equal((await MD.resume(run.serialize(), table, { onWarning })).step, 2);
  assert.deepEqual(warnings, [], 'same evaluation: no warning');
  const other = await MD.resume(run.serialize(), exact, { onWarning });
  assert.equal(other.step, 2);
  assert.deepEqual(warnings, ["this state was made with wasm, radial table (64 knots) and goes on with wasm, radial exact: the steps from here are not the bits the original run would have made"]);
  assert.equal(decodeState(other.toJSON()).evaluation, 'wasm, radial exact', 'the resumed run records its own');
  // Pair potentials have one way to evaluate: nothing recorded, nothing to compare.
  const { snap, calc } = await saved();
  assert.equal(snap.evaluation, undefined);
  await assert.rejects(MD.resume({ ...run.toJSON(), evaluation: 7 } as never, table), /md state: evaluation must be a string of at most 200 characters/);
  assert.equal((await MD.resume(encodeState(snap), calc)).step, 5);
});

test('resume with changed settings: langevin → nve continues the step count; nonsense is refused', async () => {
  const { calc, json } = await saved();
  const nve = await MD.resume(json, calc, { settings: { ensemble: 'nve' } });
  assert.deepEqual([nve.step, nve.settings.ensemble, nve.ndof], [5, 'nve', 39]); // langevin's momentum drift stays thermal
  nve.run(3);
  assert.equal(nve.step, 8);
  const same = await MD.resume(json, calc, { settings: { ensemble: 'langevin' } });
  const plain = await MD.resume(json, calc);
  same.run(4); plain.run(4);
  assert.deepEqual(same.serialize(), plain.serialize(), 'an override equal to the saved settings changes nothing');
  await assert.rejects(MD.resume(json, calc, { settings: { ensemble: 'npt' } }), /npt ensemble needs a cell periodic in all three directions/);
  await assert.rejects(MD.resume(json, calc, { settings: { temperature: -5 } }), /temperature = -5: must be a positive/);
  await assert.rejects(MD.resume(json, calc, { settings: { velocities: 'zero' } }), /velocities cannot change on resume/);
  const nveState = (await MD.create({ atoms: icosahedron13(18, 3.8), calculator: calc })).toJSON();
  await assert.rejects(MD.resume(nveState, calc, { settings: { ensemble: 'nhc' } }), /the nhc ensemble needs a target temperature/);
});

test('md.stop(): run() returns after the current step, and the run goes on afterwards', async () => {
  const { calc, json } = await saved();
  const md = await MD.resume(json, calc);
  assert.equal(md.run(100, (m) => { if (m.step === 8) m.stop(); }), 3);
  assert.equal(md.step, 8);
  md.stop(); // between runs: the next run returns at once
  assert.equal(md.run(10), 0);
  assert.equal(md.run(2), 2);
  const straight = await MD.resume(json, calc);
  straight.run(5);
  assert.deepEqual(md.serialize(), straight.serialize(), 'stopping loses and changes nothing');
});

const cli = join(repoRoot, 'dist/cli.mjs');
test('CLI: a state resumed with another pair potential, or a water state with the aspirin model, is refused', { skip: existsSync(cli) ? false : 'dist/cli.mjs missing: run npm run build' }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'campjs-state-'));
  const input = join(dir, 'ar.extxyz');
  writeFileSync(input, formatExtxyz([{ atoms: fccCrystal(18, 5.4, 2), info: {}, arrays: {} }]));
  const state = join(dir, 's.bin');
  const md = (...a: string[]) => spawnSync(process.execPath, [cli, 'md', ...a, '-q'], { encoding: 'utf8' });
  assert.equal(md('--model', SPEC, input, '--steps', '3', '--state-out', state).status, 0);
  const other = md('--model', OTHER, '--resume', state, '--steps', '3');
  assert.equal(other.status, 1);
  assert.match(other.stderr, /--resume .*s\.bin: md state: this state was made with model sha256 [0-9a-f]{12}…, not [0-9a-f]{12}…/);
  if (needsShared.skip) return t.diagnostic(needsShared.skip);
  const water = join(dir, 'water.bin');
  const w = md('--model', sharedPath('models/water.ckpt'), sharedPath('data/liquid-64.xyz'), '--steps', '0', '--state-out', water);
  assert.equal(w.status, 0, w.stderr);
  const aspirin = md('--model', sharedPath('models/md17-aspirin.ckpt'), '--resume', water, '--steps', '1');
  assert.equal(aspirin.status, 1);
  assert.match(aspirin.stderr, /this state was made with model sha256/);
});
