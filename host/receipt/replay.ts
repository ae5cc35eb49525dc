// Re-runs the MD of a receipt and compares the state hashes step by step, stopping at the
// first difference. Platform-neutral: the caller supplies the calculator and the structure.
import type { Atoms } from '../atoms.js';
import type { Calculator } from '../calculator.js';
import { MD } from '../md/md.js';
import type { MdStateJson } from '../md/md-state.js';
import { replaySteps, stateHash, type Receipt } from './receipt.js';
import { advanceGpuMd, startGpuMd, stepsToNextOutput } from '../md/gpu-engine-run.js';

/** Where a replay starts: the input structure, or (resumed runs) the state the run resumed. */
export type ReplayStart = Atoms | { readonly state: MdStateJson | Uint8Array };

export interface ReplayResult {
  readonly identical: boolean;
  /** First recorded step whose state differs (or is missing); null when identical. */
  readonly firstDifference: {
    readonly step: number;
    /** Last recorded step that still matched (−1 when none did). */
    readonly lastMatch: number;
    readonly expected: string;
    readonly actual: string;
  } | null;
  /** Steps the replay made. */
  readonly steps: number;
  /** The replay's own error (if it stopped with one), to compare with the receipt's outcome. */
  readonly error: string | null;
}

/**
 * How a replay compares: bit for bit (the hashes; same backend and adapter), or, across
 * backends or adapters, the recorded potential energies within `energyPerAtom` eV per atom.
 */
export type ReplayComparison = 'bits' | { readonly energyPerAtom: number };

/** Where bits cannot match, recorded potential energies must agree within this, eV per atom. */
export const CROSS_BACKEND_ENERGY_TOLERANCE = 1e-4;

/**
 * How a receipt can be checked on a calculator of `backend` (and GPU `adapter`): bit for bit on
 * the backend and adapter it was recorded on (Wasm results are the same on every machine),
 * else by energies, with `note` saying so; on the GPU (f32 only) an f64 run replays in f32.
 */
export function replayComparison(receipt: Receipt, backend: string, adapter?: string): { compare: ReplayComparison; settings: Receipt['settings']; note: string | null } {
  const where = (b: string | undefined, a: string | undefined) => `${b ?? 'wasm'}${a ? ` (${a})` : ''}`;
  const then = where(receipt.model.backend, receipt.model.adapter), now = where(backend, adapter);
  const settings = backend === 'webgpu' ? { ...receipt.settings, precision: 'f32' as const } : receipt.settings;
  if (then === now) return { compare: 'bits', settings, note: null };
  return {
    compare: { energyPerAtom: CROSS_BACKEND_ENERGY_TOLERANCE }, settings,
    note: `the run was recorded on ${then} and this replay runs on ${now}: bits can only match on the same backend and adapter, so the potential energies at the recorded steps are compared within ${CROSS_BACKEND_ENERGY_TOLERANCE} eV/atom instead (trajectories drift apart over long runs)`,
  };
}

/** The GPU engine's Verlet skin, Å (`campjs md`'s default; the edge set is exact at any skin). */
const GPU_SKIN = 1;

/**
 * Replays `receipt` with `calculator` from `start` (the input's atoms, or the resumed state).
 * onStep (optional) sees every step, e.g. for progress. Stops at the first recorded step that
 * differs (by `compare`; default bits).
 */
export async function replayReceipt(receipt: Receipt, calculator: Calculator, start: ReplayStart,
  onStep?: (md: MD) => void, compare: ReplayComparison = 'bits', settings: Receipt['settings'] = receipt.settings): Promise<ReplayResult> {
  const bits = compare === 'bits';
  const expected = new Map(receipt.hashes.map((h) => [h.step, bits ? h.sha256 : h.energy === undefined ? '(no energy recorded)' : `${h.energy} eV`]));
  const energies = new Map(receipt.hashes.map((h) => [h.step, h.energy]));
  let lastMatch = -1;
  let difference: ReplayResult['firstDifference'] = null;
  const check = (md: MD): boolean => {
    const want = expected.get(md.step);
    if (want === undefined) return true;
    const e = energies.get(md.step);
    const got = bits ? stateHash(md) : `${md.energy} eV`;
    const same = bits ? got === want : e !== undefined && Math.abs(md.energy - e) <= compare.energyPerAtom * md.n;
    if (!same) {
      difference = { step: md.step, lastMatch, expected: want, actual: got };
      return false;
    }
    lastMatch = md.step;
    return true;
  };
  let md: MD | null = null;
  let error: string | null = null;
  try {
    md = 'state' in start
      ? await MD.resume(start.state, calculator, { settings, modelSha256: receipt.model.sha256 })
      : await MD.create({ atoms: start, calculator, settings });
    // A webgpu calculator runs nve and langevin on the GPU MD engine, as `campjs md` did (its
    // trajectory does not depend on when states are read back: here at every recorded step).
    const startOk = check(md);
    const gpuRun = startOk ? await startGpuMd(md, GPU_SKIN, () => undefined) : null;
    if (gpuRun) {
      const end = md.step + replaySteps(receipt);
      while (md.step < end) {
        await advanceGpuMd(gpuRun, md, stepsToNextOutput(md.step, [receipt.hashEvery], end - md.step));
        onStep?.(md);
        if (!check(md)) break;
      }
      gpuRun.destroy();
    } else if (startOk) {
      await md.runAsync(replaySteps(receipt), (m) => {
        onStep?.(m);
        return check(m);
      });
    }
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  const steps = md?.step ?? 0;
  const final = receipt.outcome.sha256;
  if (bits && !difference && md && final !== undefined && steps === receipt.outcome.steps) {
    const got = stateHash(md);
    if (got !== final) difference = { step: steps, lastMatch, expected: final, actual: got };
  }
  if (!difference) {
    // Anything recorded beyond where the replay stopped is a difference too.
    const missing = receipt.hashes.find((h) => h.step > lastMatch);
    if (missing && (missing.step > steps || error)) {
      difference = { step: missing.step, lastMatch, expected: expected.get(missing.step)!, actual: error ? `(stopped: ${error})` : '(not reached)' };
    }
  }
  const sameOutcome = error === receipt.outcome.error && steps === receipt.outcome.steps;
  return { identical: difference === null && sameOutcome, firstDifference: difference, steps, error };
}

