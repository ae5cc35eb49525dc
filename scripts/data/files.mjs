// Output files of the data scripts: written whole (temporary file, then rename) so a failed run
// leaves no half file, and never over an existing file unless the caller asked (--force).
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Writes `content` (string or bytes) to `path`; an existing file is an error unless `force`. */
export function writeOutput(path, content, force) {
  if (!force && existsSync(path)) throw new Error(`${path} exists; pass --force to replace it`);
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}
