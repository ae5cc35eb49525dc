// Pickle and checkpoint-zip builders for tests (the writers live in host/ckpt/write-pickle.ts
// and write-zip.ts); `opcodes` splices raw bytes for malformed-input tests.
export * from '../../host/ckpt/write-pickle.js';
export { checkpointZip } from '../../host/ckpt/write-zip.js';

/** Concatenates raw pickle opcode bytes (strings become their ASCII bytes). */
export function opcodes(...parts: (number | string | Uint8Array)[]): Uint8Array {
  const out: number[] = [];
  for (const p of parts) {
    if (typeof p === 'number') out.push(p);
    else if (typeof p === 'string') out.push(...new TextEncoder().encode(p));
    else out.push(...p);
  }
  return new Uint8Array(out);
}
