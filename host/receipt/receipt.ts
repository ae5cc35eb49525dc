// Reproducibility receipts of MD runs: which model and input bytes (sha256), every setting,
// the campjs version, and a sha256 of the bit patterns of positions and velocities every K
// steps. `campjs verify` re-runs a receipt and reports the first step that differs.
import { Sha256 } from '../util/sha256.js';
import type { MD } from '../md/md.js';
import { checkSettingsKeys, MAX_STATE_STEP } from '../md/md-state.js';
import { resolveSettings, type MdSettings } from '../md/settings.js';
import { MAX_RADIAL_KNOTS } from '../model/radial-table.js';

export interface ReceiptSource {
  /** Where the bytes came from (the CLI records it relative to the receipt's folder), or null. */
  readonly path: string | null;
  /** sha256 of the bytes (for a pair potential: of its canonical spec text). */
  readonly sha256: string;
}

export interface StateHash {
  readonly step: number;
  /** sha256 of positions then velocities, f64 little-endian bytes. */
  readonly sha256: string;
  /**
   * Potential energy at that step, eV: what `verify` compares, with a tolerance, when it
   * replays on another backend or adapter (bits match only on the same one). Absent in
   * receipts of campjs before the WebGPU backend.
   */
  readonly energy?: number;
}

/** The state a resumed run started from (receipt version 2). */
export interface ReceiptStart {
  /** The state file (the CLI records it relative to the receipt's folder), or null. */
  readonly path: string | null;
  /** sha256 of the state file's bytes. */
  readonly sha256: string;
  /** Its step: the run continues the step count from here. */
  readonly step: number;
}

export interface Receipt {
  readonly format: 'campjs-md-receipt';
  /** 1: runs from an input structure; 2 adds `resume` and `outcome.interrupted`. Both are read. */
  readonly version: 1 | 2;
  readonly campjs: string;
  readonly model: ReceiptSource & {
    /** Pair-potential spec (`lj:...`) when the model is not a file. */
    readonly spec?: string;
    /** The built-in model's name (e.g. 'campjs-hcno') when the run used it (then path is null). */
    readonly builtin?: string;
    /** Which weights of a checkpoint were used. */
    readonly weights?: string;
    /**
     * The backend the model ran on. Wasm results do not depend on the machine; WebGPU results
     * are the same bits only on the same adapter (`adapter`), so verify replays on this backend.
     */
    readonly backend?: string;
    /** The GPU adapter of a webgpu run (vendor, architecture, description). */
    readonly adapter?: string;
    /** 'table': radial MLPs looked up in splines of radialKnots knots (absent: exact). */
    readonly radial?: 'table';
    readonly radialKnots?: number;
  };
  /** The input structure; null when the run resumed from a state (then `resume` is set). */
  readonly input: (ReceiptSource & { readonly frame: number }) | null;
  /**
   * A resumed run: the state it started from. A run in segments (langevin, then nve) is a chain
   * of receipts, each replayed from the state the previous segment wrote (as LAMMPS restarts).
   */
  readonly resume?: ReceiptStart;
  /** Settings of this run (a resumed run may have changed them from the state's). */
  readonly settings: MdSettings;
  /** Steps asked for (from the start step). */
  readonly steps: number;
  readonly hashEvery: number;
  /** Hashes at every step s with s % hashEvery = 0, from the start step to outcome.steps. */
  readonly hashes: readonly StateHash[];
  /**
   * How the run ended: the step it reached (counted from 0, also for resumed runs), the error
   * that stopped it (if any), and the signal that interrupted it (if any; then it stopped
   * cleanly after outcome.steps and verify replays that far), and (version 2, runs that did not
   * fail) the state hash at outcome.steps, so the end is checked whatever the hash interval.
   */
  readonly outcome: { readonly steps: number; readonly error: string | null; readonly interrupted?: string | null; readonly sha256?: string };
}

/** sha256 of the current positions and velocities, bit for bit. */
export function stateHash(md: MD): string {
  const { positions, velocities } = md.stateBytes();
  return new Sha256().update(positions).update(velocities).hex();
}

/** Hashes of the state at step 0 and every `every` steps (use as, or inside, an MD observer). */
export class HashRecorder {
  readonly hashes: StateHash[] = [];

  constructor(readonly every: number) {
    if (!Number.isInteger(every) || every < 1) throw new Error(`receipt: hash interval ${every} must be an integer ≥ 1`);
  }

  /** Records the state if its step is on the interval. */
  observe(md: MD): void {
    if (md.step % this.every === 0) this.hashes.push({ step: md.step, sha256: stateHash(md), energy: md.energy });
  }
}

/** Default hash interval: every step for short runs, at most ~1000 hashes for long ones. */
export function defaultHashEvery(steps: number): number {
  return Math.max(1, Math.ceil(steps / 1000));
}

/** Step the run of a receipt started from (0, or the resumed state's). */
export function startStep(r: Receipt): number {
  return r.resume?.step ?? 0;
}

/** Steps a replay makes: the steps asked for, or as far as an interrupted run went. */
export function replaySteps(r: Receipt): number {
  return r.outcome.interrupted ? r.outcome.steps - startStep(r) : r.steps;
}

const TOP_KEYS = ['format', 'version', 'campjs', 'model', 'input', 'resume', 'settings', 'steps', 'hashEvery', 'hashes', 'outcome'];
const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Checks a parsed receipt; throws naming the first bad field. Everything is checked
 * arithmetically before any replay, so a tampered or absurd receipt fails at once: the hash
 * list must hold exactly the steps the run made on its interval (an empty or short list cannot
 * pass as "identical"), and step counts stay within what MD can run.
 */
export function checkReceipt(x: unknown, file: string): Receipt {
  const fail = (field: string, problem: string): never => {
    throw new Error(`${file}: ${field} ${problem}`);
  };
  if (!x || typeof x !== 'object' || Array.isArray(x)) fail('receipt', 'is not a JSON object');
  const r = x as Partial<Receipt>;
  if (r.format !== 'campjs-md-receipt') fail('format', `${JSON.stringify(r.format)} is not 'campjs-md-receipt'`);
  if (r.version !== 1 && r.version !== 2) fail('version', `${String(r.version)} is not supported (this campjs reads 1 and 2)`);
  const extra = Object.keys(r).find((k) => !TOP_KEYS.includes(k));
  if (extra !== undefined) fail(extra, 'is not a receipt field');
  if (!r.model || typeof r.model !== 'object' || !SHA256.test(String(r.model.sha256))) fail('model.sha256', 'is missing or not a sha256');
  const { radial, radialKnots } = r.model as Receipt['model'];
  const { backend, adapter } = r.model as Receipt['model'];
  if (backend !== undefined && typeof backend !== 'string') fail('model.backend', 'is not a string');
  if (adapter !== undefined && typeof adapter !== 'string') fail('model.adapter', 'is not a string');
  if (radial !== undefined && radial !== 'table') fail('model.radial', `${JSON.stringify(radial)} is not 'table' (exact runs record no radial mode)`);
  if ((radial === undefined) !== (radialKnots === undefined)) fail('model.radialKnots', 'must be given exactly when model.radial is');
  if (radialKnots !== undefined && (!Number.isInteger(radialKnots) || radialKnots < 2 || radialKnots > MAX_RADIAL_KNOTS)) {
    fail('model.radialKnots', `${String(radialKnots)} is not an integer 2 … ${MAX_RADIAL_KNOTS}`);
  }
  const resume = r.resume;
  if (resume !== undefined) {
    if (r.version === 1) fail('resume', 'needs receipt version 2');
    if (!resume || !SHA256.test(String(resume.sha256))) fail('resume.sha256', 'is missing or not a sha256');
    if (!Number.isSafeInteger(resume.step) || resume.step < 0 || resume.step > MAX_STATE_STEP) fail('resume.step', `is not an integer 0 … ${MAX_STATE_STEP}`);
    if (r.input != null) fail('input', 'must be null in a resumed run (it starts from resume)');
  } else if (!r.input || !SHA256.test(String(r.input.sha256)) || !Number.isInteger(r.input.frame)) {
    fail('input', 'lacks sha256 or frame');
  }
  if (!r.settings || typeof r.settings !== 'object') fail('settings', 'is missing');
  try {
    checkSettingsKeys(r.settings as object);
    resolveSettings(r.settings as MdSettings);
  } catch (err) {
    fail('settings', `are not valid: ${(err as Error).message.replace(/^md: /, '')}`);
  }
  const start = resume?.step ?? 0;
  if (!Number.isSafeInteger(r.steps) || (r.steps as number) < 0 || start + (r.steps as number) > MAX_STATE_STEP) {
    fail('steps', `${String(r.steps)} is not an integer 0 … ${MAX_STATE_STEP - start}`);
  }
  if (!Number.isSafeInteger(r.hashEvery) || (r.hashEvery as number) < 1) fail('hashEvery', 'is not an integer ≥ 1');
  const o = r.outcome;
  if (!o || typeof o !== 'object') fail('outcome', 'is missing');
  const end = (o as Receipt['outcome']).steps;
  if (!Number.isSafeInteger(end) || end < start || end > start + (r.steps as number)) fail('outcome.steps', `${String(end)} is not a step ${start} … ${start + (r.steps as number)}`);
  const error = (o as Receipt['outcome']).error;
  if (error !== null && typeof error !== 'string') fail('outcome.error', 'is not a string or null');
  const interrupted = (o as Receipt['outcome']).interrupted;
  if (interrupted !== undefined && interrupted !== null && typeof interrupted !== 'string') fail('outcome.interrupted', 'is not a string or null');
  const final = (o as Receipt['outcome']).sha256;
  if (final !== undefined && (r.version === 1 || !SHA256.test(String(final)))) fail('outcome.sha256', r.version === 1 ? 'needs receipt version 2' : 'is not a sha256');
  if (error === null && !interrupted && end !== start + (r.steps as number)) fail('outcome.steps', `${end}: a run that neither failed nor was interrupted reaches step ${start + (r.steps as number)}`);
  if (!Array.isArray(r.hashes)) fail('hashes', 'is not an array');
  const every = r.hashEvery as number;
  const first = Math.ceil(start / every) * every;
  const count = end >= first ? Math.floor((end - first) / every) + 1 : 0;
  const hashes = r.hashes as StateHash[];
  if (hashes.length !== count) {
    fail('hashes', `has ${hashes.length} entries; a run from step ${start} to ${end} hashed every ${every} steps has ${count}`);
  }
  hashes.forEach((h, i) => {
    if (h?.step !== first + i * every || !SHA256.test(String(h?.sha256))) fail(`hashes[${i}]`, `must be { step: ${first + i * every}, sha256: 64 hex digits }`);
    if (h.energy !== undefined && !Number.isFinite(h.energy)) fail(`hashes[${i}].energy`, `${String(h.energy)} is not a finite number (eV)`);
  });
  return r as Receipt;
}
