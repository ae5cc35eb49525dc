// The CRC-32 each zip entry declares, read from the central directory (fflate verifies none), so
// a checkpoint whose tensor storages or pickle have flipped bytes is refused instead of loading
// wrong weights silently. Handles zip64 (PyTorch writes it for large checkpoints).
import { crc32 } from '../util/crc32.js';
import { ModelFileError } from '../format/model-file-error.js';

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const EOCD_MIN_BYTES = 22;

/** Checks every entry of `entries` (name → uncompressed bytes) against its declared CRC-32. */
export function checkZipCrcs(bytes: Uint8Array, entries: Readonly<Record<string, Uint8Array>>, file: string | undefined, printable: (name: string) => string): void {
  const declared = declaredCrcs(bytes, file);
  for (const [name, data] of Object.entries(entries)) {
    const want = declared.get(name);
    if (want === undefined) throw new ModelFileError(file, `corrupt zip: entry '${printable(name)}' is not in the central directory`);
    const got = crc32(data);
    if (got !== want) {
      throw new ModelFileError(file, `corrupt checkpoint: zip entry '${printable(name)}' fails its CRC-32 check (stored ${hex(want)}, computed ${hex(got)}): the file was damaged after it was written`);
    }
  }
}

/** Entry name → CRC-32 from the central directory (the last record of a name wins, as for fflate). */
function declaredCrcs(bytes: Uint8Array, file: string | undefined): Map<string, number> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const corrupt = (what: string): never => {
    throw new ModelFileError(file, `corrupt zip: ${what}`);
  };
  let eocd = bytes.length - EOCD_MIN_BYTES;
  const stop = Math.max(0, eocd - 0xffff);
  while (eocd >= stop && view.getUint32(eocd, true) !== EOCD) eocd--;
  if (eocd < stop) return corrupt('the end-of-central-directory record is missing');
  let count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  if ((count === 0xffff || offset === 0xffffffff) && eocd >= 20 && view.getUint32(eocd - 20, true) === ZIP64_LOCATOR) {
    const at = safeNumber(view.getBigUint64(eocd - 12, true), bytes.length - 56, corrupt);
    if (view.getUint32(at, true) !== ZIP64_EOCD) return corrupt('the zip64 end-of-central-directory record is missing');
    count = safeNumber(view.getBigUint64(at + 32, true), bytes.length, corrupt);
    offset = safeNumber(view.getBigUint64(at + 48, true), bytes.length, corrupt);
  }
  const crcs = new Map<string, number>();
  const decoder = new TextDecoder();
  for (let i = 0, at = offset; i < count; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL) return corrupt(`central directory record ${i} is damaged`);
    const nameLen = view.getUint16(at + 28, true);
    if (at + 46 + nameLen > bytes.length) return corrupt(`central directory record ${i} runs past the end of the file`);
    crcs.set(decoder.decode(bytes.subarray(at + 46, at + 46 + nameLen)), view.getUint32(at + 16, true));
    at += 46 + nameLen + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return crcs;
}

function safeNumber(v: bigint, max: number, corrupt: (what: string) => never): number {
  return v > BigInt(max) ? corrupt('a zip64 offset or count lies beyond the end of the file') : Number(v);
}

const hex = (n: number): string => n.toString(16).padStart(8, '0');
