// `campjs verify` in the worker: a receipt (JSON text) and its input file are checked against
// the loaded model (the same sha256, weights and radial mode), then replayed step by step and
// compared hash by hash (host/receipt/replay.ts).
import type { CampCalculator } from '../calculators/camp-calculator.js';
import { checkReceipt } from '../receipt/receipt.js';
import { replayComparison, replayReceipt, type ReplayResult } from '../receipt/replay.js';
import { readInputStructure } from '../cli/input-structure.js';
import { checkElements } from '../md/check-elements.js';
import { sha256Hex } from '../util/sha256.js';
import type { VerifyProgress, VerifyResult, WireFile } from './protocol.js';

/** Steps between two progress events. */
const PROGRESS_EVERY = 50;

export async function verifyReceipt(calc: CampCalculator, text: string, receiptName: string, input: WireFile, progress: (p: VerifyProgress) => void): Promise<VerifyResult> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${receiptName}: not a receipt (${(err as Error).message})`);
  }
  const receipt = checkReceipt(json, receiptName);
  if (receipt.resume) throw new Error(`${receiptName}: a resumed run's receipt needs its start state; verify it with 'campjs verify'`);
  const m = receipt.model;
  if (m.spec) throw new Error(`${receiptName}: the run used a pair potential (${m.spec}); verify it with 'campjs verify'`);
  if (m.sha256 !== calc.modelSha256) throw new Error(`${receiptName}: the run used model ${m.builtin ?? m.path ?? ''} (sha256 ${m.sha256.slice(0, 12)}…), not the loaded one (${calc.modelSha256?.slice(0, 12)}…): load that model first`);
  if ((m.weights ?? 'ema') !== calc.model.source.weights) throw new Error(`${receiptName}: the run used the ${m.weights} weights; the model was loaded with ${calc.model.source.weights}`);
  if ((m.radial ?? 'exact') !== calc.radial || m.radialKnots !== calc.radialKnots) throw new Error(`${receiptName}: the run used radial mode ${m.radial ?? 'exact'}${m.radialKnots ? ` (${m.radialKnots} knots)` : ''}; the model was loaded with ${calc.radial}`);
  const bytes = new Uint8Array(input.bytes);
  const recorded = receipt.input!;
  const sha = sha256Hex(bytes);
  if (sha !== recorded.sha256) throw new Error(`input ${input.name}: sha256 ${sha.slice(0, 12)}… differs from the receipt's ${recorded.sha256.slice(0, 12)}…: not the input the run used${recorded.path ? ` (${recorded.path})` : ''}`);
  const { frame } = readInputStructure(bytes, input.name, recorded.frame);
  checkElements(calc, frame.atoms.numbers, input.name);
  // As `campjs verify`: bits on the recorded backend and adapter, energies elsewhere (said in `note`).
  const { compare, settings, note } = replayComparison(receipt, calc.backend, (calc.device as { adapter?: string }).adapter);
  const result = await replayReceipt(receipt, calc, frame.atoms, (md) => {
    if (md.step % PROGRESS_EVERY === 0) progress({ step: md.step, steps: receipt.steps });
  }, compare, settings);
  return { ...result, note };
}
