// The threaded core (build/campjs-threads.wasm): the same module as index.ts, built with shared,
// imported memory and atomics, plus the thread kernels. Loaded only when threads are asked for.
export * from "./index";
export * from "./threads/exports";
