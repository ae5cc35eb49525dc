// Locates ../shared (real checkpoints, data and PyTorch reference outputs). Tests that need it
// call `sharedOrSkip(t)`: absent (a user's fresh clone) they skip with a one-line reason.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const sharedDir = process.env.CAMPJS_SHARED ?? resolve(repoRoot, '../shared');
export const haveShared = existsSync(join(sharedDir, 'models'));
export const SKIP_NO_SHARED = `../shared not found at ${sharedDir}: real checkpoints and PyTorch references unavailable`;

export function sharedPath(...parts: string[]): string {
  return join(sharedDir, ...parts);
}

export function readShared(...parts: string[]): Uint8Array {
  return new Uint8Array(readFileSync(sharedPath(...parts)));
}

export function readSharedJson<T = unknown>(...parts: string[]): T {
  return JSON.parse(readFileSync(sharedPath(...parts), 'utf8')) as T;
}

/** Options for node:test: `test('x', needsShared, ...)` skips with the reason when shared is absent. */
export const needsShared: { skip: string | false } = { skip: haveShared ? false : SKIP_NO_SHARED };
