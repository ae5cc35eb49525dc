// Linear memory above __heap_base belongs to the host's arena (host/backends/wasm/arena.ts): the core is
// built with the stub runtime and never allocates, so there is no GC and no hidden state.

/** First byte the host may use for its buffers. */
export function heapBase(): usize {
  return __heap_base;
}

/** Current size of linear memory in bytes. */
export function memoryBytes(): usize {
  return <usize>memory.size() << 16;
}
