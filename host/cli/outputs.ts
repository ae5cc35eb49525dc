// A command's output files, planned so that no existing file is destroyed: before anything is
// read, every output is checked against the inputs and the other outputs (same path, symlink or
// hard link) and for a writable directory; streaming outputs (trajectory, log) are opened, and
// so truncated, only once all inputs were read and validated; single-result outputs (state,
// receipt, eval/opt/convert results) go to a temporary file beside the target, renamed into
// place, so a failure leaves the previous file as it was.
import {
  accessSync, closeSync, constants, fchmodSync, fsyncSync, lstatSync, openSync, realpathSync, renameSync, statSync,
  unlinkSync, writeFileSync, type Stats,
} from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { fileError, optionLabel } from './file-error.js';
import { FORMATS } from '../io/formats.js';

/** 'stream': written while the run goes (tail -f works); 'atomic': written once, by rename. */
export type OutputKind = 'stream' | 'atomic';

export interface InputFile {
  /** How messages name it: `input`, `--model`, `--resume`. */
  readonly label: string;
  readonly path: string | undefined;
}

export interface OutputFile {
  /** How messages name it: `--traj`, `-o`. */
  readonly label: string;
  readonly path: string | undefined;
  readonly kind: OutputKind;
  /** Accepted extensions (lower case, with the dot) and what the file holds, for the refusal. */
  readonly format?: { readonly extensions: readonly string[]; readonly what: string };
}

/** The format of trajectories and relaxed structures: what the name must say. */
export const EXTXYZ_OUTPUT = { extensions: ['.extxyz', '.xyz'], what: 'extended XYZ' } as const;

/** Any structure format of the registry (io/formats.ts), chosen by the name: `opt -o`. */
export const STRUCTURE_OUTPUT = {
  extensions: FORMATS.flatMap((f) => f.extensions.map((e) => `.${e}`)),
  what: FORMATS.map((f) => f.description).join(' or '),
} as const;

/** Where a path leads: its real path, and device + inode when the file exists. */
interface Identity {
  readonly real: string;
  readonly inode: string | null;
  readonly stats: Stats | null;
}

function identify(path: string): Identity {
  let stats: Stats | null = null;
  try {
    stats = statSync(path);
  } catch {
    // a new file: its directory's real path + its name
  }
  if (stats) return { real: realpathSync(path), inode: `${stats.dev}:${stats.ino}`, stats };
  let dir = dirname(path);
  try {
    dir = realpathSync(dir);
  } catch {
    // a missing directory is reported by checkWritable
  }
  return { real: join(dir, basename(path)), inode: null, stats: null };
}

function sameFile(a: Identity, b: Identity): boolean {
  return a.real === b.real || (a.inode !== null && a.inode === b.inode);
}

/** Devices (/dev/null, /dev/stdout) and pipes are written directly and may be shared. */
function isSpecial(stats: Stats | null): boolean {
  return stats !== null && !stats.isFile() && !stats.isDirectory();
}

function checkFormat(out: OutputFile, path: string, id: Identity): void {
  if (!out.format || isSpecial(id.stats)) return;
  const ext = extname(path).toLowerCase();
  if (out.format.extensions.includes(ext)) return;
  const names = out.format.extensions.map((e) => `a ${e}`).join(' or ');
  const why = ext === '.traj' ? `, not ASE's binary .traj format` : ext ? `, which '${ext}' does not say` : '';
  throw new Error(`${out.label} ${path}: campjs writes ${out.format.what} here${why}; give it ${names} name`);
}

/** The checks that need no writing: not a directory, its directory exists and is writable. */
function checkWritable(label: string, path: string, id: Identity, kind: OutputKind): void {
  if (id.stats?.isDirectory()) throw fileError(label, path, 'write', Object.assign(new Error(), { code: 'EISDIR' }));
  if (isSpecial(id.stats)) return;
  const dir = dirname(path);
  let dirStats: Stats;
  try {
    dirStats = statSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${label} ${path}: cannot write: the directory ${dir} does not exist (ENOENT)`);
    throw fileError(label, path, `write into ${dir}`, err);
  }
  if (!dirStats.isDirectory()) throw new Error(`${label} ${path}: cannot write: ${dir} is not a directory (ENOTDIR)`);
  try {
    // An atomic output or a new file needs the directory; an existing stream needs the file.
    if (kind === 'atomic' || !id.stats) accessSync(dir, constants.W_OK | constants.X_OK);
    if (id.stats) accessSync(path, constants.W_OK);
  } catch (err) {
    throw fileError(label, path, 'write', err);
  }
}

/**
 * The outputs of a command, checked against its inputs before anything is read or written.
 * Refuses two outputs on one file, an output that is an input (by path, symlink or hard link),
 * a directory, a missing or unwritable directory, and a name whose extension is not the format.
 */
export class OutputPlan {
  private readonly outputs = new Map<string, OutputFile & { path: string }>();
  private readonly streams: StreamOutput[] = [];

  constructor(inputs: readonly InputFile[], outputs: readonly OutputFile[]) {
    const known: { label: string; path: string; id: Identity; input: boolean }[] = [];
    for (const input of inputs) if (input.path !== undefined) known.push({ label: input.label, path: input.path, id: identify(input.path), input: true });
    for (const out of outputs) {
      if (out.path === undefined) continue;
      const id = identify(out.path);
      const clash = isSpecial(id.stats) ? undefined : known.find((k) => sameFile(k.id, id));
      if (clash) {
        const what = clash.input ? `refusing to overwrite the ${clash.label === 'input' ? 'input' : `${clash.label} file`}` : `${clash.label} writes there too`;
        const also = clash.path === out.path ? '' : ` (${clash.path}, the same file)`;
        throw new Error(`${out.label} ${out.path}: ${what}${also}; choose another name`);
      }
      checkWritable(out.label, out.path, id, out.kind);
      checkFormat(out, out.path, id);
      known.push({ label: out.label, path: out.path, id, input: false });
      this.outputs.set(out.label, { ...out, path: out.path });
    }
  }

  /** Opens (truncating) a streaming output; call it only when all inputs were read and validated. */
  openStream(label: string): StreamOutput | null {
    const out = this.outputs.get(label);
    if (!out) return null;
    let fd: number;
    try {
      fd = openSync(out.path, 'w');
    } catch (err) {
      throw fileError(out.label, out.path, 'write', err);
    }
    const stream = new StreamOutput(out.label, out.path, fd);
    this.streams.push(stream);
    return stream;
  }

  /** Writes a single-result output atomically. */
  writeAtomic(label: string, data: Uint8Array | string): void {
    const out = this.outputs.get(label);
    if (out) writeFileAtomic(out.path, data, out.label);
  }

  /** Closes every stream opened (errors of close are reported with the path). */
  close(): void {
    for (const s of this.streams.splice(0)) s.close();
  }
}

/** A file written as the run goes; write errors (ENOSPC…) name the option and the path. */
export class StreamOutput {
  constructor(readonly label: string, readonly path: string, private fd: number | null) {}

  write(data: Uint8Array | string): void {
    if (this.fd === null) throw new Error(`${this.label} ${this.path}: written after it was closed`);
    try {
      writeFileSync(this.fd, data);
    } catch (err) {
      throw fileError(this.label, this.path, 'write', err);
    }
  }

  close(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    try {
      closeSync(fd);
    } catch (err) {
      throw fileError(this.label, this.path, 'close', err);
    }
  }
}

let tempCounter = 0;

/**
 * Writes `data` to `path` by way of a temporary file beside it (`.name.tmp-<pid>-<n>`), flushed
 * and renamed into place: readers see the old file or the new one, never a truncated one, and a
 * failure leaves the old file untouched and no temporary behind. A symlink is followed (its
 * target is replaced); devices and pipes are written directly. `option` names it in errors.
 */
export function writeFileAtomic(path: string, data: Uint8Array | string, option: string): void {
  const label = optionLabel(option);
  let target = path;
  let old: Stats | null = null;
  try {
    if (lstatSync(path).isSymbolicLink()) target = realpathSync(path);
    old = statSync(target);
  } catch {
    // a new file (or a dangling symlink, which the rename replaces)
  }
  if (old?.isDirectory()) throw fileError(label, path, 'write', Object.assign(new Error(), { code: 'EISDIR' }));
  if (old && !old.isFile()) return writeDirect(label, path, target, data);
  const temp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${tempCounter++}`);
  let fd: number | null = null;
  try {
    fd = openSync(temp, 'wx', 0o666);
    if (old) fchmodSync(fd, old.mode & 0o777); // keep the old file's permissions despite the umask
    writeFileSync(fd, data);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(temp, target);
  } catch (err) {
    if (fd !== null) {
      try { closeSync(fd); } catch { /* already failing */ }
    }
    try { unlinkSync(temp); } catch { /* never created or already renamed */ }
    throw fileError(label, path, 'write', err);
  }
}

function writeDirect(label: string, path: string, target: string, data: Uint8Array | string): void {
  let fd: number | null = null;
  try {
    fd = openSync(target, 'w');
    writeFileSync(fd, data);
  } catch (err) {
    throw fileError(label, path, 'write', err);
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
