// The key=value syntax of the extended-XYZ comment line, with ASE's reading rules: values may be
// grouped by "", '', {} or []; a backslash escapes the next character; whitespace (or a comma)
// separated numbers become numbers or number arrays, T/F become booleans, `_JSON <json>` is
// JSON, a bare key means true, and anything else stays a string. The writer picks, for each
// value, a spelling that reads back (in ASE and here) as the same value.
import { isNonFiniteWord, parseDecimal, formatReal } from './numbers.js';

/** Reports a problem with one key (or with the line, field undefined); never returns. */
export type CommentFail = (field: string | undefined, problem: string) => never;

const CLOSER: ReadonlyMap<string, string> = new Map([['"', '"'], ["'", "'"], ['{', '}'], ['[', ']']]);

interface RawPair {
  segments: string[];
  /** A quote opened in the last segment, so an empty "" still counts as a value. */
  touched: boolean;
}

/** Splits the line into key/value pairs without interpreting the values. */
function splitPairs(line: string, fail: CommentFail): { key: string; raw: string | undefined }[] {
  const pairs: RawPair[] = [{ segments: [''], touched: false }];
  const last = () => pairs[pairs.length - 1];
  const isBlank = (p: RawPair) => p.segments.length === 1 && p.segments[0] === '' && !p.touched;
  const append = (c: string) => {
    const p = last();
    p.segments[p.segments.length - 1] += c;
  };
  let closer: string | null = null;
  let escaped = false;
  for (const c of line.trim()) {
    if (escaped) {
      append(c);
      escaped = false;
    } else if (c === '\\') {
      escaped = true;
    } else if (closer !== null) {
      if (c === closer) closer = null;
      else append(c);
    } else if (CLOSER.has(c)) {
      closer = CLOSER.get(c)!;
      last().touched = true;
    } else if (/\s/.test(c)) {
      const p = last();
      // "key= value" and "key = value": a space right after '=' does not end the pair
      if (!isBlank(p) && !(p.segments.length > 1 && p.segments[p.segments.length - 1] === '' && !p.touched)) {
        pairs.push({ segments: [''], touched: false });
      }
    } else if (c === '=') {
      if (isBlank(last()) && pairs.length > 1) pairs.pop(); // "key =value"
      const p = last();
      if (isBlank(p)) fail(undefined, `'=' without a key before it`);
      p.segments.push('');
      p.touched = false;
    } else {
      append(c);
    }
  }
  if (closer !== null) fail(undefined, `unterminated quote or bracket (missing ${closer})`);
  return pairs
    .filter((p) => !isBlank(p))
    .map((p) => {
      if (p.segments[0] === '') fail(undefined, `empty key`);
      return { key: p.segments[0], raw: p.segments.length === 1 ? undefined : p.segments.slice(1).join('=') };
    });
}

/** JSON.parse turns 1e999 into Infinity; refuse it. Iterative: parsed JSON may nest deeply. */
function checkFiniteJson(value: unknown, key: string, fail: CommentFail): void {
  const stack = [value];
  while (stack.length > 0) {
    const x = stack.pop();
    if (typeof x === 'number' && !Number.isFinite(x)) fail(key, `_JSON value contains the non-finite number ${x}`);
    if (x !== null && typeof x === 'object') stack.push(...Object.values(x));
  }
}

/** ASE's interpretation of one value: number(s), boolean(s), JSON, or the string itself. */
export function interpretValue(key: string, raw: string | undefined, fail: CommentFail): unknown {
  if (raw === undefined) return true;
  if (key.toLowerCase() === 'uid') return raw; // ASE keeps uid verbatim
  const tokens = raw.match(/[^\s,]+/g) ?? [];
  if (tokens.length > 0) {
    const numbers = tokens.map(parseDecimal);
    if (numbers.every((x) => x !== null)) {
      const bad = numbers.findIndex((x) => !Number.isFinite(x));
      if (bad >= 0) fail(key, `'${tokens[bad]}' is not a finite number`);
      return numbers.length === 1 ? numbers[0] : (numbers as number[]);
    }
    const word = tokens.find(isNonFiniteWord);
    if (word !== undefined && tokens.every((t) => isNonFiniteWord(t) || parseDecimal(t) !== null)) {
      fail(key, `'${word}' is not a finite number`);
    }
    if (tokens.every((t) => t === 'T' || t === 'F')) {
      return tokens.length === 1 ? tokens[0] === 'T' : tokens.map((t) => t === 'T');
    }
  }
  if (raw.startsWith('_JSON ')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.slice(6));
    } catch (e) {
      fail(key, `invalid _JSON value: ${(e as Error).message}`);
    }
    checkFiniteJson(parsed, key, fail);
    return parsed;
  }
  return raw;
}

/** Parses a comment line into an ordered map key → value. Duplicate keys are an error. */
export function parseComment(line: string, fail: CommentFail): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const { key, raw } of splitPairs(line, fail)) {
    if (out.has(key)) fail(key, `key given twice`);
    out.set(key, interpretValue(key, raw, fail));
  }
  return out;
}

const NEEDS_QUOTES = /[\s"'{}[\]=\\,]/;
const CONTROL = /[\u0000-\u001f\u007f]/;

function quote(s: string): string {
  return `"${s.replace(/[\\"]/g, '\\$&')}"`;
}

function jsonValue(key: string, value: unknown): string {
  let text: string | undefined;
  try {
    text = stringifyFinite(key, value);
  } catch (e) {
    throw e instanceof RangeError ? new Error(`info '${key}': cannot write a value nested this deeply`) : e;
  }
  if (text === undefined) throw new Error(`info '${key}': cannot write ${String(value)}`);
  return quote(`_JSON ${text}`);
}

function stringifyFinite(key: string, value: unknown): string | undefined {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`info '${key}': cannot write the non-finite number ${v}`);
    if (typeof v === 'bigint' || typeof v === 'function' || typeof v === 'symbol') {
      throw new Error(`info '${key}': cannot write a ${typeof v}`);
    }
    return ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v;
  });
}

/** Python's int() and float(), which ASE uses, also take non-ASCII digits and 1_000. */
const PYTHON_NUMBER_HINT = /[^\P{Nd}0-9]|\d_|_\d/u;

/** Whether a string would be read back unchanged (here and by ASE) when written plainly. */
function readsBackAsItself(key: string, s: string): boolean {
  // only spaces and commas: ASE reads an empty number array
  if (!/[^\s,]/.test(s) || CONTROL.test(s) || PYTHON_NUMBER_HINT.test(s)) return false;
  try {
    return interpretValue(key, s, (_f, p) => { throw new Error(p); }) === s;
  } catch {
    return false;
  }
}

function isNumberList(v: unknown): v is ArrayLike<number> {
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return typeof (v as unknown as ArrayLike<unknown>)[0] !== 'bigint';
  return Array.isArray(v) && v.every((x) => typeof x === 'number');
}

/** The written form of one value. */
export function formatValue(key: string, value: unknown): string {
  if (typeof value === 'boolean') return value ? 'T' : 'F';
  if (typeof value === 'number') return formatReal(value, `info '${key}'`);
  if (typeof value === 'string') {
    if (!readsBackAsItself(key, value)) return jsonValue(key, value);
    return NEEDS_QUOTES.test(value) ? quote(value) : value;
  }
  // Lists of one element would read back as scalars: those go through JSON like other objects.
  if (isNumberList(value) && value.length > 1) {
    return quote(Array.from(value, (x) => formatReal(x, `info '${key}'`)).join(' '));
  }
  if (Array.isArray(value) && value.length > 1 && value.every((x) => typeof x === 'boolean')) {
    return quote(value.map((x) => (x ? 'T' : 'F')).join(' '));
  }
  return jsonValue(key, value);
}

/** A key as written; keys that would need quoting are refused (ASE's own keys never do). */
export function checkKey(key: string): string {
  if (key === '' || NEEDS_QUOTES.test(key) || CONTROL.test(key)) {
    throw new Error(`info key ${JSON.stringify(key)} is empty or contains a space, quote, bracket, '=', ',' or '\\'`);
  }
  return key;
}

export function formatComment(entries: Iterable<readonly [string, unknown]>): string {
  const parts: string[] = [];
  for (const [key, value] of entries) parts.push(`${checkKey(key)}=${formatValue(key, value)}`);
  return parts.join(' ');
}
