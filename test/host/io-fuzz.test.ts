// Fuzz: random edits of valid extxyz and CAMP JSON never crash the readers. Each input either
// reads into finite, consistent frames (which then write and read back unchanged) or fails with
// a StructureFormatError that names the file and the line (extxyz) or field (JSON).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseCampJson } from '../../host/io/camp-json.js';
import { formatExtxyz, parseExtxyz } from '../../host/io/extxyz.js';
import { StructureFormatError } from '../../host/io/format-error.js';
import type { StructureFrame } from '../../host/io/frame.js';

const EXTXYZ_SEED = `3
Lattice="5.0 0.0 0.0 0.5 6.0 0.0 0.1 0.2 7.0" Properties=species:S:1:pos:R:3:momenta:R:3:forces:R:3:masses:R:1:Z:I:1:tag:L:1 step=7 name="water molecule" vec="1.5 2.5 3.5" meta="_JSON {\\"a\\": [1, 2]}" energy=-14.25 stress="0.01 0.006 0.005 0.006 0.02 0.004 0.005 0.004 0.03" free_energy=-14.3 pbc="T T F"
H        0.10000000       0.20000000       0.30000000       0.01026195       0.02052390      -0.03078585       0.1 -0.2 0.3 1.008 1 T
H        0.90000000      -0.10000000       0.25000000       0.10261950       0.00000000      -0.20523899       0.0 0.5 -0.5 2.014 1 F
O        0.00000000       0.00000000      -0.50000000       0.08143896      -0.01628779       0.03257558      -0.1 -0.3 0.2 15.999 8 T
2
plain comment
Li 0 0 0
8 1.5e-3 -2 .5
1
Properties=species:S:1:pos:R:3:velocities:R:3:energies:R:1 pbc=F stress="1 2 3 4 5 6"
Cl 0 0 0 0.1 0.2 0.3 -1.5
`;

const JSON_SEED = {
  coords: { 0: [[0, 0, 0], [0.96, 0, 0], [-0.24, 0.93, 0]], 1: [[0, 0, 0.1], [0.96, 0, 0], [-0.24, 0.93, 0]] },
  atomic_number: { 0: [8, 1, 1], 1: [8, 1, 1] },
  cell: { 0: [[5, 0, 0], [0, 5, 0], [0, 0, 5]], 1: null },
  pbc: { 0: [true, true, true], 1: [false, false, false] },
  energy: { 0: -14.2, 1: -14.1 },
  forces: { 0: [[0, 0, 0.1], [0.2, 0, 0], [0, -0.1, 0]], 1: [[0, 0, 0], [0, 0, 0], [0, 0, 0]] },
};

const CHARS = ['"', "'", '=', ' ', '\n', '\r', 'x', '9', '-', 'e', '.', 'T', 'F', ':', ',', '{', '}', '[', ']', '\\', 'n', 'a', '0', '\t', 'é'];

/** A list of edits applied in turn: insert, delete or replace a character, duplicate, drop or cut lines. */
const edits = fc.array(
  fc.record({ op: fc.constantFrom('insert', 'delete', 'replace', 'dupLine', 'dropLine', 'truncate'), at: fc.nat(), ch: fc.constantFrom(...CHARS) }),
  { minLength: 1, maxLength: 4 },
);

function applyEdits(text: string, list: { op: string; at: number; ch: string }[]): string {
  for (const { op, at, ch } of list) {
    const i = text.length === 0 ? 0 : at % text.length;
    const lines = text.split('\n');
    const l = at % lines.length;
    if (op === 'insert') text = text.slice(0, i) + ch + text.slice(i);
    else if (op === 'delete') text = text.slice(0, i) + text.slice(i + 1);
    else if (op === 'replace') text = text.slice(0, i) + ch + text.slice(i + 1);
    else if (op === 'dupLine') text = [...lines.slice(0, l + 1), ...lines.slice(l)].join('\n');
    else if (op === 'dropLine') text = [...lines.slice(0, l), ...lines.slice(l + 1)].join('\n');
    else text = text.slice(0, i);
  }
  return text;
}

const finiteAll = (xs: ArrayLike<number> | null | undefined, what: string) => {
  if (xs) for (let i = 0; i < xs.length; i++) assert.ok(Number.isFinite(xs[i]), `${what}[${i}] = ${xs[i]}`);
};

function checkFrames(frames: StructureFrame[]): void {
  for (const f of frames) {
    const n = f.atoms.numbers.length;
    for (let a = 0; a < n; a++) assert.ok(Number.isInteger(f.atoms.numbers[a]) && f.atoms.numbers[a] >= 1 && f.atoms.numbers[a] <= 118);
    assert.equal(f.atoms.positions.length, 3 * n);
    finiteAll(f.atoms.positions, 'positions');
    finiteAll(f.atoms.cell, 'cell');
    finiteAll(f.atoms.velocities, 'velocities');
    finiteAll(f.atoms.masses, 'masses');
    finiteAll(f.forces, 'forces');
    finiteAll(f.energies, 'energies');
    finiteAll(f.stress, 'stress');
    finiteAll(f.energy === undefined ? null : [f.energy], 'energy');
    assert.ok(f.atoms.cell !== null || !f.atoms.pbc?.some((p) => p), 'periodic without a cell');
  }
}

/** The error is ours, names the file, and says where. */
function checkError(e: unknown, file: string, where: (e: StructureFormatError) => boolean): void {
  assert.ok(e instanceof StructureFormatError, `unexpected ${e instanceof Error ? e.stack : String(e)}`);
  assert.ok(e.message.startsWith(`${file}`), e.message);
  assert.ok(where(e), `no line or field in: ${e.message}`);
}

test('fuzzed extxyz: finite frames that round-trip, or an error with file and line', () => {
  fc.assert(
    fc.property(edits, (list) => {
      const text = applyEdits(EXTXYZ_SEED, list);
      let frames: StructureFrame[];
      try {
        frames = parseExtxyz(text, 'fuzz.xyz');
      } catch (e) {
        checkError(e, 'fuzz.xyz', (err) => err.line !== undefined || /no structures found/.test(err.message));
        return;
      }
      checkFrames(frames);
      let written: string;
      try {
        written = formatExtxyz(frames, { velocities: 'velocities' });
      } catch (e) {
        // only what extxyz cannot spell again (a key that needs quoting) may be refused
        assert.ok(e instanceof Error && /^frame \d+: info key /.test(e.message), String(e));
        return;
      }
      const again = parseExtxyz(written, 'rewritten.xyz');
      assert.equal(formatExtxyz(again, { velocities: 'velocities' }), written);
    }),
    { numRuns: 1500 },
  );
});

test('fuzzed CAMP JSON text: frames, or an error naming the file and the field', () => {
  const seed = JSON.stringify(JSON_SEED);
  fc.assert(
    fc.property(edits, (list) => {
      const text = applyEdits(seed, list);
      try {
        checkFrames(parseCampJson(text, 'fuzz.json'));
      } catch (e) {
        checkError(e, 'fuzz.json', (err) => err.field !== undefined || /not valid JSON/.test(err.message));
      }
    }),
    { numRuns: 1000 },
  );
});

test('CAMP JSON with random values in random places: frames, or an error naming the field', () => {
  const columns = Object.keys(JSON_SEED);
  fc.assert(
    fc.property(fc.constantFrom(...columns), fc.constantFrom('0', '1', 'new'), fc.array(fc.nat(3), { maxLength: 2 }), fc.option(fc.jsonValue({ maxDepth: 2 })), (column, frame, path, value) => {
      const data = structuredClone(JSON_SEED) as Record<string, Record<string, unknown>>;
      // replace (or, for null, delete) the value at data[column][frame][path...]
      let holder: Record<string | number, unknown> = data[column];
      let key: string | number = frame;
      for (const k of path) {
        const next: unknown = holder[key];
        if (!Array.isArray(next)) break;
        holder = next as unknown as Record<number, unknown>;
        key = k % Math.max(1, next.length);
      }
      if (value === null) delete holder[key];
      else holder[key] = value;
      try {
        checkFrames(parseCampJson(JSON.stringify(data), 'values.json'));
      } catch (e) {
        checkError(e, 'values.json', (err) => err.field !== undefined);
      }
    }),
    { numRuns: 1000 },
  );
});
