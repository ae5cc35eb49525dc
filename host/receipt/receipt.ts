// Reproducibility receipts of MD runs: which model and input bytes (sha256), every setting,
// the campjs version, and a sha256 of the bit patterns of positions and velocities every K
// steps. `campjs verify` re-runs a receipt and reports the first step that differs.
import { Sha256 } from '../util/sha256.js';
import type { MD } from '../md/md.js';
import type { MdSettings } from '../md/settings.js';

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
}

export interface Receipt {
  readonly format: 'campjs-md-receipt';
  readonly version: 1;
  readonly campjs: string;
  readonly model: ReceiptSource & {
    /** Pair-potential spec (`lj:...`) when the model is not a file. */
    readonly spec?: string;
    /** Which weights of a checkpoint were used. */
    readonly weights?: string;
  };
  readonly input: ReceiptSource & { readonly frame: number };
  readonly settings: MdSettings;
  /** Steps asked for. */
  readonly steps: number;
  readonly hashEvery: number;
  readonly hashes: readonly StateHash[];
  /** How the run ended: steps made, and the error that stopped it (if any). */
  readonly outcome: { readonly steps: number; readonly error: string | null };
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
    if (md.step % this.every === 0) this.hashes.push({ step: md.step, sha256: stateHash(md) });
  }
}

/** Default hash interval: every step for short runs, at most ~1000 hashes for long ones. */
export function defaultHashEvery(steps: number): number {
  return Math.max(1, Math.ceil(steps / 1000));
}

/** Checks the shape of a parsed receipt; throws naming the first bad field. */
export function checkReceipt(x: unknown, file: string): Receipt {
  const r = x as Partial<Receipt> | null;
  const fail = (field: string, problem: string): never => {
    throw new Error(`${file}: ${field} ${problem}`);
  };
  if (!r || typeof r !== 'object') fail('receipt', 'is not a JSON object');
  const ok = r as Partial<Receipt>;
  if (ok.format !== 'campjs-md-receipt') fail('format', "is not 'campjs-md-receipt'");
  if (ok.version !== 1) fail('version', `${String(ok.version)} is not supported (1)`);
  if (!ok.model || typeof ok.model.sha256 !== 'string') fail('model', 'lacks sha256');
  if (!ok.input || typeof ok.input.sha256 !== 'string' || !Number.isInteger(ok.input.frame)) fail('input', 'lacks sha256 or frame');
  if (!ok.settings || typeof ok.settings !== 'object') fail('settings', 'is missing');
  if (!Number.isInteger(ok.steps) || (ok.steps as number) < 0) fail('steps', 'is not an integer ≥ 0');
  if (!Number.isInteger(ok.hashEvery) || (ok.hashEvery as number) < 1) fail('hashEvery', 'is not an integer ≥ 1');
  if (!Array.isArray(ok.hashes)) fail('hashes', 'is not an array');
  ok.hashes?.forEach((h, i) => {
    if (!Number.isInteger(h?.step) || typeof h?.sha256 !== 'string') fail(`hashes[${i}]`, 'needs step and sha256');
  });
  if (!ok.outcome || !Number.isInteger(ok.outcome.steps)) fail('outcome', 'lacks steps');
  return ok as Receipt;
}
