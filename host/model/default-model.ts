// campjs's own model (models/campjs-hcno, issue 13), embedded in the bundle at build time
// (scripts/embed-default-model.mjs writes host/generated/default-model.ts) so that Node, Deno, Bun, browsers
// and workerd all have it with no file and no network. The module is imported on first use only.
import { decodeBase64 } from '../util/base64.js';

/** The word that names the built-in model wherever a model source is taken (API, CLI, worker). */
export const DEFAULT_MODEL = 'default';
/** Its name (models/<name>/, the card MODEL.md) and the file name it reports. */
export const DEFAULT_MODEL_NAME = 'campjs-hcno';
export const DEFAULT_MODEL_FILE = `${DEFAULT_MODEL_NAME}.campjs`;

/** True for `undefined` (no source given) and for the word 'default'; a file called so is './default'. */
export function isDefaultModel(source: unknown): source is undefined | typeof DEFAULT_MODEL {
  return source === undefined || source === DEFAULT_MODEL;
}

/** The summary of its card (MODEL.md's part between `<!-- summary -->` and `<!-- /summary -->`), Markdown. */
export async function defaultModelCard(): Promise<string> {
  return (await import('../generated/default-model.js')).defaultModelCard;
}

/** The .campjs bytes of the built-in model (a fresh copy: callers may transfer or detach it). */
export async function defaultModelBytes(): Promise<Uint8Array> {
  const { defaultModelBase64 } = await import('../generated/default-model.js');
  return decodeBase64(defaultModelBase64);
}
