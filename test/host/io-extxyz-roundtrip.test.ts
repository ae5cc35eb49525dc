// Whatever the writer writes, the reader reads back bit for bit (random frames, fast-check).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Vec3Flags } from '../../host/atoms.js';
import { formatExtxyz, parseExtxyz } from '../../host/io/extxyz.js';
import type { Column, StructureFrame } from '../../host/io/frame.js';

const RESERVED = new Set(['species', 'symbols', 'Z', 'numbers', 'pos', 'positions', 'masses', 'velocities', 'momenta', 'forces', 'energies',
  'Lattice', 'Properties', 'pbc', 'energy', 'free_energy', 'stress', 'uid']);
const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/).filter((k) => !RESERVED.has(k));
const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
const reals = (length: number, range: { min?: number; max?: number } = {}) =>
  fc.float64Array({ minLength: length, maxLength: length, noNaN: true, noDefaultInfinity: true, ...range });

const infoValue = fc.oneof(
  finite,
  fc.boolean(),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom('T', 'F', '1.5', '1,2', '', ' ', '_JSON 3', 'a"b', 'c\\d', 'x=y', 'line\nbreak', 'nan', '꧑', '1_000', ' , '),
  fc.array(finite, { minLength: 0, maxLength: 4 }),
  fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }),
  fc.record({ a: fc.integer(), b: fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }) }).map((o) => ({ ...o })),
);

const column = (n: number): fc.Arbitrary<Column> =>
  fc.integer({ min: 1, max: 3 }).chain((width) =>
    fc.oneof(
      reals(n * width).map((values): Column => ({ type: 'R', width, values })),
      fc.array(fc.integer({ min: -1e9, max: 1e9 }), { minLength: n * width, maxLength: n * width })
        .map((xs): Column => ({ type: 'I', width, values: Float64Array.from(xs) })),
      fc.array(fc.boolean(), { minLength: n * width, maxLength: n * width }).map((values): Column => ({ type: 'L', width, values })),
      fc.array(fc.stringMatching(/^[A-Za-z0-9_.+-]{1,6}$/), { minLength: n * width, maxLength: n * width })
        .map((values): Column => ({ type: 'S', width, values })),
    ),
  );

// A cell with a dominant diagonal is never singular, so any pbc goes with it.
const periodic = fc.option(
  fc.record({
    diagonal: fc.array(fc.double({ min: 1, max: 100, noNaN: true }), { minLength: 3, maxLength: 3 }),
    off: fc.array(fc.double({ min: -0.5, max: 0.5, noNaN: true }), { minLength: 6, maxLength: 6 }),
    pbc: fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()),
  }),
  { nil: undefined },
);

function frameArbitrary(velocityRange: { min?: number; max?: number } = {}): fc.Arbitrary<StructureFrame> {
  return fc.integer({ min: 1, max: 5 }).chain((n) => // readers refuse 0-atom frames
    fc.record({
      numbers: fc.array(fc.integer({ min: 1, max: 118 }), { minLength: n, maxLength: n }),
      positions: reals(3 * n),
      periodic,
      masses: fc.option(reals(n, { min: 0.5, max: 300 }), { nil: undefined }),
      velocities: fc.option(reals(3 * n, velocityRange), { nil: undefined }),
      info: fc.dictionary(name, infoValue, { maxKeys: 4 }),
      arrays: fc.dictionary(name, column(n), { maxKeys: 3 }),
      energy: fc.option(finite, { nil: undefined }),
      freeEnergy: fc.option(finite, { nil: undefined }),
      energies: fc.option(reals(n), { nil: undefined }),
      forces: fc.option(reals(3 * n), { nil: undefined }),
      stress: fc.option(reals(6), { nil: undefined }),
    }).map((r): StructureFrame => {
      const cell = r.periodic && Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8], (k) =>
        k % 4 === 0 ? r.periodic!.diagonal[k / 4] : r.periodic!.off[k < 4 ? k - 1 : k < 8 ? k - 2 : k - 3]);
      const atoms = {
        numbers: r.numbers,
        positions: r.positions,
        cell: cell ?? null,
        pbc: (r.periodic?.pbc ?? [false, false, false]) as Vec3Flags,
        ...(r.masses && { masses: r.masses }),
        ...(r.velocities && { velocities: r.velocities }),
      };
      const { numbers: _n, positions: _p, periodic: _c, masses: _m, velocities: _v, ...rest } = r;
      return Object.fromEntries(Object.entries({ ...rest, atoms }).filter(([, v]) => v !== undefined)) as unknown as StructureFrame;
    }),
  );
}

/** Every double as its bit pattern, so that -0 ≠ 0 and the last bit counts. */
const bits = (x: ArrayLike<number> | null | undefined) => (x ? Array.from(new BigUint64Array(Float64Array.from(x).buffer)) : x);

function canonical(f: StructureFrame, velocities = true) {
  const { atoms } = f;
  return {
    numbers: Array.from(atoms.numbers),
    positions: bits(atoms.positions),
    cell: bits(atoms.cell),
    pbc: [...(atoms.pbc ?? [false, false, false])],
    masses: bits(atoms.masses),
    velocities: velocities ? bits(atoms.velocities) : atoms.velocities !== undefined,
    info: { ...f.info },
    arrays: Object.fromEntries(Object.entries(f.arrays).map(([k, c]) => [k, { ...c, values: c.type === 'R' || c.type === 'I' ? bits(c.values) : c.values }])),
    energy: bits(f.energy === undefined ? undefined : [f.energy]),
    freeEnergy: bits(f.freeEnergy === undefined ? undefined : [f.freeEnergy]),
    energies: bits(f.energies),
    forces: bits(f.forces),
    stress: bits(f.stress),
  };
}

test('write → read is the identity, bit for bit (velocities as a Å/fs column)', () => {
  fc.assert(
    fc.property(fc.array(frameArbitrary(), { minLength: 1, maxLength: 3 }), (frames) => {
      const back = parseExtxyz(formatExtxyz(frames, { velocities: 'velocities' }), 'roundtrip.xyz');
      assert.deepStrictEqual(back.map((f) => canonical(f)), frames.map((f) => canonical(f)));
    }),
    { numRuns: 300 },
  );
});

test('velocities written as ASE momenta come back within 4.5e-16 relative', () => {
  fc.assert(
    fc.property(fc.array(frameArbitrary({ min: -1, max: 1 }), { minLength: 1, maxLength: 3 }), (frames) => {
      const back = parseExtxyz(formatExtxyz(frames), 'momenta.xyz');
      assert.deepStrictEqual(back.map((f) => canonical(f, false)), frames.map((f) => canonical(f, false)));
      frames.forEach((f, i) => {
        const v = f.atoms.velocities;
        if (!v) return;
        const w = back[i].atoms.velocities!;
        v.forEach((x, k) => assert.ok(Math.abs(w[k] - x) <= 4.5e-16 * Math.abs(x), `velocity ${x} came back as ${w[k]}`));
      });
    }),
    { numRuns: 200 },
  );
});
