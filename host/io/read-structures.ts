// One entry point for structure files: picks the format from the name (.xyz/.extxyz → extended
// XYZ, .json → CAMP dataset JSON), or, for other names, from the content.
import { parseCampJson } from './camp-json.js';
import { parseExtxyz } from './extxyz-read.js';
import { StructureFormatError } from './format-error.js';
import type { StructureFrame } from './frame.js';
import { readSource } from '../load-source.js';

export type StructureFormat = 'extxyz' | 'camp-json';

const BY_EXTENSION: Readonly<Record<string, StructureFormat>> = { xyz: 'extxyz', extxyz: 'extxyz', json: 'camp-json' };

function extensionOf(name: string): string {
  const base = name.slice(name.search(/[^/\\]*$/));
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** The format of a file from its name, else from its first non-blank character; null if neither tells. */
export function detectFormat(name: string, text: string): StructureFormat | null {
  const extension = extensionOf(name);
  if (Object.hasOwn(BY_EXTENSION, extension)) return BY_EXTENSION[extension];
  const head = text.trimStart();
  if (head.startsWith('{')) return 'camp-json';
  if (/^\+?\d+[ \t]*\r?\n/.test(head)) return 'extxyz';
  return null;
}

/** Reads every frame of a structure file's content (bytes must be UTF-8). `name` picks the format and names errors. */
export function readStructures(content: Uint8Array | string, name: string): StructureFrame[];
/** Reads every frame of the file at `path` (Node/Deno/Bun; a URL is fetched): the one-argument form. */
export function readStructures(path: string | URL): Promise<StructureFrame[]>;
export function readStructures(content: Uint8Array | string | URL, name?: string): StructureFrame[] | Promise<StructureFrame[]> {
  if (name === undefined) return readStructureFile(content);
  if (content instanceof URL) throw new TypeError('readStructures(content, name): content must be bytes or text; pass a URL alone to read it');
  let text: string;
  if (typeof content === 'string') text = content;
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(content);
    } catch {
      throw new StructureFormatError(name, {}, 'not UTF-8 text (a binary or compressed file?)');
    }
  }
  return parseByFormat(text, name);
}

async function readStructureFile(path: Uint8Array | string | URL): Promise<StructureFrame[]> {
  if (typeof path !== 'string' && !(path instanceof URL)) throw new TypeError('readStructures(bytes) needs a file name as its second argument (it picks the format)');
  const { bytes } = await readSource(path);
  return readStructures(bytes, String(path));
}

function parseByFormat(text: string, name: string): StructureFrame[] {
  const format = detectFormat(name, text);
  switch (format) {
    case 'extxyz':
      return parseExtxyz(text, name);
    case 'camp-json':
      return parseCampJson(text, name);
    case null:
      throw new StructureFormatError(name, {}, 'unknown structure format: expected .xyz/.extxyz (extended XYZ) or .json (CAMP dataset JSON)');
  }
}
