// Where an MD run keeps its state: buffers in Wasm linear memory, so the integrator kernels
// work in place. With a CAMP model on this backend they live in the model's own instance (a
// RunState of its device: the neighbour list reads the positions and the evaluator writes the
// forces where they are, no copies between instances); with other calculators, in an instance
// of their own. Allocated once per run; the memory may grow later (the model's buffers), so
// views are made fresh on each access.
import type { RunState } from '../backend.js';
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

let runs = 0;

export class MdMemory implements RunState {
  readonly ptr: MdPointers;
  private readonly core: CoreInstance;

  private constructor(readonly ws: Workspace, readonly n: number, readonly chainLength: number) {
    this.core = ws.core;
    const prefix = `run${runs++}.`; // several runs may share one device
    const b = (name: string, len: number) => ws.buffer(prefix + name, 8 * len).ptr;
    const work = floorScanBytes(ws.core.exports, n);
    this.ptr = {
      r: b('r', 3 * n), v: b('v', 3 * n), f: b('f', 3 * n), m: b('m', n), acc: b('acc', n),
      cell: b('cell', 9), chain: b('chain', NHC.BLOCKS * chainLength), scratch: b('scratch', 16),
      rad: b('rad', n), near: b('near', n),
      floorWork: work > 0 ? ws.buffer(`${prefix}floorWork`, work).ptr : undefined,
    };
  }

  /** A run in an instance of its own. */
  static async create(n: number, chainLength: number): Promise<MdMemory> {
    return new MdMemory(new Workspace(await instantiateCore()), n, chainLength);
  }

  /** A run in the memory of `ws` (a device's workspace, shared with its model). */
  static inWorkspace(ws: Workspace, n: number, chainLength: number): MdMemory {
    return new MdMemory(ws, n, chainLength);
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

/** `state` as this backend's run memory in `ws`, for n atoms; throws when it is another's. */
export function runMemory(state: RunState, ws: Workspace, n: number): MdMemory {
  if (!(state instanceof MdMemory) || state.ws !== ws) throw new Error('wasm backend: this run state lives in another device');
  if (state.n !== n) throw new Error(`wasm backend: the run state holds ${state.n} atoms, not ${n}`);
  return state;
}
