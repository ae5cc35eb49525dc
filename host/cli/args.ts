// Command-line parsing shared by the subcommands: strict options, positionals allowed, and one
// error type for misuse, which main.ts reports with exit status 2 (a failed run exits 1).
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** The command line is malformed (unknown option, missing option or argument): exit status 2. A bad option value is an ordinary Error (exit 1). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>;

/** parseArgs with the house settings; its complaints become UsageErrors naming the command. */
export function parseCommand<O extends Options>(command: string, args: string[], options: O): Parsed<O> {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`${command}: ${(e as Error).message}`);
  }
}

/** Throws a UsageError unless `ok`. */
export function usage(ok: unknown, command: string, message: string): asserts ok {
  if (!ok) throw new UsageError(`${command}: ${message}`);
}

/** A numeric option: undefined when absent; an Error naming the option when malformed. */
export function numberOption(name: string, raw: string | undefined, integer = false): number | undefined {
  if (raw === undefined) return undefined;
  const x = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(x)) throw new Error(`--${name}: '${raw}' is not a number`);
  if (integer && !Number.isInteger(x)) throw new Error(`--${name}: '${raw}' is not an integer`);
  return x;
}
