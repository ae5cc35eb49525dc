// Strict text ↔ number conversion for structure files. Only plain decimals are numbers; 'nan'
// and 'inf' are recognised so that they can be refused by name instead of read as NaN.

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;

/** A decimal number as written (may overflow to ±Infinity), or null when `text` is not one. */
export function parseDecimal(text: string): number | null {
  return DECIMAL.test(text) ? Number(text) : null;
}

export function isIntegerText(text: string): boolean {
  return INTEGER.test(text);
}

/** True for the spellings of NaN and infinity that Python's float() accepts. */
export function isNonFiniteWord(text: string): boolean {
  return NON_FINITE.test(text);
}

/**
 * Shortest decimal that reads back as exactly `x` (JS and Python agree on it), keeping the sign
 * of zero. Non-finite numbers have no place in a structure file and throw.
 */
export function formatReal(x: number, what: string | (() => string)): string {
  if (!Number.isFinite(x)) throw new Error(`${typeof what === 'string' ? what : what()}: cannot write the non-finite number ${x}`);
  return Object.is(x, -0) ? '-0' : String(x);
}
