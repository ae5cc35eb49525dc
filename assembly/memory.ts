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

/** Cache line size assumed by touch (64 bytes on every x64 and arm64 core in use). */
const LINE: usize = 64;

/**
 * Loads one word of every cache line in [p, p + bytes) and returns them folded (the caller
 * stores the fold, so that no engine can drop the loads as unused). Wasm has no prefetch
 * instruction; these independent loads let the core fetch a stretch while it still computes on
 * the previous one, where a stretch read only when needed would stall on every line the
 * hardware prefetcher has not yet brought in. Reads only: no result depends on it.
 */
export function touch(p: usize, bytes: usize): u32 {
  let s: u32 = 0;
  for (let q = p, end = p + bytes; q < end; q += LINE) s ^= load<u32>(q);
  return s;
}
