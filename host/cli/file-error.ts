// Node's file-system errors (EISDIR, ENOSPC, EACCES, …) as messages that name the option, the
// path and the operation, e.g. "--traj out/: cannot write: it is a directory (EISDIR)".

const REASONS: Readonly<Record<string, string>> = {
  EISDIR: 'it is a directory',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a component of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'file name too long',
  ELOOP: 'too many levels of symbolic links',
  EXDEV: 'not on the same file system',
};

/** `what path: cannot <operation>: <reason> (CODE)`; `what` is an option (`--traj`) or a role (`input`). */
export function fileError(what: string, path: string, operation: string, err: unknown): Error {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const reason = code ? `${REASONS[code] ?? 'system error'} (${code})` : (err instanceof Error ? err.message : String(err));
  return new Error(`${what} ${path}: cannot ${operation}: ${reason}`);
}

/** `--name` for an option name given with or without its dashes (`-o` stays as it is). */
export function optionLabel(option: string): string {
  return option.startsWith('-') ? option : `--${option}`;
}
