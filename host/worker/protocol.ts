// Messages between a page (MdWorkerClient) and the MD Web Worker (worker-entry.ts). Every
// request carries an id; the worker answers it with one 'result' or 'error', and a 'run' also
// streams 'frame's first. Float arrays travel as transferables (moved, not copied).
import type { Atoms } from '../atoms.js';
import type { Thermo } from '../md/md.js';
import type { MdSettings } from '../md/settings.js';
import type { BackendChoice } from '../backends/backend.js';

/** A structure as it crosses the boundary (typed arrays only; structured-clone safe). */
export interface WireAtoms {
  readonly numbers: Int32Array;
  /** Å, flat N×3 */
  readonly positions: Float64Array;
  /** Å, rows; null without a cell */
  readonly cell: Float64Array | null;
  readonly pbc: readonly [boolean, boolean, boolean];
  /** Å/fs, flat N×3 */
  readonly velocities?: Float64Array;
  /** amu */
  readonly masses?: Float64Array;
}

export type WorkerRequest =
  /** `model` absent: the built-in model (embedded in the worker bundle, host/model/default-model.ts). */
  | { readonly id: number; readonly type: 'load'; readonly model?: ArrayBuffer; readonly name?: string; readonly weights?: 'ema' | 'raw'; readonly activationBudget?: number;
      readonly backend?: BackendChoice; readonly radial?: 'exact' | 'table'; readonly radialKnots?: number; readonly threads?: number }
  /** A structure and MD settings: creates the run (initial velocities, forces at step 0). */
  | { readonly id: number; readonly type: 'start'; readonly atoms: WireAtoms; readonly settings: Partial<MdSettings> }
  /** Continues a run saved with 'save' or 'stop' (MD.serialize bytes), bit for bit unless settings change some (MD.resume). */
  | { readonly id: number; readonly type: 'resume'; readonly state: ArrayBuffer; readonly settings?: Partial<MdSettings> }
  /** `steps` steps; a frame after every `every` steps (default: only the last). */
  | { readonly id: number; readonly type: 'run'; readonly steps: number; readonly every?: number; readonly velocities?: boolean }
  /** Ends the current run after the chunk in progress (its 'run' still gets a result); answers the state then (null before 'start'). */
  | { readonly id: number; readonly type: 'stop' }
  | { readonly id: number; readonly type: 'save' };

export interface ModelInfo {
  readonly name: string | null;
  /** Å */
  readonly cutoff: number;
  readonly atomicNumbers: readonly number[];
  /** Threads its evaluations run on, and why fewer than asked for (e.g. a page not cross-origin isolated). */
  readonly threads: number;
  readonly warnings: readonly string[];
}

export interface MdFrame {
  readonly step: number;
  /** fs */
  readonly time: number;
  /** Å, flat N×3 */
  readonly positions: Float64Array;
  /** Å/fs, when asked for */
  readonly velocities?: Float64Array;
  readonly thermo: Thermo;
}

export interface RunResult {
  /** Steps made by this request (fewer than asked when stopped). */
  readonly steps: number;
  readonly stopped: boolean;
  readonly thermo: Thermo;
}

export interface SavedState {
  /** MD.serialize() bytes: resume them here, in another worker, or with MD.resume anywhere. */
  readonly state: Uint8Array;
  readonly atoms: Atoms;
  readonly thermo: Thermo;
}

/** What each request answers with. */
export interface Results {
  load: ModelInfo;
  start: Thermo;
  resume: Thermo;
  run: RunResult;
  stop: SavedState | null;
  save: SavedState;
}

export type WorkerReply =
  | { readonly id: number; readonly type: 'result'; readonly value: unknown }
  | { readonly id: number; readonly type: 'error'; readonly name: string; readonly message: string }
  | { readonly id: number; readonly type: 'frame'; readonly frame: MdFrame };

export function toWireAtoms(atoms: Atoms): WireAtoms {
  const f64 = (a: ArrayLike<number>) => Float64Array.from(a);
  return {
    numbers: Int32Array.from(atoms.numbers),
    positions: f64(atoms.positions),
    cell: atoms.cell ? f64(atoms.cell) : null,
    pbc: atoms.pbc ? [atoms.pbc[0], atoms.pbc[1], atoms.pbc[2]] : [false, false, false],
    ...(atoms.velocities ? { velocities: f64(atoms.velocities) } : {}),
    ...(atoms.masses ? { masses: f64(atoms.masses) } : {}),
  };
}

/**
 * Buffers to transfer for these arrays: only arrays that own their whole buffer (fresh copies),
 * so a view into Wasm memory or into a caller's larger buffer is never detached.
 */
export function ownBuffers(...arrays: (ArrayBufferView | null | undefined)[]): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const a of arrays) {
    if (!a || !(a.buffer instanceof ArrayBuffer) || a.byteOffset !== 0 || a.byteLength !== a.buffer.byteLength) continue;
    if (!out.includes(a.buffer)) out.push(a.buffer);
  }
  return out;
}
