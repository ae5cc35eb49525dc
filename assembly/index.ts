// The one Wasm module of campjs. Every numeric kernel is exported from here; the host lays out
// all buffers in linear memory (see host/backends/wasm/arena.ts) and passes pointers, so nothing in the
// core allocates and the same bits come out of every JavaScript engine.
export { heapBase, memoryBytes } from "./memory";
export * from "./neighbors/exports";
export * from "./model/exports";
export * from "./model/radial-table-exports";
export * from "./md/exports";
export { simdPeakF32 } from "./bench/peak";
export * from "./train/grad-exports";
export * from "./train/optim-exports";
