// The state hashes of an MD run for its receipt, recorded in the worker while a page runs MD
// for as long as it likes: every step at first, and each time the list grows past MAX_HASHES
// the interval doubles and the hashes off it are dropped. A run of ≤ MAX_HASHES steps thus
// hashes every step, as `campjs md --receipt` does up to 1000 steps, and any run gives a
// receipt `campjs verify` checks (its hashes lie on one interval from step 0).
import type { MD } from '../md/md.js';
import { stateHash, stateHashEntry, type Receipt, type StateHash } from '../receipt/receipt.js';
import { VERSION } from '../version.js';
import type { ReceiptInput } from './protocol.js';

/** Hashes kept at most before the interval doubles. */
export const MAX_HASHES = 2048;

export class HashLog {
  private hashes: StateHash[] = [];
  private every = 1;
  /** The error that stopped the run (MdError's message) and the step it was found at, if one did. */
  failure: { readonly message: string; readonly step: number } | null = null;

  constructor(readonly input: ReceiptInput, readonly model: Receipt['model'], private readonly maxHashes = MAX_HASHES) {}

  /** Records the state if its step is on the interval (an MD observer; call at step 0 too). */
  observe(md: MD): void {
    if (md.step % this.every !== 0) return;
    this.hashes.push(stateHashEntry(md)); // as the CLI's receipts: the page's must equal them
    if (this.hashes.length > this.maxHashes) {
      this.every *= 2;
      this.hashes = this.hashes.filter((h) => h.step % this.every === 0);
    }
  }

  /** The receipt of the run from step 0 to where `md` is now. */
  receipt(md: MD): Receipt {
    return {
      format: 'campjs-md-receipt',
      version: 2,
      campjs: VERSION,
      model: this.model,
      input: this.input,
      settings: md.settings,
      // A failed run asked for (at least) the failing step: verify replays up to it and must meet the same error.
      steps: this.failure ? Math.max(md.step, this.failure.step) : md.step,
      hashEvery: this.every,
      hashes: this.hashes.slice(),
      // After a failure the state holds the last good step, not the failed one: no end hash (as the CLI).
      outcome: { steps: md.step, error: this.failure?.message ?? null, interrupted: null, ...(this.failure === null && { sha256: stateHash(md) }) },
    };
  }
}
