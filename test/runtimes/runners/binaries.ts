// Where each runtime's executable lives (installed by npm ci, or Debian's chromium), or why it
// is missing: a runtime that cannot start is skipped with that reason, never silently passed.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../support/shared.js';

export type Found = { readonly path: string; readonly missing?: undefined } | { readonly path?: undefined; readonly missing: string };

function firstExisting(what: string, candidates: readonly string[]): Found {
  const path = candidates.find((p) => existsSync(p));
  return path ? { path } : { missing: `${what} not found (looked in ${candidates.join(', ')})` };
}

const bin = (...parts: string[]) => join(repoRoot, 'node_modules', ...parts);

export const binaries = {
  node: (): Found => ({ path: process.execPath }),
  deno: (): Found => firstExisting('deno', [bin('deno', 'deno'), bin('.bin', 'deno')]),
  // Bun's npm shim is replaced by the real binary in its postinstall; the platform package has it either way.
  bun: (): Found => firstExisting('bun', [bin('@oven', 'bun-linux-x64', 'bin', 'bun'), bin('bun', 'bin', 'bun.exe'), bin('.bin', 'bun')]),
  chromium: (): Found => firstExisting('chromium', [process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', '/usr/bin/chromium-browser']),
  workerd: (): Found => firstExisting('workerd (npm miniflare)', [bin('workerd', 'bin', 'workerd')]),
};

/** Environment for child runtimes: no update checks or telemetry (there is no network). */
export const quietEnv: NodeJS.ProcessEnv = { ...process.env, DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1', BUN_DISABLE_TELEMETRY: '1', DO_NOT_TRACK: '1', NO_COLOR: '1' };

/** The executable's path, or an error carrying the reason it is missing. */
export function pathOf(found: Found): string {
  if (found.path === undefined) throw new Error(found.missing);
  return found.path;
}
