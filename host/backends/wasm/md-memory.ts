// Where an MD run keeps its state: buffers in the linear memory of its own Wasm core instance
// (so integrator kernels work in place). Allocated once when the run is created; the memory
// never grows afterwards, but views are still made fresh on each access to stay safe.
import type { CoreExports } from './exports.js';
import { instantiateCore, type CoreInstance } from './wasm.js';
import { Workspace } from './workspace.js';
import { NHC } from '../../generated/layouts.js';
import { floorScanBytes } from '../../md/failure-checks.js';

export interface MdPointers {
  /** positions, Å, 3N */
  readonly r: number;
  /** velocities, Å/fs, 3N */
  readonly v: number;
  /** forces, eV/Å, 3N */
  readonly f: number;
  /** masses, amu, N */
  readonly m: number;
  /** 1/(m·MVV2E), N */
  readonly acc: number;
  /** cell rows, Å, 9 (zeros without a cell) */
  readonly cell: number;
  /** thermostat chain (layout NHC): blocks η, v_η, Q of M each */
  readonly chain: number;
  /** scratch for scans (f64[16]) */
  readonly scratch: number;
  /** covalent radii, Å, N (distance floors) */
  readonly rad: number;
  /** scratch of the floor scan, N */
  readonly near: number;
  /** work region of the O(N) floor scan (absent below BINNED_SCAN_FROM atoms) */
  readonly floorWork?: number;
}

export class MdMemory {
  readonly ptr: MdPointers;

  private constructor(private readonly core: CoreInstance, readonly n: number, readonly chainLength: number) {
    const ws = new Workspace(core);
    const b = (name: string, len: number) => ws.buffer(name, 8 * len).ptr;
    const work = floorScanBytes(core.exports, n);
    this.ptr = {
      r: b('r', 3 * n), v: b('v', 3 * n), f: b('f', 3 * n), m: b('m', n), acc: b('acc', n),
      cell: b('cell', 9), chain: b('chain', NHC.BLOCKS * chainLength), scratch: b('scratch', 16),
      rad: b('rad', n), near: b('near', n),
      floorWork: work > 0 ? ws.buffer('floorWork', work).ptr : undefined,
    };
  }

  static async create(n: number, chainLength: number): Promise<MdMemory> {
    return new MdMemory(await instantiateCore(), n, chainLength);
  }

  get ex(): CoreExports {
    return this.core.exports;
  }

  /** A fresh view of `len` f64 at `ptr`. */
  f64(ptr: number, len: number): Float64Array {
    return new Float64Array(this.core.memory.buffer, ptr, len);
  }

  /** Bytes at `ptr` (little-endian in every engine: Wasm memory is). */
  bytes(ptr: number, len: number): Uint8Array {
    return new Uint8Array(this.core.memory.buffer, ptr, len);
  }

  get positions(): Float64Array { return this.f64(this.ptr.r, 3 * this.n); }
  get velocities(): Float64Array { return this.f64(this.ptr.v, 3 * this.n); }
  get forces(): Float64Array { return this.f64(this.ptr.f, 3 * this.n); }
  get masses(): Float64Array { return this.f64(this.ptr.m, this.n); }
  get cell(): Float64Array { return this.f64(this.ptr.cell, 9); }
  get chain(): Float64Array { return this.f64(this.ptr.chain, NHC.BLOCKS * this.chainLength); }
}
