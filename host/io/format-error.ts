// Errors for malformed structure files: every message names the file, and where known the line
// and the field, so a user can find the problem with an editor.

export interface ErrorPlace {
  /** 1-based line number in the file. */
  readonly line?: number;
  /** The key, column or JSON path at fault, e.g. `Lattice`, `forces (column 5)`, `coords["3"][7]`. */
  readonly field?: string;
}

export class StructureFormatError extends Error {
  readonly file: string;
  readonly line?: number;
  readonly field?: string;

  constructor(file: string, place: ErrorPlace, problem: string) {
    const where = place.line === undefined ? file : `${file}:${place.line}`;
    super(place.field === undefined ? `${where}: ${problem}` : `${where}: ${place.field}: ${problem}`);
    this.name = 'StructureFormatError';
    this.file = file;
    this.line = place.line;
    this.field = place.field;
  }
}

/** A short rendering of an offending value for error messages (at most 60 characters). */
export function describeValue(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = 'a deeply nested value';
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
