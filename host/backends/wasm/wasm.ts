// Instantiates the campjs core (build/campjs.wasm, embedded in the bundle). The module imports
// nothing, so it runs identically in every engine. Each call returns a fresh instance with its
// own linear memory: one per model/MD object keeps them independent.
import { wasmBase64 } from '../../generated/wasm-binary.js';
import { decodeBase64 } from '../../util/base64.js';
import type { CoreExports } from './exports.js';

let compiled: Promise<WebAssembly.Module> | undefined;

/** Compiles the embedded module once per process (compilation is the slow part). */
export function coreModule(): Promise<WebAssembly.Module> {
  compiled ??= WebAssembly.compile(decodeBase64(wasmBase64) as BufferSource);
  return compiled;
}

/**
 * Supplies the core already compiled, for hosts that forbid compiling Wasm from bytes at run
 * time (Cloudflare workerd: importing dist/campjs.wasm there yields a WebAssembly.Module).
 * Call it before loading a model; the embedded copy is then never decoded.
 */
export function useCompiledCore(module: WebAssembly.Module): void {
  if (!(module instanceof WebAssembly.Module)) throw new TypeError('campjs: useCompiledCore needs a WebAssembly.Module (import dist/campjs.wasm as a module)');
  compiled = Promise.resolve(module);
}

export interface CoreInstance {
  readonly exports: CoreExports;
  readonly memory: WebAssembly.Memory;
}

export async function instantiateCore(): Promise<CoreInstance> {
  const instance = await WebAssembly.instantiate(await coreModule(), {});
  const exports = instance.exports as unknown as CoreExports;
  return { exports, memory: exports.memory };
}
