// Messages between a page (MdWorkerClient) and the MD Web Worker (worker-entry.ts). Every
// request carries an id; the worker answers it with one 'result' or 'error', and a 'run' also
// streams 'frame's first. Float arrays travel as transferables (moved, not copied).
import type { Atoms } from '../atoms.js';
import type { Thermo } from '../md/md.js';
import type { MdSettings } from '../md/settings.js';
import type { BackendChoice } from '../backends/backend.js';
import type { ComputeOptions, Precision } from '../calculator.js';
import type { FireOptions, FireStepInfo } from '../backends/wasm/fire.js';
import type { EpochReport, StopReason } from '../train/fit.js';
import type { Receipt } from '../receipt/receipt.js';
import type { ReplayResult } from '../receipt/replay.js';

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

/** How the worker's model is loaded (loadModel's options; see CampCalculatorOptions). */
export interface LoadOptions {
  readonly weights?: 'ema' | 'raw';
  /** Bytes each optional reverse-pass store may take (speed for memory; same results). */
  readonly activationBudget?: number;
  readonly backend?: BackendChoice;
  readonly radial?: 'exact' | 'table';
  readonly radialKnots?: number;
  /** Verlet skin, Å (neighbour-list reuse between MD steps; does not change results). */
  readonly skin?: number;
  /** Default arithmetic of 'compute' (MD and optimisation take their own). */
  readonly precision?: Precision;
  /** Threads of the evaluation (1: the default core; more need SharedArrayBuffer); any count gives the same bits. */
  readonly threads?: number;
}

/** Where an MD run's input came from, for its receipt (as `campjs md --receipt` records it). */
export interface ReceiptInput {
  /** File name (relative to where the receipt will be kept), or null. */
  readonly path: string | null;
  /** sha256 of the input file's bytes. */
  readonly sha256: string;
  /** 0-based frame of the file the run started from. */
  readonly frame: number;
}

/** Training settings a page may set (the rest are TrainSettings' defaults). */
export interface FitSettingsInput {
  readonly epochs?: number;
  readonly batchSize?: number;
  /** Adam learning rate. */
  readonly lr?: number;
  readonly seed?: number;
  readonly energyRatio?: number;
  readonly forcesRatio?: number;
  /** Epochs without improvement before early stopping. */
  readonly patience?: number;
}

/** A labelled structure file (extended XYZ with energies and forces, or CAMP JSON). */
export interface WireFile {
  readonly bytes: ArrayBuffer;
  /** File name: its extension picks the reader; messages name it. */
  readonly name: string;
}

export type WorkerRequest =
  /** `model` absent: the built-in model (embedded in the worker bundle, host/model/default-model.ts). */
  | ({ readonly id: number; readonly type: 'load'; readonly model?: ArrayBuffer; readonly name?: string } & LoadOptions)
  /** A structure and MD settings: creates the run (initial velocities, forces at step 0). With `receipt`, state hashes are recorded for 'receipt'. */
  | { readonly id: number; readonly type: 'start'; readonly atoms: WireAtoms; readonly settings: Partial<MdSettings>; readonly receipt?: ReceiptInput }
  /** Continues a run saved with 'save' or 'stop' (MD.serialize bytes), bit for bit unless settings change some (MD.resume). */
  | { readonly id: number; readonly type: 'resume'; readonly state: ArrayBuffer; readonly settings?: Partial<MdSettings> }
  /** `steps` steps; a frame after every `every` steps (default: only the last). */
  /** `forces`: frames carry forces, per-atom energies and stress; `first`: a frame of the state before the first step too. */
  | { readonly id: number; readonly type: 'run'; readonly steps: number; readonly every?: number; readonly velocities?: boolean; readonly forces?: boolean; readonly first?: boolean }
  /** Ends the current run after the chunk in progress (its 'run' still gets a result); answers the state then (null before 'start'). */
  | { readonly id: number; readonly type: 'stop' }
  | { readonly id: number; readonly type: 'save' }
  /** The receipt of the run since 'start' (needs `receipt` on 'start'). */
  | { readonly id: number; readonly type: 'receipt' }
  /** Single point: energy (eV), per-atom energies, forces (eV/Å), stress (Voigt, eV/Å³; full pbc only). */
  | { readonly id: number; readonly type: 'compute'; readonly atoms: WireAtoms; readonly options: ComputeOptions }
  /** FIRE relaxation; a 'progress' (OptProgress) every `every` steps (default 10) and at the end. */
  | { readonly id: number; readonly type: 'optimize'; readonly atoms: WireAtoms; readonly options: FireOptions; readonly every?: number }
  /**
   * Trains with fit(): fine-tunes the loaded model (default) or, with `fresh`, a new one from
   * the data; validation from `valid` or a seeded `validFraction` of `train` (default 0.1).
   * A 'progress' (FitProgress) after every epoch; 'stop' ends it after the batch in progress.
   */
  | { readonly id: number; readonly type: 'fit'; readonly train: WireFile; readonly valid?: WireFile; readonly validFraction?: number;
      readonly settings?: FitSettingsInput; readonly fresh?: boolean; readonly precision?: Precision }
  /** Replays a receipt (JSON text) with the loaded model from its input file, as `campjs verify`; 'progress' (VerifyProgress) on the way. */
  | { readonly id: number; readonly type: 'verify'; readonly receipt: string; readonly receiptName: string; readonly input: WireFile };

/** What 'load' tells about the model: its card. */
export interface ModelCard {
  /** The built-in model's name (e.g. 'campjs-hcno'), or null for a file. */
  readonly builtin: string | null;
  readonly format: 'ckpt' | 'campjs';
  readonly weights: 'ema' | 'raw';
  /** sha256 of the model file's bytes. */
  readonly sha256: string;
  readonly nU: number;
  readonly maxV: number;
  readonly numLayers: number;
  /** Trainable numbers (all tensors but the energy shift and scale). */
  readonly parameters: number;
  readonly trainedIn: 'float32' | 'float64';
  /** Provenance notes carried by the file (training run, epoch…). */
  readonly notes: Readonly<Record<string, string>>;
}

export interface ModelInfo {
  readonly name: string | null;
  /** Å */
  readonly cutoff: number;
  readonly atomicNumbers: readonly number[];
  /** The backend it runs on ('wasm', 'webgpu') and why that one. */
  readonly backend: string;
  readonly backendReason: string;
  readonly card: ModelCard;
  /** Threads its evaluations run on, and why fewer than asked for (e.g. a page not cross-origin isolated). */
  readonly threads: number;
  readonly warnings: readonly string[];
}

export interface ComputeReply {
  /** eV */
  readonly energy: number;
  /** eV per atom */
  readonly energies: Float64Array;
  /** eV/Å, flat N×3; null when not asked for */
  readonly forces: Float64Array | null;
  /** eV/Å³, Voigt (xx yy zz yz xz xy); null unless periodic in all three directions */
  readonly stress: Float64Array | null;
}

export type OptProgress = FireStepInfo;

export interface OptResult extends FireStepInfo {
  readonly converged: boolean;
  /** eV (without the pV term of a cell relaxation) */
  readonly potentialEnergy: number;
  readonly atoms: Atoms;
  /** eV/Å */
  readonly forces: Float64Array;
  readonly stress: Float64Array | null;
}

/** After every epoch of a fit. */
export type FitProgress = EpochReport & {
  /** Epochs to train at most. */
  readonly epochs: number;
};

export interface FitReply {
  readonly reason: StopReason;
  readonly epochs: number;
  /** Best epoch (0-based) by the early-stopping monitor; null if none completed. */
  readonly bestEpoch: number | null;
  /** That monitor, in CAMP's names (e.g. 'val_ema/mse_e', CAMP's default: the EMA weights' energy error). */
  readonly bestMonitor: string;
  /** The best EMA model as a .campjs file, and the best model as a Lightning .ckpt (raw and EMA); null if no epoch completed. */
  readonly campjs: Uint8Array | null;
  readonly ckpt: Uint8Array | null;
  readonly trainFrames: number;
  readonly validFrames: number;
}

/** A replay's verdict; `note` (non-null) says it compared energies, not bits (another backend or adapter). */
export type VerifyResult = ReplayResult & { readonly note: string | null };

export interface VerifyProgress {
  readonly step: number;
  readonly steps: number;
}

export interface MdFrame {
  readonly step: number;
  /** fs */
  readonly time: number;
  /** Å, flat N×3 */
  readonly positions: Float64Array;
  /** Å/fs, when asked for */
  readonly velocities?: Float64Array;
  /** eV/Å, when asked for (with `forces`) */
  readonly forces?: Float64Array;
  /** eV per atom (with `forces`) */
  readonly energies?: Float64Array;
  /** eV/Å³, Voigt (with `forces`, full pbc only) */
  readonly stress?: Float64Array;
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
  receipt: Receipt;
  compute: ComputeReply;
  optimize: OptResult;
  fit: FitReply;
  verify: VerifyResult;
}

/** What 'progress' events carry, per request type. */
export interface Progress {
  optimize: OptProgress;
  fit: FitProgress;
  verify: VerifyProgress;
}

export type WorkerReply =
  | { readonly id: number; readonly type: 'result'; readonly value: unknown }
  /** `details`: the named error's own fields (MdError: failure, step, atoms, distance). */
  | { readonly id: number; readonly type: 'error'; readonly name: string; readonly message: string; readonly details?: Record<string, unknown> }
  | { readonly id: number; readonly type: 'frame'; readonly frame: MdFrame }
  | { readonly id: number; readonly type: 'progress'; readonly progress: Progress[keyof Progress] };

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
