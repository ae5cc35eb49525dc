// Named, reusable buffers in the core's linear memory. A buffer keeps its region while the
// requested size fits, so evaluating structures of the same (or smaller) size allocates
// nothing. When one must grow it is re-allocated at the top of the arena; the old region is
// abandoned (the topmost region grows in place instead; others grow with headroom).
import { Arena, type Region } from './arena.js';
import type { CoreInstance } from './wasm.js';

/** A re-allocated (not topmost) buffer gets this much more than asked. */
const GROWTH_HEADROOM = 1.25;

export class Workspace {
  readonly arena: Arena;
  private readonly regions = new Map<string, Region>();

  constructor(readonly core: CoreInstance, base?: number) {
    this.arena = new Arena(core, base);
  }

  /**
   * A region of at least `bytes` bytes under `name`, kept across calls. `slack` (a fraction)
   * over-allocates from the start, for large buffers whose size wobbles with the edge count:
   * one that outgrows its region is moved and its old region abandoned (water-64 MD: +160 MiB).
   */
  buffer(name: string, bytes: number, slack = 0): Region {
    const have = this.regions.get(name);
    if (have && have.bytes >= bytes) return have;
    // A size that creeps up (edge counts along an MD run) would abandon a region every few
    // steps (water-64 MD reached 1.5 GB): the topmost region grows in place, others with headroom.
    const onTop = have !== undefined && this.arena.mark() === this.arena.alignedEnd(have);
    if (onTop) this.arena.release(have.ptr);
    const headroom = have && !onTop ? GROWTH_HEADROOM : 1 + slack;
    const region = this.arena.alloc(Math.max(Math.ceil(bytes * headroom), 16));
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
