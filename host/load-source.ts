// Turns whatever a caller holds (bytes, a fetch Response, a file path or a URL) into bytes, in
// every runtime. Files are read with the runtime's own API, reached only behind a feature check
// (Deno.readFile, or node:fs/promises through a computed dynamic import) so the bundle names no
// node: module: browsers, workers and bundlers (webpack, Vite, wrangler) never see one.

/** Anything `readSource` accepts. Strings are paths in Node/Deno/Bun and URLs elsewhere. */
export type Source = ArrayBuffer | ArrayBufferView | Response | PromiseLike<Response> | URL | string;

export interface SourceBytes {
  readonly bytes: Uint8Array;
  /** File name (last path or URL segment) when the source has one. */
  readonly name?: string;
}

interface DenoFs {
  readFile(path: string | URL): Promise<Uint8Array>;
}

const URL_SCHEME = /^(https?|data|blob|file):/i;

export async function readSource(source: Source): Promise<SourceBytes> {
  if (source instanceof Uint8Array) return { bytes: source };
  if (source instanceof ArrayBuffer) return { bytes: new Uint8Array(source) };
  if (ArrayBuffer.isView(source)) return { bytes: new Uint8Array(source.buffer, source.byteOffset, source.byteLength) };
  if (typeof source === 'string' || source instanceof URL) return readLocation(source);
  if (isThenable(source)) return readSource(await source);
  if (isResponse(source)) return readResponse(source);
  throw new TypeError(`campjs: cannot read a model from ${describe(source)}; pass bytes, a Response, a path or a URL`);
}

async function readLocation(where: string | URL): Promise<SourceBytes> {
  const text = String(where);
  const isUrl = where instanceof URL || URL_SCHEME.test(text);
  const local = isUrl ? (/^file:/i.test(text) ? new URL(text) : null) : text;
  const deno = (globalThis as { Deno?: DenoFs }).Deno;
  const node = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node;
  if (local !== null && (deno || node)) {
    try {
      const bytes = deno ? await deno.readFile(local) : new Uint8Array(await (await importNodeFs()).readFile(local));
      return { bytes, name: baseName(text, isUrl) };
    } catch (err) {
      throw new Error(`campjs: cannot read '${text}': ${reason(err)}`);
    }
  }
  // Browsers and workers: a string is a URL, relative ones resolved against the page.
  return readResponse(await fetch(text));
}

async function readResponse(res: Response): Promise<SourceBytes> {
  if (!res.ok) throw new Error(`campjs: fetching '${res.url || 'response'}' failed: HTTP ${res.status} ${res.statusText}`.trimEnd());
  const bytes = new Uint8Array(await res.arrayBuffer());
  const name = res.url ? baseName(res.url, true) : undefined;
  return name ? { bytes, name } : { bytes };
}

type NodeFs = { readFile(path: string | URL): Promise<Uint8Array> };

/** node:fs/promises, imported under a computed name so bundlers leave it alone. */
function importNodeFs(): Promise<NodeFs> {
  const name = ['node', 'fs/promises'].join(':');
  return import(/* webpackIgnore: true */ /* @vite-ignore */ name) as Promise<NodeFs>;
}

function isThenable(x: unknown): x is PromiseLike<Response> {
  return typeof (x as PromiseLike<unknown> | null)?.then === 'function';
}

// Duck-typed: a Response from another realm or from undici is not `instanceof` the global one.
function isResponse(x: unknown): x is Response {
  const r = x as Partial<Response> | null;
  return typeof r?.arrayBuffer === 'function' && typeof r.ok === 'boolean' && typeof r.status === 'number';
}

function baseName(location: string, isUrl: boolean): string | undefined {
  const path = isUrl ? location.replace(/[?#].*$/, '') : location;
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  if (!name) return undefined;
  return isUrl ? decodeURIComponentSafe(name) : name;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function reason(err: unknown): string {
  const e = err as { code?: string; name?: string; message?: string };
  if (e?.code === 'ENOENT' || e?.name === 'NotFound') return 'no such file';
  if (e?.code === 'EISDIR' || e?.name === 'IsADirectory') return 'it is a directory';
  if (e?.code === 'EACCES' || e?.name === 'PermissionDenied' || e?.name === 'NotCapable') return 'permission denied';
  return e?.message ?? String(err);
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (typeof x !== 'object') return `a ${typeof x}`;
  return `an object (${Object.prototype.toString.call(x).slice(8, -1)})`;
}
