// A bump allocator over the core's linear memory. The host owns all memory above __heap_base;
// regions are 16-byte aligned (SIMD loads) and kept across calls, so repeated evaluations of
// the same size reallocate nothing. `reset()` frees everything at once.
import type { CoreInstance } from './wasm.js';

export interface Region {
  readonly ptr: number;
  readonly bytes: number;
}

const ALIGN = 16;
const PAGE = 65536;

export class Arena {
  private top: number;
  private readonly base: number;

  constructor(private readonly core: CoreInstance, base?: number) {
    this.base = align(base ?? core.exports.heapBase());
    this.top = this.base;
  }

  /** Bytes in use above the arena's base. */
  get used(): number {
    return this.top - this.base;
  }

  /** Position to return to with `release` (stack-like scratch use). */
  mark(): number {
    return this.top;
  }

  release(mark: number): void {
    if (mark < this.base || mark > this.top) throw new Error(`arena: bad release mark ${mark}`);
    this.top = mark;
  }

  /** Where the arena's top is right after `r` was allocated (its 16-byte-aligned end). */
  alignedEnd(r: Region): number {
    return align(r.ptr + r.bytes);
  }

  reset(): void {
    this.top = this.base;
  }

  alloc(bytes: number): Region {
    if (!Number.isFinite(bytes) || bytes < 0) throw new Error(`arena: bad allocation size ${bytes}`);
    const ptr = this.top;
    const end = align(ptr + bytes);
    this.ensure(end);
    this.top = end;
    return { ptr, bytes };
  }

  /** Makes sure linear memory reaches `end` bytes (grows in whole pages; 4 GiB is Wasm32's limit). */
  ensure(end: number): void {
    const have = this.core.memory.buffer.byteLength;
    if (end <= have) return;
    const pages = Math.ceil((end - have) / PAGE);
    if (have / PAGE + pages > 65536) {
      throw new Error(`campjs: needs ${(end / 2 ** 20).toFixed(0)} MiB of Wasm memory, over the 4 GiB limit of wasm32`);
    }
    try {
      this.core.memory.grow(pages);
    } catch {
      throw new Error(`campjs: could not grow Wasm memory to ${(end / 2 ** 20).toFixed(0)} MiB (the runtime refused)`);
    }
  }

  // Views are made fresh on each call: growing memory detaches earlier ArrayBuffers.
  f64(region: Region, length = region.bytes / 8): Float64Array {
    return new Float64Array(this.core.memory.buffer, region.ptr, length);
  }
  f32(region: Region, length = region.bytes / 4): Float32Array {
    return new Float32Array(this.core.memory.buffer, region.ptr, length);
  }
  i32(region: Region, length = region.bytes / 4): Int32Array {
    return new Int32Array(this.core.memory.buffer, region.ptr, length);
  }
  u8(region: Region, length = region.bytes): Uint8Array {
    return new Uint8Array(this.core.memory.buffer, region.ptr, length);
  }
}

function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}
