// Exclusive prefix sums of u32 counts on the GPU (shaders/neighbors/scan.wgsl), level by level:
// 256 values per invocation, then the chunk totals, and so on up to one value, then offsets
// spread back down. Integer sums in a fixed order: the same result every run.
import { Kernels, dispatch, uniformWords, WORKGROUP, type Gate } from './kernels.js';
import { LEVEL_UNIFORM } from '../../generated/layouts.js';
import { storageBuffer } from './limits.js';

export interface ScanLevel {
  readonly buffer: GPUBuffer;
  readonly count: number;
  /** Uniform (count, 0, 0, 0). */
  readonly sizes: GPUBuffer;
}

/** The levels of a prefix sum over `count` values in `data` (totals buffers allocated here). */
export function scanChain(kernels: Kernels, data: GPUBuffer, count: number): ScanLevel[] {
  const levels: ScanLevel[] = [];
  for (let c = count, buffer = data; ; ) {
    levels.push({ buffer, count: c, sizes: kernels.uniform(uniformWords(LEVEL_UNIFORM, { count: c }), 'scan.sizes') });
    if (c === 1) return levels;
    c = Math.ceil(c / WORKGROUP);
    buffer = storageBuffer(kernels.device, 4 * c, 'scan.totals');
  }
}

/** Exclusive prefix sum of levels[0] in place (a row array of n + 1 counts: row[n] becomes the total). */
export function encodeScan(kernels: Kernels, pass: GPUComputePassEncoder, levels: readonly ScanLevel[], top: GPUBuffer, gate?: Gate): void {
  const chunks = kernels.pipeline('neighbors/scan.wgsl', 'chunks');
  const spread = kernels.pipeline('neighbors/scan.wgsl', 'spread');
  levels.forEach((level, l) => {
    const totals = l + 1 < levels.length ? levels[l + 1].buffer : top;
    dispatch(pass, chunks, kernels.bind(chunks, [level.sizes, level.buffer, totals]), Math.ceil(level.count / WORKGROUP), gate);
  });
  for (let l = levels.length - 2; l >= 0; l--) {
    dispatch(pass, spread, kernels.bind(spread, [levels[l].sizes, levels[l].buffer, levels[l + 1].buffer]), levels[l].count, gate);
  }
}
