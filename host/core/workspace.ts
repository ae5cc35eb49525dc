// Named, reusable buffers in the core's linear memory. A buffer keeps its region while the
// requested size fits, so evaluating structures of the same (or smaller) size allocates
// nothing. When one must grow it is re-allocated at the top of the arena; the old region is
// abandoned until `compact()` (which callers use when growth has left too much behind).
import { Arena, type Region } from './arena.js';
import type { CoreInstance } from './wasm.js';

export class Workspace {
  readonly arena: Arena;
  private readonly regions = new Map<string, Region>();

  constructor(readonly core: CoreInstance, base?: number) {
    this.arena = new Arena(core, base);
  }

  /** A region of at least `bytes` bytes under `name`, kept across calls. */
  buffer(name: string, bytes: number): Region {
    const have = this.regions.get(name);
    if (have && have.bytes >= bytes) return have;
    const region = this.arena.alloc(Math.max(bytes, 16));
    this.regions.set(name, region);
    return region;
  }

  /** Bytes of linear memory the workspace holds. */
  get bytesUsed(): number {
    return this.arena.used;
  }

  has(name: string): boolean {
    return this.regions.has(name);
  }

  /** Forgets every buffer (their contents too). */
  clear(): void {
    this.regions.clear();
    this.arena.reset();
  }

  get memory(): WebAssembly.Memory {
    return this.core.memory;
  }

  f64(name: string, length: number): Float64Array {
    return this.arena.f64(this.buffer(name, length * 8), length);
  }
  f32(name: string, length: number): Float32Array {
    return this.arena.f32(this.buffer(name, length * 4), length);
  }
  i32(name: string, length: number): Int32Array {
    return this.arena.i32(this.buffer(name, length * 4), length);
  }
  ptr(name: string): number {
    const r = this.regions.get(name);
    if (!r) throw new Error(`workspace: no buffer '${name}'`);
    return r.ptr;
  }
}
