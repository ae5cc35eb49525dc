// `campjs verify receipt.json [--model M] [--input F]`: re-runs the MD a receipt describes and
// reports the first step whose positions/velocities differ bitwise, or "identical".
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { stdout } from 'node:process';
import { parseCommand, usage } from './args.js';
import { readInputStructure } from './input-structure.js';
import { checkElements } from './model-source.js';
import { checkReceipt, type Receipt } from '../receipt/receipt.js';
import { replayReceipt } from '../receipt/replay.js';
import { sha256Hex } from '../util/sha256.js';
import { openModelOption, readInputFile, skinOption } from './open.js';
import { createProgress } from './progress.js';

const HELP = `usage: campjs verify <receipt.json> [--model M] [--input FILE] [--skin A] [-q]

Re-runs the MD recorded in a receipt (written by 'campjs md --receipt') and compares the
hashes of positions and velocities. Prints "identical", or the first step that differs.
Exit status 0 when identical, 1 when not (or on an error), 2 for an unknown or missing option or argument.
  --model M      model file (or lj:... spec) instead of the one recorded (paths in the
                 receipt are relative to its folder)
  --input FILE   input structure instead of the one recorded
  --skin A       neighbour-list skin, Å (CAMP models; default 1; does not change results)
  -q, --quiet    no progress bar
`;

function readReceipt(path: string): Receipt {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: cannot read the receipt (${(err as Error).message})`);
  }
  return checkReceipt(json, path);
}

export async function run(args: string[]): Promise<number> {
  const { values: v, positionals } = parseCommand('verify', args, {
    model: { type: 'string' }, input: { type: 'string' }, skin: { type: 'string' }, quiet: { type: 'boolean', short: 'q' }, help: { type: 'boolean', short: 'h' },
  });
  if (v.help) {
    stdout.write(HELP);
    return 0;
  }
  usage(positionals.length === 1, 'verify', `expected one receipt file, got ${positionals.length}`);
  const receiptFile = positionals[0];
  const receipt = readReceipt(receiptFile);
  const base = dirname(resolve(receiptFile));
  const notes: string[] = [];

  const modelArg = v.model ?? receipt.model.spec ?? (receipt.model.path !== null ? resolve(base, receipt.model.path) : null);
  if (modelArg === null) throw new Error(`${receiptFile}: the receipt names no model; pass --model`);
  const model = await openModelOption(modelArg, receipt.model.weights, skinOption(v.skin));
  if (model.sha256 !== receipt.model.sha256) notes.push(`model ${modelArg}: sha256 ${model.sha256} differs from the receipt's ${receipt.model.sha256}`);

  const inputPath = v.input ?? (receipt.input.path !== null ? resolve(base, receipt.input.path) : null);
  if (inputPath === null) throw new Error(`${receiptFile}: the receipt names no input; pass --input`);
  const bytes = readInputFile(inputPath, 'input');
  if (sha256Hex(bytes) !== receipt.input.sha256) notes.push(`input ${inputPath}: sha256 differs from the receipt's`);
  const { frame } = readInputStructure(bytes, inputPath, receipt.input.frame);
  checkElements(model.calculator, frame.atoms.numbers, inputPath);

  for (const note of notes) stdout.write(`warning: ${note}\n`);
  const progress = await createProgress('verify', receipt.steps, { dtFs: receipt.settings.dt, enabled: v.quiet ? false : undefined });
  let last = 0;
  const result = await replayReceipt(receipt, model.calculator, frame.atoms, (md) => {
    if (md.step - last >= 10) {
      progress.update(md.step);
      last = md.step;
    }
  });
  progress.stop();

  if (result.identical) {
    stdout.write(`identical: ${result.steps} steps, ${receipt.hashes.length} state hashes match${receipt.outcome.error ? ` (and the run stops with the same error: ${receipt.outcome.error})` : ''}\n`);
    return 0;
  }
  const d = result.firstDifference;
  if (d) {
    const window = d.lastMatch >= 0 ? ` (identical at step ${d.lastMatch}${receipt.hashEvery > 1 ? `; hashes every ${receipt.hashEvery} steps` : ''})` : ' (already at the start)';
    stdout.write(`differs: first at step ${d.step}${window}\n  receipt: ${d.expected}\n  now:     ${d.actual}\n`);
  } else {
    stdout.write(`differs: the run ended at step ${result.steps} with ${result.error ?? 'no error'}; the receipt's ended at step ${receipt.outcome.steps} with ${receipt.outcome.error ?? 'no error'}\n`);
  }
  return 1;
}
