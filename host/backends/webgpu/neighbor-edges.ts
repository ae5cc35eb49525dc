// The buffers of one GpuEdges (gpu-contract.ts) as the GPU neighbour list fills them, plus the
// image shift S (vec4<i32>: S, link) and the centre atom of every edge, which the contract
// leaves out; growing them with slack; reading them back for tests.
import type { GpuEdges } from './gpu-contract.js';
import { storageBuffer, readBack, checkStorageSize } from './limits.js';
import { uniformWords } from './kernels.js';
import { EDGE_SIZES_UNIFORM } from '../../generated/layouts.js';

/** Edge buffers grow with this slack, so fluctuating counts in MD do not reallocate each rebuild. */
const GROWTH = 1.25;
/** Bytes per edge of the largest per-edge buffer (vec, shift: 16). */
export const EDGE_STRIDE = 16;

/** A GpuEdges over buffers this module made; `setCount` keeps the per-edge kernels' uniform in step. */
export class EdgeBuffers implements GpuEdges {
  count = 0;
  /** Uniform (n, count) of the per-edge kernels. */
  readonly sizes: GPUBuffer;
  constructor(
    readonly n: number, readonly capacity: number, readonly row: GPUBuffer,
    readonly nbr: GPUBuffer, readonly rev: GPUBuffer, readonly vec: GPUBuffer,
    readonly shift: GPUBuffer, readonly ctr: GPUBuffer, private readonly device: GPUDevice,
  ) {
    this.sizes = device.createBuffer({ size: 4 * EDGE_SIZES_UNIFORM.WORDS, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, label: 'nl.sizes' });
  }
  setCount(count: number): void {
    this.count = count;
    this.device.queue.writeBuffer(this.sizes, 0, uniformWords(EDGE_SIZES_UNIFORM, { n: this.n, count }));
  }
  destroy(): void {
    for (const b of [this.nbr, this.rev, this.vec, this.shift, this.ctr, this.sizes]) b.destroy();
  }
}

/** `old` if it holds `count` edges of n atoms over `row`, else new buffers with slack (at most maxEdges). */
export function grownEdges(d: GPUDevice, old: EdgeBuffers | null, row: GPUBuffer, n: number, count: number, maxEdges: number, label: string): EdgeBuffers {
  if (old && old.n === n && old.row === row && old.capacity >= count) return old;
  const capacity = Math.max(1, Math.min(maxEdges, Math.ceil(count * GROWTH)));
  checkStorageSize(d, EDGE_STRIDE * capacity, `neighbor list: edge vectors of ${count} edges`);
  old?.destroy();
  return new EdgeBuffers(n, capacity, row,
    storageBuffer(d, 4 * capacity, `${label}.nbr`), storageBuffer(d, 4 * capacity, `${label}.rev`), storageBuffer(d, 16 * capacity, `${label}.vec`),
    storageBuffer(d, 16 * capacity, `${label}.shift`), storageBuffer(d, 4 * capacity, `${label}.ctr`), d);
}

/** What a test or a caller may read back: the edges as host arrays (copies). */
export interface HostEdges {
  readonly count: number;
  readonly rowStart: Uint32Array;
  readonly i: Uint32Array;
  readonly j: Uint32Array;
  readonly shift: Int32Array;
  readonly rev: Uint32Array;
  /** Å, 3 per edge. */
  readonly vec: Float32Array;
}

/** The edges as host arrays (reads everything back: tests and diagnostics only). */
export async function readEdges(device: GPUDevice, e: EdgeBuffers): Promise<HostEdges> {
  const m = e.count;
  const [row, ctr, nbr, shift, rev, vec] = await Promise.all([
    readBack(device, e.row, 4 * (e.n + 1)), readBack(device, e.ctr, 4 * m), readBack(device, e.nbr, 4 * m),
    readBack(device, e.shift, 16 * m), readBack(device, e.rev, 4 * m), readBack(device, e.vec, 16 * m),
  ]);
  const s4 = new Int32Array(shift), v4 = new Float32Array(vec);
  const s3 = new Int32Array(3 * m), v3 = new Float32Array(3 * m);
  for (let k = 0; k < m; k++) for (let x = 0; x < 3; x++) { s3[3 * k + x] = s4[4 * k + x]; v3[3 * k + x] = v4[4 * k + x]; }
  return { count: m, rowStart: new Uint32Array(row), i: new Uint32Array(ctr), j: new Uint32Array(nbr), shift: s3, rev: new Uint32Array(rev), vec: v3 };
}
