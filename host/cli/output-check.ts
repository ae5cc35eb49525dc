// Checks, before any work, that a file written at the end of a run (state, receipt) can be
// written there, without touching it: a previous file stays intact until the new one is ready.
import { accessSync, constants, statSync } from 'node:fs';
import { dirname } from 'node:path';

export function checkWritableTarget(path: string, option: string): void {
  const fail = (err: unknown): never => {
    throw new Error(`--${option} ${path}: cannot write (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  };
  try {
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) fail(Object.assign(new Error('is a directory'), { code: 'EISDIR' }));
    accessSync(dirname(path), constants.W_OK);
  } catch (err) {
    if (err instanceof Error && err.message.startsWith(`--${option}`)) throw err;
    fail(err);
  }
}
