// What a command line names, opened with errors that name the option and the path: input
// files and the model (outputs are planned and written by outputs.ts).
import { readFileSync } from 'node:fs';
import { memoryOption, numberOption } from './args.js';
import { fileError } from './file-error.js';
import type { Precision } from '../calculator.js';
import { parseWeightsChoice } from '../ckpt/load-ckpt.js';
import { openModel, type ModelSource } from './model-source.js';
import { radialMode, type RadialMode } from '../model/radial-table.js';

export function readInputFile(path: string, what: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (err) {
    throw fileError(what, path, 'read', err);
  }
}

/** Opens --model (CAMP file or pair spec) with --weights / --skin / --memory / --radial (radialKnots: a receipt's). */
export function openModelOption(model: string, rawWeights: string | undefined, skin: number | undefined, rawMemory?: string,
  rawRadial?: string, radialKnots?: number): Promise<ModelSource> {
  const weights = parseWeightsChoice(rawWeights);
  const activationBudget = memoryOption(rawMemory);
  const radial = radialOption(rawRadial);
  return openModel(model, (p) => readInputFile(p, '--model'), {
    ...(weights && { weights }), ...(skin !== undefined && { skin }), ...(activationBudget !== undefined && { activationBudget }),
    ...(radial !== undefined && { radial }), ...(radialKnots !== undefined && { radialKnots }),
  });
}

/** --radial: exact | table, or undefined when absent (exact). */
export function radialOption(raw: string | undefined): RadialMode | undefined {
  if (raw === undefined) return undefined;
  try {
    return radialMode(raw);
  } catch {
    throw new Error(`--radial: '${raw}' must be exact or table`);
  }
}

/** The --radial help line, its text starting at column `column` as the command's other options. */
export function radialHelp(column: number): string {
  return `${'  --radial M'.padEnd(column)}exact | table: radial MLPs run exactly (default) or looked up in splines\n${' '.repeat(column)}tabulated at load (f64 forces within 1e-7 eV/Å of exact; faster)`;
}

/** --skin, Å: the neighbour-list skin of a CAMP model (default 1; results do not depend on it). */
export function skinOption(raw: string | undefined): number {
  const skin = numberOption('skin', raw) ?? 1;
  if (skin < 0) throw new Error(`--skin: ${skin} must be ≥ 0`);
  return skin;
}

/** --precision: f64 | f32, or undefined when absent (each command's default then applies). */
export function precisionOption(raw: string | undefined): Precision | undefined {
  if (raw !== undefined && raw !== 'f64' && raw !== 'f32') throw new Error(`--precision: '${raw}' must be f64 or f32`);
  return raw;
}
