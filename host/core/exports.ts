// The typed surface of the Wasm core (assembly/index.ts). Pointers are byte offsets into
// linear memory; every array the core reads or writes is laid out by host/core/arena.ts.
export interface CoreExports {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
  memoryBytes(): number;
}
