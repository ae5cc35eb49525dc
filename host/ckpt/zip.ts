// A PyTorch checkpoint is a zip (entries stored uncompressed) under one top folder whose name
// varies (`archive/`, `epoch=1702-step=4044625/`, ...): `<top>/data.pkl` is the pickled object
// tree and `<top>/data/<key>` holds the raw bytes of each tensor storage.
import { unzipSync, type UnzipFileInfo } from 'fflate';
import { ModelFileError, describeError } from '../format/model-file-error.js';
import { checkZipCrcs } from './zip-crc.js';

export interface CheckpointArchive {
  /** Top folder including its trailing '/', e.g. 'archive/'. */
  readonly top: string;
  readonly dataPkl: Uint8Array;
  /** From `<top>/byteorder`; PyTorch wrote little-endian before the file existed. */
  readonly littleEndian: boolean;
  /** Bytes of `<top>/data/<key>`; throws naming the entry when absent. */
  storage(key: string): Uint8Array;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
/** Smallest central-directory record: bounds the entry count a corrupt header may claim. */
const CENTRAL_RECORD_MIN_BYTES = 46;
/** Deflate cannot expand more than ~1032:1; a larger claimed size is corruption, not data. */
const DEFLATE_MAX_RATIO = 1032;
/** No checkpoint entry campjs needs comes near this; bounds allocation on corrupt sizes. */
const MAX_ENTRY_BYTES = 2 ** 30;

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && ZIP_MAGIC.every((b, i) => bytes[i] === b);
}

export function readCheckpointZip(bytes: Uint8Array, file?: string): CheckpointArchive {
  if (!isZip(bytes)) throw new ModelFileError(file, 'not a zip archive, so not a PyTorch Lightning checkpoint (it should start with "PK\\x03\\x04")');
  const entries = unzipEntries(bytes, file);
  const pkls = Object.keys(entries).filter((n) => n === 'data.pkl' || n.endsWith('/data.pkl'));
  if (pkls.length === 0) throw new ModelFileError(file, 'zip archive has no data.pkl entry, so it is not a PyTorch checkpoint');
  if (pkls.length > 1) throw new ModelFileError(file, `zip archive has several data.pkl entries (${pkls.map(printable).join(', ')})`);
  const top = pkls[0].slice(0, -'data.pkl'.length);
  const order = entries[`${top}byteorder`];
  const orderText = order ? new TextDecoder().decode(order).trim() : 'little';
  if (orderText !== 'little' && orderText !== 'big') throw new ModelFileError(file, `${top}byteorder says '${orderText.slice(0, 20)}', expected 'little' or 'big'`);
  return {
    top,
    dataPkl: entries[pkls[0]],
    littleEndian: orderText === 'little',
    storage(key: string): Uint8Array {
      const name = `${top}data/${key}`;
      const data = Object.hasOwn(entries, name) ? entries[name] : undefined;
      if (!data) throw new ModelFileError(file, `tensor storage '${printable(name)}' referenced by data.pkl is missing from the zip`);
      return data;
    },
  };
}

/** The entries a checkpoint reader needs, with every fflate failure turned into a clear error. */
function unzipEntries(bytes: Uint8Array, file: string | undefined): Record<string, Uint8Array> {
  let seen = 0;
  const maxEntries = Math.floor(bytes.length / CENTRAL_RECORD_MIN_BYTES);
  const wanted = (info: UnzipFileInfo): boolean => {
    if (++seen > maxEntries) throw new ModelFileError(file, 'corrupt zip: the central directory claims more entries than the file can hold');
    const keep = info.name.endsWith('data.pkl') || info.name.endsWith('/byteorder') || info.name.includes('/data/');
    if (!keep) return false;
    if (info.compression !== 0 && info.compression !== 8) {
      throw new ModelFileError(file, `zip entry '${printable(info.name)}' uses compression method ${info.compression}; only stored (0) and deflate (8) are readable`);
    }
    if (info.compression === 8 && (info.originalSize > info.size * DEFLATE_MAX_RATIO + 64 || info.originalSize > MAX_ENTRY_BYTES)) {
      throw new ModelFileError(file, `corrupt zip: entry '${printable(info.name)}' claims ${info.originalSize} bytes from ${info.size} compressed`);
    }
    return true;
  };
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, { filter: wanted });
  } catch (err) {
    if (err instanceof ModelFileError) throw err;
    const code = (err as { code?: number }).code;
    const why = code === 13 ? 'the end-of-central-directory record is missing (truncated file?)' : describeError(err);
    throw new ModelFileError(file, `truncated or corrupt zip archive: ${why}`, { cause: err });
  }
  checkZipCrcs(bytes, entries, file, printable);
  return entries;
}

/** An entry name fit for a message: corrupt archives yield binary garbage names. */
function printable(name: string): string {
  const clean = name.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 80 ? `${clean.slice(0, 77)}...` : clean;
}
