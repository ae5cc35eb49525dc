// What the WebGPU backend's parts exchange on the device (issue #11): the neighbour list on the
// GPU writes a GpuEdges, the model's force pass reads it and writes per-atom energies, forces and
// the virial into buffers the caller owns. Nothing here crosses the bus: a caller that wants a
// number encodes a copy into a MAP_READ buffer itself. Every buffer is a plain storage array with
// the layout stated beside it (f32 and u32 words, no padding beyond what is written here).
// Units: Å, eV, eV/Å.
import type { Gate } from './kernels.js';

/** Edges sorted by centre atom i (a fixed order: the Wasm core's order within each row). */
export interface GpuEdges {
  /** Atoms. */
  readonly n: number;
  /** Directed edges in use (≤ capacity); the rows below cover exactly these. */
  readonly count: number;
  /** Edges the buffers have room for (so a new list of up to this size needs no reallocation). */
  readonly capacity: number;
  /** u32[n + 1]: CSR row starts; the edges of atom i are row[i] .. row[i+1]-1. */
  readonly row: GPUBuffer;
  /** u32[capacity]: neighbour atom j of each edge. */
  readonly nbr: GPUBuffer;
  /** u32[capacity]: index of the reverse edge (j, i, −S) of each edge. */
  readonly rev: GPUBuffer;
  /** vec4<f32>[capacity]: (r_ij = x_j − x_i + S·cell in Å, 0). Refreshed by whoever moves atoms. */
  readonly vec: GPUBuffer;
}

/** Where a force pass writes; every buffer belongs to the caller and outlives the pass. */
export interface GpuForceOutputs {
  /** f32[n]: atomic energies, eV. */
  readonly energies: GPUBuffer;
  /** f32[3n]: forces, eV/Å, atom-major (x, y, z); absent: energies only. */
  readonly forces?: GPUBuffer;
  /**
   * f32[9]: virial W_ab = Σ_e r_e[a]·∂E/∂r_e[b] (symmetrised), eV, summed over edges in edge
   * order; absent: not computed.
   */
  readonly virial?: GPUBuffer;
}

/** How a pass records its dispatches. */
export interface EncodeOptions {
  /** Issue every dispatch through this (a batch of MD steps gates them on the rebuild check). */
  readonly gate?: Gate;
}

/**
 * A model's whole evaluation as GPU work: records its dispatches into `encoder` (reading
 * edges.vec and the atom types it was made with) and returns; the caller submits. Bind groups
 * and scratch are made once per (edges, outputs) pair and reused, so a step encodes only.
 */
export interface GpuForcePass {
  readonly n: number;
  encode(encoder: GPUCommandEncoder, edges: GpuEdges, out: GpuForceOutputs, options?: EncodeOptions): void;
  /** Frees the pass's own buffers (not the caller's). */
  destroy(): void;
}
