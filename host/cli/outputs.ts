// Writing single-result outputs (states, receipts) so that an existing file is replaced only by
// a complete new one: write a temporary file beside the target, then rename it into place.
// (Minimal version; engineer A's fuller outputs.ts replaces it at merge.)
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export function writeFileAtomic(path: string, data: Uint8Array | string, option: string): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, data);
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw new Error(`--${option}: cannot write ${path} (${(err as Error).message})`);
  }
}
