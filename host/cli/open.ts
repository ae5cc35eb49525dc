// What a command line names, opened with errors that name the option and the path: input
// files and the model (outputs are planned and written by outputs.ts).
import { readFileSync } from 'node:fs';
import { stderr } from 'node:process';
import { memoryOption, numberOption } from './args.js';
import { fileError } from './file-error.js';
import type { Precision } from '../calculator.js';
import { parseWeightsChoice } from '../ckpt/load-ckpt.js';
import { openModel, type ModelSource } from './model-source.js';
import type { BackendChoice } from '../backends/backend.js';
import { BACKEND_CHOICES, selectBackend } from '../backends/select.js';
import { radialMode, type RadialMode } from '../model/radial-table.js';
import { MAX_THREADS, threadCount } from '../backends/wasm-threads/support.js';

export function readInputFile(path: string, what: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (err) {
    throw fileError(what, path, 'read', err);
  }
}

/**
 * Opens --model (CAMP file or pair spec) with --weights / --skin / --memory / --backend / --radial
 * (radialKnots: a receipt's) / --threads; what the model says about how it runs goes to stderr.
 */
export async function openModelOption(model: string, rawWeights: string | undefined, skin: number | undefined, rawMemory?: string,
  backend?: BackendChoice, rawRadial?: string, radialKnots?: number, rawThreads?: string): Promise<ModelSource> {
  const weights = parseWeightsChoice(rawWeights);
  const activationBudget = memoryOption(rawMemory);
  const radial = radialOption(rawRadial);
  const threads = threadsOption(rawThreads);
  const source = await openModel(model, (p) => readInputFile(p, '--model'), {
    ...(weights && { weights }), ...(skin !== undefined && { skin }), ...(activationBudget !== undefined && { activationBudget }), backend,
    ...(radial !== undefined && { radial }), ...(radialKnots !== undefined && { radialKnots }), ...(threads !== undefined && { threads }),
  });
  for (const w of source.warnings ?? []) stderr.write(`campjs: ${w}\n`);
  return source;
}

/** --threads: an integer from 1 to MAX_THREADS, or undefined when absent (1). */
export function threadsOption(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  try {
    return threadCount(n);
  } catch {
    throw new Error(`--threads: '${raw}' must be an integer from 1 to ${MAX_THREADS}`);
  }
}

/**
 * ' on N threads' for a command's summary line when --threads was given (else ''): N is what
 * the calculator reports its evaluations run on, so a request that fell back to one thread, or
 * was lost on the way, shows as such.
 */
export function threadsNote(raw: string | undefined, calculator: object): string {
  if (raw === undefined) return '';
  const n = (calculator as { threads?: number }).threads ?? 1;
  return ` on ${n} thread${n === 1 ? '' : 's'}`;
}

/** The --threads help line, its text starting at column `column` as the command's other options. */
export function threadsHelp(column: number): string {
  return `${'  --threads N'.padEnd(column)}threads a model evaluation runs on (default 1; the same bits for any N)`;
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
