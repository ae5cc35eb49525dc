// `campjs verify receipt.json [--model M] [--input F]`: re-runs the MD a receipt describes and
// reports the first step whose positions/velocities differ bitwise, or "identical".
import { dirname, resolve } from 'node:path';
import { stdout } from 'node:process';
import { parseCommand, usage } from './args.js';
import { readInputStructure } from './input-structure.js';
import { checkElements } from './model-source.js';
import { DEFAULT_MODEL } from '../model/default-model.js';
import type { Atoms } from '../atoms.js';
import type { Calculator } from '../calculator.js';
import { checkReceipt, replaySteps, startStep, type Receipt, type ReceiptStart } from '../receipt/receipt.js';
import { CROSS_BACKEND_ENERGY_TOLERANCE as ENERGY_TOLERANCE, replayComparison, replayReceipt } from '../receipt/replay.js';
import { sha256Hex } from '../util/sha256.js';
import { backendOption, openModelOption, readInputFile, skinOption } from './open.js';
import type { BackendChoice } from '../backends/backend.js';
import { createProgress } from './progress.js';

const HELP = `usage: campjs verify <receipt.json> [--model M] [--input FILE] [--skin A] [--backend B] [-q]

Re-runs the MD recorded in a receipt (written by 'campjs md --receipt') and compares the
hashes of positions and velocities. Prints "identical", or the first step that differs.
A resumed run's receipt is replayed from the state it names (a run in segments is a chain of
receipts, one per segment); an interrupted run's receipt is replayed as far as the run went.
Exit status 0 when identical, 1 when not (or on an error: a malformed or inconsistent receipt,
a model, input or state whose sha256 is not the recorded one), 2 for an unknown or missing
option or argument.
  --model M      model file (or lj:... spec, or 'default') instead of the one recorded (paths in the
                 receipt are relative to its folder)
  --input FILE   input structure (or, for a resumed run, state) instead of the one recorded;
                 its sha256 must be the one recorded
  --skin A       neighbour-list skin, Å (CAMP models; default 1; does not change results)
  --backend B    where the replay runs: auto | wasm | webgpu (default: the receipt's backend).
                 Bits can only match on the same backend and GPU adapter; on another one the
                 potential energies at the recorded steps are compared within ${ENERGY_TOLERANCE} eV/atom
  -q, --quiet    no progress bar
`;

function readReceipt(path: string): Receipt {
  const text = new TextDecoder().decode(readInputFile(path, 'receipt'));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${path}: cannot read the receipt (${(err as Error).message})`);
  }
  return checkReceipt(json, path);
}

/** The input structure of a run from step 0; its bytes must be those the receipt recorded. */
function readInput(receipt: Receipt, receiptFile: string, base: string, override: string | undefined, calculator: Calculator): Atoms {
  const recorded = receipt.input as NonNullable<Receipt['input']>;
  const inputPath = override ?? (recorded.path !== null ? resolve(base, recorded.path) : null);
  if (inputPath === null) throw new Error(`${receiptFile}: the receipt names no input; pass --input`);
  const bytes = readInputFile(inputPath, 'input');
  if (sha256Hex(bytes) !== recorded.sha256) throw new Error(`input ${inputPath}: sha256 ${sha256Hex(bytes)} differs from the receipt's ${recorded.sha256}: not the input the run used`);
  const { frame } = readInputStructure(bytes, inputPath, recorded.frame);
  checkElements(calculator, frame.atoms.numbers, inputPath);
  return frame.atoms;
}

/** The state a resumed run started from (--input names it instead of the recorded path). */
function readStart(receipt: Receipt, receiptFile: string, base: string, override: string | undefined): { state: Uint8Array } {
  const recorded = receipt.resume as ReceiptStart;
  const path = override ?? (recorded.path !== null ? resolve(base, recorded.path) : null);
  if (path === null) throw new Error(`${receiptFile}: the receipt names no state; pass --input STATE`);
  const bytes = readInputFile(path, 'state');
  if (sha256Hex(bytes) !== recorded.sha256) throw new Error(`state ${path}: sha256 ${sha256Hex(bytes)} differs from the receipt's ${recorded.sha256}: not the state the run resumed`);
  return { state: bytes };
}

export async function run(args: string[]): Promise<number> {
  const { values: v, positionals } = parseCommand('verify', args, {
    model: { type: 'string' }, input: { type: 'string' }, skin: { type: 'string' }, backend: { type: 'string' }, quiet: { type: 'boolean', short: 'q' }, help: { type: 'boolean', short: 'h' },
  });
  if (v.help) {
    stdout.write(HELP);
    return 0;
  }
  usage(positionals.length === 1, 'verify', `expected one receipt file, got ${positionals.length}`);
  const receiptFile = positionals[0];
  const receipt = readReceipt(receiptFile);
  const base = dirname(resolve(receiptFile));
  // A receipt is evidence about particular bytes: another model or input cannot confirm it.
  const modelArg = v.model ?? receipt.model.spec ?? (receipt.model.builtin !== undefined ? DEFAULT_MODEL : null) ?? (receipt.model.path !== null ? resolve(base, receipt.model.path) : null);
  if (modelArg === null) throw new Error(`${receiptFile}: the receipt names no model; pass --model`);
  const recorded = receipt.model.backend;
  const backend = backendOption(v.backend ?? (recorded === 'webgpu' || recorded === 'wasm' ? recorded : undefined));
  const model = await openModelOption(modelArg, receipt.model.weights, skinOption(v.skin), undefined, backend as BackendChoice, receipt.model.radial, receipt.model.radialKnots);
  if (model.sha256 !== receipt.model.sha256) throw new Error(`model ${modelArg}: sha256 ${model.sha256} differs from the receipt's ${receipt.model.sha256}: not the model the run used`);
  const start = receipt.resume ? readStart(receipt, receiptFile, base, v.input) : readInput(receipt, receiptFile, base, v.input, model.calculator);

  const { compare, settings, note } = replayComparison(receipt, model.backend, model.adapter);
  if (note) stdout.write(`note: ${note}\n`);
  const progress = await createProgress('verify', replaySteps(receipt), { dtFs: receipt.settings.dt, enabled: v.quiet ? false : undefined });
  let last = startStep(receipt);
  const result = await replayReceipt(receipt, model.calculator, start, (md) => {
    if (md.step - last >= 10) {
      progress.update(md.step - startStep(receipt));
      last = md.step;
    }
  }, compare, settings);
  progress.stop();

  if (result.identical && compare !== 'bits') {
    stdout.write(`agrees within ${ENERGY_TOLERANCE} eV/atom: ${result.steps - startStep(receipt)} steps, ${receipt.hashes.length} recorded energies (not bit for bit: another backend or adapter)\n`);
    return 0;
  }
  if (result.identical) {
    const upTo = receipt.outcome.interrupted ? ` (the run was interrupted by ${receipt.outcome.interrupted} after step ${receipt.outcome.steps})` : '';
    stdout.write(`identical${upTo}: ${result.steps - startStep(receipt)} steps, ${receipt.hashes.length} state hashes match${receipt.outcome.error ? ` (and the run stops with the same error: ${receipt.outcome.error})` : ''}\n`);
    return 0;
  }
  const d = result.firstDifference;
  if (d) {
    const window = d.lastMatch === d.step ? ' (the end state; the receipt\'s hash list matched there: its hashes disagree with each other)' : d.lastMatch >= 0 ? ` (identical at step ${d.lastMatch}${receipt.hashEvery > 1 ? `; hashes every ${receipt.hashEvery} steps` : ''})` : ' (already at the start)';
    stdout.write(`differs: first at step ${d.step}${window}\n  receipt: ${d.expected}\n  now:     ${d.actual}\n`);
  } else {
    stdout.write(`differs: the run ended at step ${result.steps} with ${result.error ?? 'no error'}; the receipt's ended at step ${receipt.outcome.steps} with ${receipt.outcome.error ?? 'no error'}\n`);
  }
  return 1;
}
