// The structure file formats campjs reads and writes, one entry each (as ASE's io/formats.py):
// name, description, extensions, a content sniff, reader and writer. readStructures (and so
// eval, md, opt, verify) picks readers here, eval and opt pick writers here, and an unknown
// name is an error that lists what is known. To add a format: a reader and writer in host/io/
// and one entry in FORMATS.
import { parseCampJson } from './camp-json.js';
import { formatCampJson } from './camp-json-write.js';
import { parseExtxyz } from './extxyz-read.js';
import { formatExtxyz } from './extxyz-write.js';
import type { StructureFrame } from './frame.js';

export interface StructureFormatSpec {
  readonly name: string;
  /** For messages: "extended XYZ". */
  readonly description: string;
  /** Lower-case file name extensions without the dot; the first is the one to suggest. */
  readonly extensions: readonly string[];
  /** Whether text (the start of a file, leading blanks kept) looks like this format. */
  readonly sniff: (text: string) => boolean;
  /** All frames of a file's text; `file` names it in errors. */
  readonly read: (text: string, file: string) => StructureFrame[];
  /** The text of a file holding `frames`. */
  readonly write: (frames: readonly StructureFrame[]) => string;
}

export const FORMATS = [
  {
    name: 'extxyz',
    description: 'extended XYZ',
    extensions: ['xyz', 'extxyz'],
    sniff: (text) => /^\+?\d+[ \t]*\r?\n/.test(text.trimStart()),
    read: parseExtxyz,
    write: (frames) => formatExtxyz(frames),
  },
  {
    name: 'camp-json',
    description: 'CAMP dataset JSON',
    extensions: ['json'],
    sniff: (text) => text.trimStart().startsWith('{'),
    read: parseCampJson,
    write: formatCampJson,
  },
] as const satisfies readonly StructureFormatSpec[];

/** One of FORMATS, with its literal name. */
export type KnownFormat = (typeof FORMATS)[number];
export type StructureFormat = KnownFormat['name'];

/** ".xyz/.extxyz (extended XYZ) or .json (CAMP dataset JSON)": the known formats, for messages. */
export const KNOWN_FORMATS = FORMATS.map((f) => `${f.extensions.map((e) => `.${e}`).join('/')} (${f.description})`).join(' or ');

/** The lower-case extension of a path's last component, '' when none. */
export function extensionOf(name: string): string {
  const base = name.slice(name.search(/[^/\\]*$/));
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** The format a name's extension says, or null. */
export function formatByName(name: string): KnownFormat | null {
  const extension = extensionOf(name);
  return FORMATS.find((f) => (f.extensions as readonly string[]).includes(extension)) ?? null;
}

/**
 * The format to read a file with: its extension's when known (so a .json holding something else
 * gets the JSON parser's precise error), else the first whose sniff accepts the content (an
 * unknown or missing extension: data.txt, frames); null if neither tells.
 */
export function formatForReading(name: string, text: string): KnownFormat | null {
  return formatByName(name) ?? FORMATS.find((f) => f.sniff(text)) ?? null;
}

/** The format to write `name` in; throws naming the file (as `what`) and the known formats. */
export function formatForWriting(name: string, what = name): KnownFormat {
  const f = formatByName(name);
  if (!f) throw new Error(`${what}: unknown format; use ${KNOWN_FORMATS}`);
  return f;
}
