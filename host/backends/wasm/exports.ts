// The typed surface of the Wasm core (assembly/index.ts). Pointers are byte offsets into
// linear memory; every array the core reads or writes is laid out by host/backends/wasm/arena.ts. The
// signatures are generated from scripts/layouts/table.mjs (test/host/layouts.test.ts checks
// them against the binary).
export type { CoreExports, MemoryExports, NeighborExports, ModelExports, MdExports, BenchExports } from '../../generated/core-exports.js';
