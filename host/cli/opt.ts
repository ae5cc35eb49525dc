// `campjs opt --model M <input> [--fmax 0.05] [--cell] [-o out.extxyz]`: FIRE relaxation of
// positions (and with --cell the cell, towards --pressure) with a CAMP model or a pair potential.
import { stdout } from 'node:process';
import { memoryHelp, numberOption, parseCommand, usage } from './args.js';
import { formatForWriting } from '../io/formats.js';
import { readInputStructure } from './input-structure.js';
import { checkElements } from './model-source.js';
import { PAIR_SPEC_HELP } from '../calculators/pair-spec.js';
import { modelFile, modelOrDefault } from './default-model-option.js';
import { Fire } from '../backends/wasm/fire.js';
import { backendHelp, backendOption, openModelOption, precisionOption, radialHelp, radialOption, readInputFile, threadsHelp, threadsNote, threadsOption } from './open.js';
import { OutputPlan, STRUCTURE_OUTPUT } from './outputs.js';

const HELP = `usage: campjs opt [--model M] <input.xyz|.extxyz|.json> [options]

Relaxes a structure with FIRE until the largest force is ≤ fmax.
  --model M          a CAMP model (.ckpt or .campjs), 'default' (the built-in H/C/N/O model,
                     also used when --model is left out), or a pair potential (below)
  --fmax F           convergence threshold, eV/Å (default 0.05)
  --steps N          give up after N steps (default 1000)
  --cell             relax the cell too (needs full pbc; ASE UnitCellFilter-style)
  --pressure BAR     external pressure for --cell, bar (default 0)
  --maxstep A        largest displacement per step, Å (default 0.2)
  --frame I          frame of the input file (default -1, the last)
  --precision P      f64 | f32: arithmetic of the model (default f64)
  --weights W        ema | raw: checkpoint weights (default ema)
${memoryHelp(21)}
${backendHelp(21)}
${radialHelp(21)}
${threadsHelp(21)}
  -o, --output FILE  write the relaxed structure with its energy and forces: .xyz/.extxyz
                     (extended XYZ, also stress) or .json (CAMP dataset JSON)
  -q, --quiet        no per-step log
Exit status 0 when converged, 1 when not (or on an error), 2 for an unknown or missing option or argument.

${PAIR_SPEC_HELP}
`;

export async function run(args: string[]): Promise<number> {
  const { values: v, positionals } = parseCommand('opt', args, {
    model: { type: 'string' }, fmax: { type: 'string' }, steps: { type: 'string' }, cell: { type: 'boolean' },
    pressure: { type: 'string' }, maxstep: { type: 'string' }, frame: { type: 'string' }, weights: { type: 'string' }, memory: { type: 'string' },
    backend: { type: 'string' }, precision: { type: 'string' }, radial: { type: 'string' }, threads: { type: 'string' },
    output: { type: 'string', short: 'o' }, quiet: { type: 'boolean', short: 'q' }, help: { type: 'boolean', short: 'h' },
  });
  if (v.help) {
    stdout.write(HELP);
    return 0;
  }
  usage(positionals.length === 1, 'opt', `expected one input structure file, got ${positionals.length}`);
  const options = {
    fmax: numberOption('fmax', v.fmax),
    maxSteps: numberOption('steps', v.steps, true),
    cell: v.cell ?? false,
    pressure: numberOption('pressure', v.pressure),
    maxStep: numberOption('maxstep', v.maxstep),
    precision: precisionOption(v.precision),
  };
  radialOption(v.radial);
  threadsOption(v.threads);
  const frameIndex = numberOption('frame', v.frame, true) ?? -1;
  // FIRE drives the Wasm core synchronously: a GPU (asynchronous) backend cannot run it yet, so
  // webgpu is refused up front and auto means wasm here.
  if (backendOption(v.backend) === 'webgpu') throw new Error('--backend webgpu: opt (FIRE) runs on the Wasm backend in this build; use --backend wasm or auto');
  const backend = 'wasm';
  const file = positionals[0];
  const modelArg = modelOrDefault(v.model, 'opt');
  const outputs = new OutputPlan(
    [{ label: 'input', path: file }, { label: '--model', path: modelFile(modelArg) }],
    [{ label: '-o', path: v.output, kind: 'atomic', format: STRUCTURE_OUTPUT }],
  );
  const model = await openModelOption(modelArg, v.weights, undefined, v.memory, backend, v.radial, undefined, v.threads);
  const { frame } = readInputStructure(readInputFile(file, 'input'), file, frameIndex);
  checkElements(model.calculator, frame.atoms.numbers, file);
  const fire = await Fire.create(frame.atoms, model.calculator, options);
  const log = v.quiet ? undefined : (s: { step: number; energy: number; fmax: number }) =>
    stdout.write(`FIRE ${String(s.step).padStart(5)}  ${s.energy.toFixed(6).padStart(16)} eV  fmax ${s.fmax.toExponential(3)} eV/Å\n`);
  const r = fire.run(log);
  if (v.output !== undefined) {
    outputs.writeAtomic('-o', formatForWriting(v.output, `opt: --output ${v.output}`).write([{
      atoms: r.atoms, info: { opt_steps: r.step, opt_converged: r.converged, fmax: r.fmax }, arrays: {},
      energy: r.potentialEnergy, forces: r.forces, ...(r.stress && { stress: r.stress }),
    }]));
  }
  stdout.write(`opt: ${r.converged ? 'converged' : 'NOT converged'} after ${r.step} steps${threadsNote(v.threads, model.calculator)}: energy ${r.energy.toFixed(6)} eV, fmax ${r.fmax.toExponential(3)} eV/Å\n`);
  return r.converged ? 0 : 1;
}
