// The payload itself, in Node on a stand-in bundle: a one-ulp change in any result array must
// change its hash, missing APIs are reported as skips, a throwing section is reported (so the
// matrix fails on it), and bad structure text names the line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeInput, decodeInput, parseXyz, runPayload, type PayloadResult } from './payload.mjs';

const XYZ = '3\nLattice="5 0 0 0 5 0 0 0 5" pbc="T T F"\nO 0 0 0\nH 0.96 0 0\nH -0.24 0.93 0\n';
const input = encodeInput({ structureName: 'h2o', skip: [] }, { structure: new TextEncoder().encode(XYZ), model: Uint8Array.of(1, 2, 3) });
const core = { exports: { heapBase: () => 1024, memory: null } };

/** A bundle whose calculator returns fixed arrays, the first force nudged by `ulps` units in the last place. */
function fakeBundle(ulps: number, extra: Record<string, unknown> = {}) {
  return {
    version: 'test', instantiateCore: async () => core, ...extra,
    loadModel: async (source: Response | Uint8Array) => {
      const bytes = source instanceof Response ? new Uint8Array(await source.arrayBuffer()) : source;
      assert.deepEqual([...bytes], [1, 2, 3]);
      return {
        compute: (atoms: { numbers: Int32Array }, o: { precision: string }) => {
          const forces = new Float64Array(9).fill(o.precision === 'f32' ? 0.25 : 0.5);
          new BigInt64Array(forces.buffer)[0]! += BigInt(ulps);
          return { energy: -1, energies: new Float64Array(atoms.numbers.length), forces, stress: new Float64Array(6), edges: 4 };
        },
      };
    },
  };
}

test('the input envelope round-trips named blobs and metadata', () => {
  const { meta, blobs } = decodeInput(input);
  assert.equal(meta.structureName, 'h2o');
  assert.equal(new TextDecoder().decode(blobs.structure), XYZ);
  assert.deepEqual([...blobs.model!], [1, 2, 3]);
});

test('a one-ulp change in forces changes that hash and nothing else', async () => {
  const a = await runPayload(fakeBundle(0), input);
  const b = await runPayload(fakeBundle(1), input);
  const hashes = (r: PayloadResult) => r.sections.model!.hashes as Record<string, Record<string, string>>;
  assert.notEqual(hashes(a).f64!.forces, hashes(b).f64!.forces);
  assert.notEqual(hashes(a).f64!.forces, hashes(a).f32!.forces);
  assert.equal(hashes(a).f64!.energies, hashes(b).f64!.energies);
  assert.deepEqual(a.skipped, ['io: bundle has no parseExtxyz/formatExtxyz', 'md: bundle has no MD yet', 'fit: bundle has no fit yet']);
});

test('missing APIs are skips; a throwing section is recorded as an error', async () => {
  const bare = await runPayload({ version: 'x', instantiateCore: async () => core }, input);
  assert.deepEqual(bare.skipped, ['io: bundle has no parseExtxyz/formatExtxyz', 'model: bundle has no loadModel yet', 'md: bundle has no MD yet', 'fit: bundle has no fit yet']);
  assert.deepEqual(Object.keys(bare.sections), ['core']);
  const broken = await runPayload({ ...fakeBundle(0), loadModel: async () => { throw new Error('bad checkpoint'); } }, input);
  assert.match(broken.sections.model!.error!, /bad checkpoint/);
});

test('parseXyz reads Lattice and pbc and names a bad line', () => {
  const atoms = parseXyz(XYZ);
  assert.deepEqual([...atoms.numbers], [8, 1, 1]);
  assert.deepEqual(atoms.pbc, [true, true, false]);
  assert.equal(atoms.cell![8], 5);
  assert.throws(() => parseXyz('2\n\nO 0 0 0\nQq 1 2 3\n', 'bad.xyz'), /bad\.xyz:4: expected 'Symbol x y z'/);
  assert.throws(() => parseXyz('two\n', 'bad.xyz'), /bad\.xyz:1: expected an atom count/);
});
