// One entry point for structure files: picks the format from the name (.xyz/.extxyz → extended
// XYZ, .json → CAMP dataset JSON), or from the content for other names or content that is
// clearly another format (the registry in formats.ts).
import { StructureFormatError } from './format-error.js';
import { formatForReading, KNOWN_FORMATS, type StructureFormat } from './formats.js';
import { gunzipStructureFile, isGzip } from './gzip.js';
import type { StructureFrame } from './frame.js';
import { readSource } from '../load-source.js';

export type { StructureFormat } from './formats.js';

/** The format of a file from its name and content (see formats.ts); null if neither tells. */
export function detectFormat(name: string, text: string): StructureFormat | null {
  return formatForReading(name, text)?.name ?? null;
}

/** Reads every frame of a structure file's content (bytes: UTF-8, or gzip of it). `name` picks the format and names errors. */
export function readStructures(content: Uint8Array | string, name: string): StructureFrame[];
/** Reads every frame of the file at `path` (Node/Deno/Bun; a URL is fetched): the one-argument form. */
export function readStructures(path: string | URL): Promise<StructureFrame[]>;
export function readStructures(content: Uint8Array | string | URL, name?: string): StructureFrame[] | Promise<StructureFrame[]> {
  if (name === undefined) return readStructureFile(content);
  if (content instanceof URL) throw new TypeError('readStructures(content, name): content must be bytes or text; pass a URL alone to read it');
  let text: string;
  if (typeof content === 'string') text = content;
  else {
    const bytes = isGzip(content) ? gunzipStructureFile(content, name) : content;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new StructureFormatError(name, {}, 'not UTF-8 text (a binary or compressed file?)');
    }
  }
  const format = formatForReading(name, text);
  if (!format) throw new StructureFormatError(name, {}, `unknown structure format: expected ${KNOWN_FORMATS}`);
  return format.read(text, name);
}

async function readStructureFile(path: Uint8Array | string | URL): Promise<StructureFrame[]> {
  if (typeof path !== 'string' && !(path instanceof URL)) throw new TypeError('readStructures(bytes) needs a file name as its second argument (it picks the format)');
  const { bytes } = await readSource(path);
  return readStructures(bytes, String(path));
}
