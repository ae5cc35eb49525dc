// `campjs eval --model <ckpt|campjs> <structures> [--precision f64|f32] [--weights ema|raw]
// [-o out.extxyz|out.json]`: a model's energy, forces and stress on every frame of a file, and its
// errors against the file's reference (DFT) labels when it has them.
import { basename } from 'node:path';
import { stderr, stdout } from 'node:process';
import { memoryHelp, memoryOption, parseCommand, usage } from './args.js';
import { backendHelp, backendOption, precisionOption, radialHelp, radialOption, readInputFile, threadsHelp, threadsNote, threadsOption } from './open.js';
import type { BackendChoice } from '../backends/backend.js';
import type { RadialMode } from '../model/radial-table.js';
import { OutputPlan } from './outputs.js';
import { computeAsync, type Calculator, type ComputeResult, type Precision } from '../calculator.js';
import { parseWeightsChoice, type WeightsChoice } from '../ckpt/load-ckpt.js';
import { symbolOf } from '../elements.js';
import { parseExtxyz } from '../io/extxyz.js';
import { StructureFormatError } from '../io/format-error.js';
import { extensionOf, formatByName, formatForWriting } from '../io/formats.js';
import type { StructureFrame } from '../io/frame.js';
import { labelMetrics, type ErrorStats, type LabelMetrics } from '../io/metrics.js';
import { detectFormat, readStructures } from '../io/read-structures.js';
import { formatResultsJson } from '../io/results-json.js';
import { DEFAULT_LIMITS, GeometryChecker } from '../md/failure-checks.js';
import { modelOrDefault } from './default-model-option.js';
import { DEFAULT_MODEL, DEFAULT_MODEL_FILE, defaultModelBytes } from '../model/default-model.js';

const HELP = `usage: campjs eval [--model <model.ckpt|model.campjs>] <structures.xyz|.extxyz|.json> [options]

Evaluates a model on every frame of a structure file (extended XYZ or CAMP dataset JSON) and
prints energy and forces per frame; when the file carries reference energies/forces (DFT labels)
it also prints the energy (meV/atom) and force (meV/Å) MAE and RMSE.
  --model FILE          a Lightning checkpoint (.ckpt) or a .campjs model file, or 'default' (the
                        built-in H/C/N/O model, also used when --model is left out)
  --precision f64|f32   arithmetic of the model (default f64)
  --weights ema|raw     which weights of a checkpoint (default ema)
${memoryHelp(24)}
${backendHelp(24)}
${radialHelp(24)}
${threadsHelp(24)}
  -o, --output FILE     write the results: .xyz/.extxyz (ASE extended XYZ with energy, forces,
                        stress; the file's labels kept as REF_energy, REF_forces, REF_stress)
                        or .json ({"frames":[{energy, energies, forces, stress}]})
  -q, --quiet           print only the summary, not a row per frame
`;

export interface EvalOptions {
  readonly precision?: Precision;
  /** Called after each frame, e.g. to print a row while the rest are computed. */
  readonly onFrame?: (index: number, evaluated: EvaluatedFrame) => void;
  /** Refuses frames with atoms below md's distance floor (host/md/failure-checks.ts) before evaluating them. */
  readonly geometry?: GeometryChecker;
}

export interface EvaluatedFrame {
  /** The frame as read, with its reference labels (if any). */
  readonly frame: StructureFrame;
  /** The model's results for it. */
  readonly result: ComputeResult;
}

function checkElements(calc: Calculator, frame: StructureFrame, index: number): void {
  const supported = calc.atomicNumbers;
  if (supported === null) return;
  const { numbers } = frame.atoms;
  for (let a = 0; a < numbers.length; a++) {
    const z = numbers[a];
    if (!supported.includes(z)) {
      throw new Error(`frame ${index}: the model does not know ${symbolOf(z)} (Z=${z}); it supports ${supported.map(symbolOf).join(', ')}`);
    }
  }
}

/**
 * Energy, forces and (for fully periodic frames) stress of every frame, in order. An error in
 * frame k names it ("frame k: ..."); onFrame has then seen the results of frames 0..k-1.
 */
export function evaluateFrames(calc: Calculator, frames: readonly StructureFrame[], opts: EvalOptions = {}): EvaluatedFrame[] {
  return frames.map((frame, i) => {
    prepareFrame(calc, frame, i, opts);
    return evaluatedFrame(i, frame, opts, () => calc.compute(frame.atoms, { forces: true, precision: opts.precision ?? 'f64' }));
  });
}

/**
 * evaluateFrames for a calculator that may answer asynchronously (the webgpu backend), one frame
 * at a time in order; the precision, when not given, is the calculator's own (f32 on a GPU).
 */
export async function evaluateFramesAsync(calc: Calculator, frames: readonly StructureFrame[], opts: EvalOptions = {}): Promise<EvaluatedFrame[]> {
  const out: EvaluatedFrame[] = [];
  for (let i = 0; i < frames.length; i++) {
    const frame = frames[i];
    prepareFrame(calc, frame, i, opts);
    let result: ComputeResult;
    try {
      result = await computeAsync(calc, frame.atoms, { forces: true, ...(opts.precision && { precision: opts.precision }) });
    } catch (err) {
      throw frameError(i, err);
    }
    out.push(evaluatedFrame(i, frame, opts, () => result));
  }
  return out;
}

function prepareFrame(calc: Calculator, frame: StructureFrame, i: number, opts: EvalOptions): void {
  checkElements(calc, frame, i);
  opts.geometry?.check(frame.atoms, DEFAULT_LIMITS, `eval: frame ${i}`);
}

const frameError = (i: number, err: unknown): Error => new Error(`frame ${i}: ${err instanceof Error ? err.message : String(err)}`);

function evaluatedFrame(i: number, frame: StructureFrame, opts: EvalOptions, compute: () => ComputeResult): EvaluatedFrame {
  let result: ComputeResult;
  try {
    result = compute();
  } catch (err) {
    throw frameError(i, err);
  }
  const evaluated = { frame, result };
  opts.onFrame?.(i, evaluated);
  return evaluated;
}

/**
 * The frames of a structure file and, when one is malformed, the whole frames before it with the
 * error. Extended XYZ is re-read up to the line before the bad one: the reader then stops at the
 * count line of the broken frame, and the text before that line is the good frames.
 */
export function readFramesUpToError(bytes: Uint8Array, name: string): { frames: StructureFrame[]; error: Error | null } {
  try {
    return { frames: readStructures(bytes, name), error: null };
  } catch (err) {
    if (!(err instanceof StructureFormatError) || err.line === undefined) throw err;
    const lines = new TextDecoder().decode(bytes).split('\n');
    if (detectFormat(name, lines.slice(0, 2).join('\n')) !== 'extxyz') throw err;
    let end = err.line - 1;
    while (end > 0) {
      try {
        const frames = parseExtxyz(lines.slice(0, end).join('\n'), name);
        return { frames, error: new Error(`frame ${frames.length}: ${err.message}`) };
      } catch (e) {
        if (!(e instanceof StructureFormatError) || e.line === undefined || e.line - 1 >= end) throw err;
        end = e.line - 1;
      }
    }
    throw new Error(`frame 0: ${err.message}`);
  }
}

/** Errors of the results against the frames' reference labels (energy meV/atom, forces meV/Å). */
export function evalMetrics(evaluated: readonly EvaluatedFrame[]): LabelMetrics {
  return labelMetrics(
    evaluated.map(({ frame, result }) => ({
      nAtoms: frame.atoms.numbers.length,
      energy: result.energy,
      ...(result.forces && { forces: result.forces }),
      ...(frame.energy !== undefined && { refEnergy: frame.energy }),
      ...(frame.forces && { refForces: frame.forces }),
    })),
  );
}

/** The frames with the model's results as their energy/forces/stress, labels kept as REF_*. */
export function resultFrames(evaluated: readonly EvaluatedFrame[]): StructureFrame[] {
  return evaluated.map(({ frame, result }) => ({
    atoms: frame.atoms,
    info: {
      ...frame.info,
      ...(frame.energy !== undefined && { REF_energy: frame.energy }),
      ...(frame.stress && { REF_stress: Array.from(frame.stress) }),
    },
    arrays: { ...frame.arrays, ...(frame.forces && { REF_forces: { type: 'R', width: 3, values: frame.forces } }) },
    energy: result.energy,
    energies: result.energies,
    ...(result.forces && { forces: result.forces }),
    ...(result.stress && { stress: result.stress }),
  }));
}

type OutputFormat = 'extxyz' | 'json';

/** .json is eval's results JSON; other names take a structure format from the registry. */
function outputFormat(name: string): OutputFormat {
  if (extensionOf(name) === 'json') return 'json';
  if (formatByName(name)?.name === 'extxyz') return 'extxyz';
  throw new Error(`output ${name}: unknown format; use .xyz/.extxyz (extended XYZ) or .json`);
}

/** The results as the text of an output file, in the format its name asks for. */
export function formatEvalOutput(evaluated: readonly EvaluatedFrame[], outName: string): string {
  return outputFormat(outName) === 'extxyz'
    ? formatForWriting(outName).write(resultFrames(evaluated))
    : formatResultsJson(evaluated.map(({ result }) => result));
}

function maxForce(forces: Float64Array | undefined): number {
  let max = 0;
  if (forces) for (let i = 0; i < forces.length; i += 3) max = Math.max(max, Math.hypot(forces[i], forces[i + 1], forces[i + 2]));
  return max;
}

const COLUMNS = ['frame', 'atoms', 'E (eV)', 'E/atom (eV)', 'max|F| (eV/Å)'];
const LABEL_COLUMNS = ['ΔE (meV/atom)', 'F MAE (meV/Å)'];
const WIDTHS = [6, 6, 18, 13, 14, 14, 14];

function tableRow(cells: string[]): string {
  return cells.map((c, k) => c.padStart(WIDTHS[k])).join(' ');
}

/** Header of the per-frame table; `labels` adds the error columns. */
export function tableHeader(labels: boolean): string {
  return tableRow(labels ? [...COLUMNS, ...LABEL_COLUMNS] : COLUMNS);
}

/** One table row: the results and, when the frame has labels, its errors. */
export function tableLine(index: number, { frame, result }: EvaluatedFrame, labels: boolean): string {
  const n = frame.atoms.numbers.length;
  const cells = [String(index), String(n), result.energy.toFixed(6), (result.energy / n).toFixed(6), maxForce(result.forces).toFixed(4)];
  if (labels) {
    const forces = labelMetrics([{ nAtoms: n, energy: result.energy, forces: result.forces, refForces: frame.forces }]).forces;
    cells.push(frame.energy === undefined ? '-' : (((result.energy - frame.energy) / n) * 1000).toFixed(3), forces ? forces.mae.toFixed(2) : '-');
  }
  return tableRow(cells);
}

function statsLine(what: string, unit: string, s: ErrorStats | null, over: string): string {
  return s ? `${what} MAE ${s.mae.toFixed(3)} ${unit}, RMSE ${s.rmse.toFixed(3)} ${unit} (${s.count} ${over})` : '';
}

/** The closing lines: counts and, with labels, the MAE/RMSE. */
export function summaryLines(evaluated: readonly EvaluatedFrame[]): string[] {
  const atoms = evaluated.reduce((s, e) => s + e.frame.atoms.numbers.length, 0);
  const m = evalMetrics(evaluated);
  return [
    `${evaluated.length} frames, ${atoms} atoms`,
    statsLine('energy', 'meV/atom', m.energy, 'frames'),
    statsLine('forces', 'meV/Å', m.forces, 'components'),
  ].filter((l) => l !== '');
}

/** How run() loads a model and where it prints results; tests pass their own. */
export interface EvalDeps {
  loadModel(bytes: Uint8Array, opts: { weights: WeightsChoice; file: string; activationBudget?: number; backend?: BackendChoice; radial?: RadialMode; threads?: number }): Promise<Calculator>;
  print(line: string): void;
}

const defaultDeps: EvalDeps = {
  async loadModel(bytes, opts) {
    const { loadModel } = await import('../api.js');
    const calc = await loadModel(bytes, opts);
    for (const w of calc.warnings) stderr.write(`campjs: ${w}\n`);
    return calc;
  },
  print: (line) => stdout.write(`${line}\n`),
};

export async function run(args: string[], deps: EvalDeps = defaultDeps): Promise<number> {
  const { values, positionals } = parseCommand('eval', args, {
    model: { type: 'string' },
    precision: { type: 'string' },
    weights: { type: 'string' },
    memory: { type: 'string' },
    backend: { type: 'string' }, radial: { type: 'string' }, threads: { type: 'string' },
    output: { type: 'string', short: 'o' },
    quiet: { type: 'boolean', short: 'q' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    deps.print(HELP.trimEnd());
    return 0;
  }
  usage(positionals.length === 1, 'eval', 'give exactly one structure file');
  const precision = precisionOption(values.precision);
  const weights = parseWeightsChoice(values.weights) ?? 'ema';
  const backend = backendOption(values.backend);
  const radial = radialOption(values.radial);
  const threads = threadsOption(values.threads);
  const input = positionals[0];
  const model = modelOrDefault(values.model, 'eval');
  const builtin = model === DEFAULT_MODEL;
  // A bad -o (name, directory, or an input's path) is refused before anything is read.
  const outputs = new OutputPlan([{ label: 'input', path: input }, { label: '--model', path: builtin ? undefined : model }],
    [{ label: '-o', path: values.output, kind: 'atomic', format: { extensions: ['.xyz', '.extxyz', '.json'], what: 'extended XYZ or results JSON' } }]);

  const read = readFramesUpToError(readInputFile(input, 'input'), input);
  const activationBudget = memoryOption(values.memory);
  const calc = await deps.loadModel(builtin ? await defaultModelBytes() : readInputFile(model, '--model'), { weights, file: builtin ? DEFAULT_MODEL_FILE : basename(model), ...(activationBudget !== undefined && { activationBudget }),
    ...(values.backend !== undefined && { backend }), ...(radial !== undefined && { radial }), ...(threads !== undefined && { threads }) });
  const labels = read.frames.some((f) => f.energy !== undefined || f.forces !== undefined);
  // Results are kept as they come, so an error in frame k still reports frames 0..k-1.
  const evaluated: EvaluatedFrame[] = [];
  let error = read.error;
  try {
    // A calculator that answers asynchronously (webgpu) gets its own precision unless one is given.
    await (calc.asynchronous ? evaluateFramesAsync : evaluateFrames)(calc, read.frames, {
      precision: calc.asynchronous ? precision : precision ?? 'f64',
      geometry: await GeometryChecker.create(),
      onFrame: (i, e) => {
        evaluated.push(e);
        if (values.quiet) return;
        if (i === 0) deps.print(tableHeader(labels));
        deps.print(tableLine(i, e, labels));
      },
    });
  } catch (err) {
    error = err instanceof Error ? err : new Error(String(err));
  }
  if (error && evaluated.length === 0) throw error;
  const summary = summaryLines(evaluated);
  summary[0] += threadsNote(values.threads, calc);
  for (const line of summary) deps.print(line);
  if (values.output !== undefined) {
    outputs.writeAtomic('-o', formatEvalOutput(evaluated, values.output));
    deps.print(`wrote ${values.output}${error ? ` (frames 0-${evaluated.length - 1})` : ''}`);
  }
  if (error) throw new Error(`${error.message}${values.output !== undefined ? ` (the results of frames 0-${evaluated.length - 1} are in ${values.output})` : ''}`);
  return 0;
}
