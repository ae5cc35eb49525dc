// fast-check byte mutations for model files, and the property every reader must keep: a
// mutated file either loads or fails with a ModelFileError — never a TypeError/RangeError.
import fc from 'fast-check';
import { ModelFileError } from '../../host/format/model-file-error.js';

export type Mutation =
  | { kind: 'set'; edits: [number, number][] }
  | { kind: 'truncate'; length: number }
  | { kind: 'splice'; at: number; remove: number; insert: number[] };

/** Mutations of `bytes`, half of them aimed at [focusStart, focusEnd) (the interesting part). */
export function mutations(bytes: Uint8Array, focusStart = 0, focusEnd = bytes.length): fc.Arbitrary<Mutation> {
  const anywhere = fc.integer({ min: 0, max: bytes.length - 1 });
  const focused = fc.integer({ min: focusStart, max: Math.max(focusStart, focusEnd - 1) });
  const position = fc.oneof(anywhere, focused);
  const byte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0, 0x7f, 0x80, 0xff));
  return fc.oneof(
    fc.record({ kind: fc.constant('set' as const), edits: fc.array(fc.tuple(position, byte), { minLength: 1, maxLength: 8 }) }),
    fc.record({ kind: fc.constant('truncate' as const), length: fc.oneof(anywhere, focused) }),
    fc.record({ kind: fc.constant('splice' as const), at: position, remove: fc.integer({ min: 0, max: 16 }), insert: fc.array(byte, { maxLength: 16 }) }),
  );
}

export function applyMutation(bytes: Uint8Array, m: Mutation): Uint8Array {
  if (m.kind === 'truncate') return bytes.slice(0, m.length);
  if (m.kind === 'splice') {
    const out = new Uint8Array(bytes.length - Math.min(m.remove, bytes.length - m.at) + m.insert.length);
    out.set(bytes.subarray(0, m.at));
    out.set(m.insert, m.at);
    out.set(bytes.subarray(m.at + m.remove), m.at + m.insert.length);
    return out;
  }
  const out = bytes.slice();
  for (const [at, b] of m.edits) out[at] = b;
  return out;
}

/** Runs `load`; anything thrown must be a ModelFileError with a message naming the file. */
export function loadsOrFailsCleanly(load: () => unknown, file: string): boolean {
  try {
    load();
  } catch (err) {
    if (!(err instanceof ModelFileError)) throw new Error(`leaked ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`, { cause: err });
    if (!err.message.startsWith(`${file}: `)) throw new Error(`error does not name the file: ${err.message}`);
  }
  return true;
}
