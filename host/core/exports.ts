// The typed surface of the Wasm core (assembly/index.ts). Pointers are byte offsets into
// linear memory; every array the core reads or writes is laid out by host/core/arena.ts.
import type { NeighborExports } from './neighbor-exports.js';
import type { ModelExports } from './model-exports.js';
import type { MdExports } from './md-exports.js';
import type { BenchExports } from './bench-exports.js';

export interface MemoryExports {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
  memoryBytes(): number;
}

export type CoreExports = MemoryExports & NeighborExports & ModelExports & MdExports & BenchExports;
