// What a command line names, opened with errors that name the option and the path: input
// files, output files (opened before any work, so an unwritable path fails first) and the model.
import { openSync, readFileSync } from 'node:fs';
import { memoryOption, numberOption } from './args.js';
import { parseWeightsChoice } from '../ckpt/load-ckpt.js';
import { openModel, type ModelSource } from './model-source.js';

/** Opens an output file now, so an unwritable path fails before any work is done. */
export function openOutput(path: string, option: string): number {
  try {
    return openSync(path, 'w');
  } catch (err) {
    throw new Error(`--${option} ${path}: cannot write (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

export function readInputFile(path: string, what: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (err) {
    throw new Error(`${what} ${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

/** Opens --model (CAMP file or pair spec) with --weights / --skin / --memory. */
export function openModelOption(model: string, rawWeights: string | undefined, skin: number | undefined, rawMemory?: string): Promise<ModelSource> {
  const weights = parseWeightsChoice(rawWeights);
  const activationBudget = memoryOption(rawMemory);
  return openModel(model, (p) => readInputFile(p, '--model'), {
    ...(weights && { weights }), ...(skin !== undefined && { skin }), ...(activationBudget !== undefined && { activationBudget }),
  });
}

/** --skin, Å: the neighbour-list skin of a CAMP model (default 1; results do not depend on it). */
export function skinOption(raw: string | undefined): number {
  const skin = numberOption('skin', raw) ?? 1;
  if (skin < 0) throw new Error(`--skin: ${skin} must be ≥ 0`);
  return skin;
}
