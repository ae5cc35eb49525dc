// Command-line parsing shared by the subcommands: strict options, positionals allowed, and one
// error type for misuse, which main.ts reports with exit status 2 (a failed run exits 1).
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** The command line itself is wrong (unknown flag, missing argument): exit status 2. */
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
