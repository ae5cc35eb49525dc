// What a command line names, opened with errors that name the option and the path: input
// files and the model (outputs are planned and written by outputs.ts).
import { readFileSync } from 'node:fs';
import { memoryOption, numberOption } from './args.js';
import { fileError } from './file-error.js';
import type { Precision } from '../calculator.js';
import { parseWeightsChoice } from '../ckpt/load-ckpt.js';
import { openModel, type ModelSource } from './model-source.js';
import type { BackendChoice } from '../backends/backend.js';
import { BACKEND_CHOICES, selectBackend } from '../backends/select.js';
import { radialMode, type RadialMode } from '../model/radial-table.js';

export function readInputFile(path: string, what: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (err) {
    throw fileError(what, path, 'read', err);
  }
}

/** Opens --model (CAMP file or pair spec) with --weights / --skin / --memory / --backend / --radial (radialKnots: a receipt's). */
export function openModelOption(model: string, rawWeights: string | undefined, skin: number | undefined, rawMemory?: string,
  backend?: BackendChoice, rawRadial?: string, radialKnots?: number): Promise<ModelSource> {
  const weights = parseWeightsChoice(rawWeights);
  const activationBudget = memoryOption(rawMemory);
  const radial = radialOption(rawRadial);
  return openModel(model, (p) => readInputFile(p, '--model'), {
    ...(weights && { weights }), ...(skin !== undefined && { skin }), ...(activationBudget !== undefined && { activationBudget }), backend,
    ...(radial !== undefined && { radial }), ...(radialKnots !== undefined && { radialKnots }),
  });
}

/** The `--backend` help lines, their text starting at column `column` as the command's other options. */
export function backendHelp(column: number): string {
  return `${'  --backend B'.padEnd(column)}where the model runs: ${BACKEND_CHOICES.join(' | ')} (default auto: webgpu\n`
    + `${' '.repeat(column)}on a hardware GPU adapter, else wasm; webgpu computes in f32)`;
}

/** --backend: a backend this build can run (checked before any file is read), default 'auto'. */
export function backendOption(raw: string | undefined): BackendChoice {
  const choice = (raw ?? 'auto') as BackendChoice;
  if (!BACKEND_CHOICES.includes(choice)) throw new Error(`--backend: '${raw}' must be one of ${BACKEND_CHOICES.join(', ')}`);
  try {
    selectBackend(choice);
  } catch (err) {
    throw new Error(`--backend: ${(err as Error).message}`);
  }
  return choice;
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
