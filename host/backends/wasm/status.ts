// The one place a status code returned by the Wasm core becomes text: the code's name and
// message come from the tables generated from scripts/layouts/table.mjs.
import type { StatusInfo } from '../../generated/layouts.js';

/** "message (NAME, code N)", or "unknown status code N" for a code the table does not list. */
export function statusText(codes: ReadonlyMap<number, StatusInfo>, code: number): string {
  const info = codes.get(code);
  return info ? `${info.message} (${info.name}, code ${code})` : `unknown status code ${code}`;
}
