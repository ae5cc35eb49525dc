// gzip-compressed structure files (e.g. data/train.extxyz.gz, as ASE also reads them): known by
// their magic bytes, not their name, so any reader of bytes takes them. Large data sets ship
// compressed to stay small in the repository.
import { gunzipSync } from 'fflate';
import { StructureFormatError } from './format-error.js';

/** Whether `bytes` start with the gzip magic number 1f 8b (RFC 1952). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The decompressed content of gzip `bytes`; a damaged or truncated file is an error naming `file`. */
export function gunzipStructureFile(bytes: Uint8Array, file: string): Uint8Array {
  try {
    return gunzipSync(bytes);
  } catch (err) {
    throw new StructureFormatError(file, {}, `damaged gzip data (${err instanceof Error ? err.message : String(err)})`);
  }
}
