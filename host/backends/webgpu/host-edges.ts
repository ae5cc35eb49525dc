// Edges found on the host (the Wasm neighbour list, in f64) uploaded into a GpuEdges: CSR rows,
// neighbours and reverse edges as u32, edge vectors rounded once to f32 (vec4, w = 0). The
// buffers grow by 1.25× when a list outgrows them and are otherwise rewritten in place. GPUR's
// neighbour list on the GPU writes the same GpuEdges without this upload.
import type { GpuEdges } from './gpu-contract.js';

/** A host-side CSR edge list: what the Wasm neighbour list keeps in linear memory. */
export interface HostEdges {
  readonly n: number;
  readonly count: number;
  /** i32[n + 1]. */
  readonly rowStart: Int32Array;
  /** i32[count]. */
  readonly j: Int32Array;
  /** i32[count]. */
  readonly rev: Int32Array;
  /** f64[3·count], Å. */
  readonly vec: Float64Array;
}

const GROWTH = 1.25;

export class HostEdgeUpload {
  private edges: GpuEdges | null = null;

  constructor(private readonly device: GPUDevice) {}

  private buffer(bytes: number, label: string): GPUBuffer {
    return this.device.createBuffer({ label, size: Math.max(16, bytes), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
  }

  /** The GpuEdges holding `h` (the same object while n and the capacity hold). */
  upload(h: HostEdges): GpuEdges {
    let e = this.edges;
    if (!e || e.n !== h.n || e.capacity < h.count) {
      if (e) for (const b of [e.row, e.nbr, e.rev, e.vec]) b.destroy();
      const capacity = Math.max(1, Math.ceil(h.count * (e ? GROWTH : 1)));
      e = {
        n: h.n, count: h.count, capacity, row: this.buffer(4 * (h.n + 1), 'edges row'), nbr: this.buffer(4 * capacity, 'edges nbr'),
        rev: this.buffer(4 * capacity, 'edges rev'), vec: this.buffer(16 * capacity, 'edges vec'),
      };
    } else {
      (e as { count: number }).count = h.count; // the same object: a force pass keeps its bind groups
    }
    this.edges = e;
    const q = this.device.queue;
    q.writeBuffer(e.row, 0, h.rowStart.subarray(0, h.n + 1));
    if (h.count > 0) {
      q.writeBuffer(e.nbr, 0, h.j.subarray(0, h.count));
      q.writeBuffer(e.rev, 0, h.rev.subarray(0, h.count));
      const v = new Float32Array(4 * h.count);
      for (let k = 0; k < h.count; k++) {
        v[4 * k] = h.vec[3 * k];
        v[4 * k + 1] = h.vec[3 * k + 1];
        v[4 * k + 2] = h.vec[3 * k + 2];
      }
      q.writeBuffer(e.vec, 0, v);
    }
    return e;
  }

  destroy(): void {
    if (this.edges) for (const b of [this.edges.row, this.edges.nbr, this.edges.rev, this.edges.vec]) b.destroy();
    this.edges = null;
  }
}
