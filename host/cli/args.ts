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
    return parseArgs({ args: joinNegativeValues(args, options), options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`${command}: ${explainParseError(e as Error & { code?: string }, args, options)}`);
  }
}

/** `--dt -0.5` → `--dt=-0.5`: parseArgs takes any value starting with '-' for an option, so a negative number would be "ambiguous". */
export function joinNegativeValues(args: readonly string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') return out.concat(args.slice(i));
    const next = args[i + 1];
    const name = optionName(a, options);
    if (name !== undefined && options[name].type === 'string' && next !== undefined && /^-[\d.]/.test(next) && Number.isFinite(Number(next))) {
      out.push(`--${name}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/** The long name an argument (`--name` or `-x`) selects, if it is one of `options`. */
function optionName(arg: string, options: Options): string | undefined {
  if (arg.startsWith('--')) return Object.hasOwn(options, arg.slice(2)) ? arg.slice(2) : undefined;
  if (/^-[^-]$/.test(arg)) return Object.keys(options).find((k) => options[k].short === arg[1]);
  return undefined;
}

/** parseArgs' message in the house words: unknown options suggest the nearest known one. */
function explainParseError(e: Error & { code?: string }, args: readonly string[], options: Options): string {
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const given = /'([^']*)'/.exec(e.message)?.[1] ?? '';
    const near = nearestOption(given.replace(/^-+/, '').split('=')[0], Object.keys(options));
    return `unknown option ${given}${near ? `; did you mean --${near}?` : ''}`;
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && /ambiguous/.test(e.message)) {
    const opt = /'(--?[^' ]+)'/.exec(e.message)?.[1] ?? '';
    const value = args[args.indexOf(opt) + 1] ?? '';
    return `${opt} needs a value, but '${value}' looks like an option (if it is the value, write ${opt}=${value})`;
  }
  return e.message;
}

/** The option within edit distance ⌈len/3⌉ (at least 1) of `given`, the closest first; undefined if none. */
export function nearestOption(given: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(1, Math.ceil(given.length / 3)) + 1;
  for (const name of names) {
    const d = editDistance(given, name);
    if (d < bestD) [best, bestD] = [name, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
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

/** The --memory help line, its text starting at column `column` as the command's other options. */
export function memoryHelp(column: number): string {
  return `${'  --memory MB'.padEnd(column)}MiB each stored-activation cache of a CAMP model may take (default 160;\n${' '.repeat(column)}0 = least memory, slower reverse pass; results are identical)`;
}

/** --memory MB (MiB, 2^20 bytes) → activation budget in bytes; undefined when absent. */
export function memoryOption(raw: string | undefined): number | undefined {
  const mib = numberOption('memory', raw);
  if (mib === undefined) return undefined;
  if (mib < 0 || mib > 4096) throw new Error(`--memory: ${mib} must be between 0 and 4096 MiB (wasm32 memory is at most 4 GiB)`);
  return Math.round(mib * 2 ** 20);
}
