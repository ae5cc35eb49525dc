// Text from inputs (file names, file content quoted in errors) reaches the terminal only with
// control characters escaped: an ANSI sequence in a file name must not recolour or rewrite it.

/** `text` with C0/C1 control characters (except newline and tab) and DEL written as \xNN. */
export function escapeControl(text: string): string {
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** An error as one message for stderr: escaped, without the library's own 'campjs: ' prefix (main adds it). */
export function errorText(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return escapeControl(message.replace(/^(campjs: )+/, ''));
}
