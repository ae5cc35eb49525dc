// The one error type for unreadable or inconsistent model files (.ckpt, .campjs). Every failure
// of the readers surfaces as this, naming the file and what is wrong, so callers (and the fuzz
// tests) can tell a bad file from a bug.

export class ModelFileError extends Error {
  override readonly name = 'ModelFileError';
  /** File name as given by the caller, or '<bytes>' when unknown. */
  readonly file: string;

  constructor(file: string | undefined, problem: string, options?: { cause?: unknown }) {
    const where = file ?? '<bytes>';
    super(`${where}: ${problem}`, options);
    this.file = where;
  }
}

/** Describes an unexpected exception (from a library or a bug) for wrapping into a ModelFileError. */
export function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
