// `campjs md --model M <input> --steps N ...`: molecular dynamics with a CAMP model (or a pair
// potential for testing), writing an extended-XYZ trajectory, a thermo CSV, a reproducibility
// receipt and optionally the final state (to resume from with --resume).
import { dirname, relative, resolve, sep } from 'node:path';
import { stderr, stdout } from 'node:process';
import { memoryHelp, numberOption, parseCommand, usage } from './args.js';
import { backendHelp, backendOption, openModelOption, precisionOption, radialHelp, radialOption, readInputFile, skinOption, threadsHelp, threadsNote, threadsOption } from './open.js';
import { EXTXYZ_OUTPUT, OutputPlan } from './outputs.js';
import { version } from '../index.js';
import { readInputStructure } from './input-structure.js';
import { MAX_STEP, MD } from '../md/md.js';
import type { MdStateJson } from '../md/md-state.js';
import { checkElements } from './model-source.js';
import { formatMdFrame, formatThermoRow, THERMO_HEADER } from '../md/output.js';
import { PAIR_SPEC_HELP } from '../calculators/pair-spec.js';
import { modelFile, modelOrDefault } from './default-model-option.js';
import { ensembleHelp, ensemblesUsing } from '../md/ensembles/index.js';
import { DEFAULT_DISTANCE_FLOOR } from '../md/failure-checks.js';
import { MdError } from '../md/md-error.js';
import { DEFAULT_MAX_ENERGY_JUMP, DEFAULT_MAX_FORCE, DEFAULT_SETTINGS, ENSEMBLES, resolveSettings, type Ensemble, type MdSettings, type VelocityInit } from '../md/settings.js';
import { defaultHashEvery, HashRecorder, stateHash, type Receipt } from '../receipt/receipt.js';
import { INTERRUPTED_EXIT, interruptMessage, onStopSignal, type StopSignal } from './md-interrupt.js';
import { sha256Hex } from '../util/sha256.js';
import { createProgress } from './progress.js';
import { defaultCompressibilityWarning } from './npt-warning.js';
import { advanceGpuMd, startGpuMd, stepsToNextOutput } from '../md/gpu-engine-run.js';

const HELP = `usage: campjs md [--model M] <input.xyz|.extxyz|.json> --steps N [options]
       campjs md [--model M] --resume state.bin --steps N [setting and output options]

Molecular dynamics. Units: fs, K, eV, Å, amu; pressure in bar.
  --model M             a CAMP model (.ckpt or .campjs), 'default' (the built-in H/C/N/O model,
                        also used when --model is left out), or a pair potential (below)
  --steps N             number of steps (required; the step count of a run, resumed
                        ones included, stays ≤ ${MAX_STEP} = 2^32 − 1)
  --dt FS               time step, fs (default 0.5)
  --ensemble E          ${ENSEMBLES.join(' | ')} (default ${DEFAULT_SETTINGS.ensemble})
${ensembleHelp('                        ')}
  --temperature K       target temperature, and Maxwell–Boltzmann start when the input has
                        no velocities (required for every ensemble but nve)
  --seed S              seed of all random numbers (default 42)
  --velocities V        input | maxwell | zero (default: input if the file has velocities or
                        momenta, else maxwell with --temperature, else zero)
  --friction G          Langevin friction, 1/fs (default 0.01)
  --tau FS              thermostat time constant, fs (${ensemblesUsing('tau')}; default 100)
  --chain M             Nosé–Hoover chain length (default 3)
  --pressure BAR        target pressure, bar (npt; default 1.01325)
  --compressibility B   isothermal compressibility, 1/bar (npt; default 4.57e-5, liquid water's:
                        give your system's own)
  --taup FS             barostat time constant, fs (npt; default 1000)
  --frame I             frame of the input file to start from (default -1, the last)
  --precision P         f64 | f32 (default f64)
  --weights W           ema | raw: checkpoint weights (default ema)
  --skin A              neighbour-list skin, Å (CAMP models; default 1)
${memoryHelp(24)}
${backendHelp(24)}
${radialHelp(24)}
${threadsHelp(24)}
  --traj FILE           extended-XYZ trajectory (step, time, energy, forces, velocities)
  --every N             trajectory interval, steps (default 10)
  --log FILE            thermo CSV: ${THERMO_HEADER}
  --log-every N         thermo interval, steps (default: --every)
  --receipt FILE        reproducibility receipt (JSON); check it with 'campjs verify FILE'
  --hash-every K        state hash interval in the receipt (default: every step up to 1000
                        steps, else steps/1000)
  --state-out FILE      write the final state (.json, else binary) to resume from; also
                        written when SIGINT/SIGTERM (Ctrl-C) stops the run (within ~0.2 s,
                        after a complete step; with the receipt of the steps done and the
                        command that continues; exit status 130)
  --resume FILE         continue a saved state, continuing its step count; its settings
                        apply unless given here (e.g. equilibrate with --ensemble langevin,
                        then resume with --ensemble nve); not --frame or --velocities. The
                        state must come from the same model (its sha256 is recorded). With
                        --receipt, the receipt names this state and verify replays from it
Model-failure checks (every step; each stops the run with the atoms named, keeping
the last good frame; 0 turns one off):
  --distance-floor F    a pair closer than F × the sum of their covalent radii (Cordero
                        2008) stops the run (default ${DEFAULT_DISTANCE_FLOOR}: C–H 0.64 Å, O–H 0.58 Å)
  --min-distance A      one absolute floor for every pair instead, Å (default: off)
  --max-force F         a force above F stops the run, eV/Å (default ${DEFAULT_MAX_FORCE})
  --max-energy-jump E   nve, nhc: the conserved energy changing by more than E × atoms
                        in one step stops the run, eV/atom (default ${DEFAULT_MAX_ENERGY_JUMP})
  --max-temperature-factor X
                        with --temperature: T above X × the target stops the run (default 10)
  --escape-distance A   molecules: an atom this far from all others stops the run
                        (default 2 × cutoff)
  --check-every N       distance-floor/escape scan interval, steps (default 1; 0 = off)
  -q, --quiet           no progress bar and no summary

${PAIR_SPEC_HELP}
`;

/** Options that a resumed run cannot change (the state fixes them); other settings may change. */
const RESUME_CLASHES = ['frame', 'velocities'] as const;

const OPTIONS = {
  model: { type: 'string' }, steps: { type: 'string' }, dt: { type: 'string' }, ensemble: { type: 'string' },
  temperature: { type: 'string' }, seed: { type: 'string' }, velocities: { type: 'string' }, friction: { type: 'string' },
  tau: { type: 'string' }, chain: { type: 'string' }, pressure: { type: 'string' }, compressibility: { type: 'string' },
  taup: { type: 'string' }, frame: { type: 'string' }, precision: { type: 'string' }, weights: { type: 'string' },
  skin: { type: 'string' }, memory: { type: 'string' }, backend: { type: 'string' }, radial: { type: 'string' }, threads: { type: 'string' }, traj: { type: 'string' }, every: { type: 'string' }, log: { type: 'string' },
  'log-every': { type: 'string' }, receipt: { type: 'string' }, 'hash-every': { type: 'string' },
  'state-out': { type: 'string' }, resume: { type: 'string' }, 'check-every': { type: 'string' },
  'min-distance': { type: 'string' }, 'escape-distance': { type: 'string' }, 'distance-floor': { type: 'string' },
  'max-force': { type: 'string' }, 'max-energy-jump': { type: 'string' }, 'max-temperature-factor': { type: 'string' }, quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Path of `file` relative to the receipt's folder, with '/' separators. */
function receiptPath(receiptFile: string, file: string): string {
  return relative(dirname(resolve(receiptFile)), resolve(file)).split(sep).join('/');
}

function settingsFrom(v: Record<string, string | boolean | undefined>): Partial<MdSettings> {
  const s = (k: string) => v[k] as string | undefined;
  const ensemble = s('ensemble');
  if (ensemble !== undefined && !ENSEMBLES.includes(ensemble as Ensemble)) throw new Error(`--ensemble: '${ensemble}' must be one of ${ENSEMBLES.join(', ')}`);
  const velocities = s('velocities');
  if (velocities !== undefined && !['input', 'maxwell', 'zero'].includes(velocities)) throw new Error(`--velocities: '${velocities}' must be input, maxwell or zero`);
  const precision = precisionOption(s('precision'));
  return {
    ensemble: ensemble as Ensemble | undefined,
    dt: numberOption('dt', s('dt')),
    temperature: numberOption('temperature', s('temperature')),
    seed: numberOption('seed', s('seed'), true),
    velocities: velocities as VelocityInit | undefined,
    friction: numberOption('friction', s('friction')),
    tau: numberOption('tau', s('tau')),
    chainLength: numberOption('chain', s('chain'), true),
    pressure: numberOption('pressure', s('pressure')),
    compressibility: numberOption('compressibility', s('compressibility')),
    tauP: numberOption('taup', s('taup')),
    precision,
    checkEvery: numberOption('check-every', s('check-every'), true),
    minDistance: numberOption('min-distance', s('min-distance')),
    escapeDistance: numberOption('escape-distance', s('escape-distance')),
    distanceFloor: numberOption('distance-floor', s('distance-floor')),
    maxForce: numberOption('max-force', s('max-force')),
    maxEnergyJump: numberOption('max-energy-jump', s('max-energy-jump')),
    maxTemperatureFactor: numberOption('max-temperature-factor', s('max-temperature-factor')),
  };
}

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  const x = numberOption(name, raw, true) ?? fallback;
  if (x < 1) throw new Error(`--${name}: ${x} must be ≥ 1`);
  return x;
}

export async function run(args: string[]): Promise<number> {
  const { values: v, positionals } = parseCommand('md', args, OPTIONS);
  if (v.help) {
    stdout.write(HELP);
    return 0;
  }
  // Everything that can be checked without work is checked first.
  const steps = numberOption('steps', v.steps, true);
  usage(steps !== undefined && steps >= 0, 'md', '--steps N (an integer ≥ 0) is required');
  usage(steps <= MAX_STEP, 'md', `--steps ${v.steps}: at most ${MAX_STEP} (2^32 − 1) steps`);
  const resuming = v.resume !== undefined;
  if (resuming) {
    const clash = RESUME_CLASHES.find((f) => v[f] !== undefined);
    usage(!clash, 'md', `--${clash} cannot be combined with --resume (the saved state has the ${clash === 'frame' ? 'structure' : 'velocities'})`);
    if (positionals.length > 0) throw new Error('md: --resume takes no input structure');
  } else if (positionals.length !== 1) {
    throw new Error(`md: expected one input structure file, got ${positionals.length}`);
  }
  const partial = settingsFrom(v);
  // Field errors before any I/O (whether the input has velocities is not known yet).
  if (!resuming) resolveSettings({ ...partial, velocities: partial.velocities ?? (partial.temperature != null ? 'maxwell' : 'zero') });
  const every = positiveInt('every', v.every, 10);
  const logEvery = positiveInt('log-every', v['log-every'], every);
  const hashEvery = positiveInt('hash-every', v['hash-every'], defaultHashEvery(steps));
  const frameIndex = numberOption('frame', v.frame, true) ?? -1;
  const skin = skinOption(v.skin);
  const backend = backendOption(v.backend);
  radialOption(v.radial);
  threadsOption(v.threads);

  const modelArg = modelOrDefault(v.model, 'md');
  // Outputs are checked against the inputs before anything is read; none is touched yet.
  const outputs = new OutputPlan(
    [{ label: 'input', path: positionals[0] }, { label: '--model', path: modelFile(modelArg) }, { label: '--resume', path: v.resume }],
    [
      { label: '--traj', path: v.traj, kind: 'stream', format: EXTXYZ_OUTPUT },
      { label: '--log', path: v.log, kind: 'stream' },
      { label: '--receipt', path: v.receipt, kind: 'atomic' },
      { label: '--state-out', path: v['state-out'], kind: 'atomic' },
    ],
  );
  try {
    const model = await openModelOption(modelArg, v.weights, skin, v.memory, backend, v.radial, undefined, v.threads);
    // The GPU computes in f32: without --precision a webgpu run takes it (f64 is refused there).
    const settings = model.backend === 'webgpu' && partial.precision === undefined ? { ...partial, precision: 'f32' as const } : partial;
    let md: MD;
    let inputInfo: { path: string; sha256: string; frame: number } | null = null;
    let resumeInfo: { path: string; sha256: string; step: number } | null = null;
    if (resuming) {
      const bytes = readInputFile(v.resume as string, '--resume');
      md = await MD.resume(parseState(bytes, v.resume as string), model.calculator, {
        settings, modelSha256: model.sha256, onWarning: (m) => stderr.write(`campjs md: warning: --resume ${v.resume}: ${m}\n`),
      }).catch((err: Error) => {
        throw /^md state/.test(err.message) ? new Error(`--resume ${v.resume}: ${err.message}`) : err;
      });
      if (md.step + steps > MAX_STEP) throw new Error(`--steps ${steps}: the state is at step ${md.step}, and runs end by step ${MAX_STEP}`);
      resumeInfo = { path: v.resume as string, sha256: sha256Hex(bytes), step: md.step };
    } else {
      const file = positionals[0];
      const bytes = readInputFile(file, 'input');
      const input = readInputStructure(bytes, file, frameIndex);
      checkElements(model.calculator, input.frame.atoms.numbers, file);
      inputInfo = { path: file, sha256: sha256Hex(bytes), frame: input.index };
      md = await MD.create({ atoms: input.frame.atoms, calculator: model.calculator, settings, modelSha256: model.sha256 });
      const warning = defaultCompressibilityWarning(md.settings.ensemble, partial.compressibility !== undefined, input.frame.atoms.numbers);
      if (warning) stderr.write(`${warning}\n`);
    }

    // nve and langevin on the webgpu backend run entirely on the GPU (host/md/gpu-engine-run.ts).
    const gpuRun = await startGpuMd(md, skin, (m) => stderr.write(`campjs md: --backend webgpu: ${m}\n`));
    const outputSteps = [v.traj !== undefined && every, v.log !== undefined && logEvery, v.receipt !== undefined && hashEvery].filter((k): k is number => k !== false);
    // All inputs are read and valid: only now are the streaming outputs truncated.
    const traj = outputs.openStream('--traj');
    const log = outputs.openStream('--log');
    const recorder = v.receipt !== undefined ? new HashRecorder(hashEvery) : null;
    const start = md.step;
    const observe = (m: MD) => {
      if (traj !== null && m.step % every === 0) traj.write(formatMdFrame(m));
      if (log !== null && m.step % logEvery === 0) log.write(`${formatThermoRow(m.thermo())}\n`);
      recorder?.observe(m);
    };
    log?.write(`${THERMO_HEADER}\n`);
    if (!resuming) observe(md);
    else recorder?.observe(md); // the resumed state's own hash: verify checks the start too

    const progress = await createProgress('md', steps, { dtFs: md.settings.dt, enabled: v.quiet ? false : undefined });
    const t0 = performance.now();
    let failure: Error | null = null;
    let interrupted: StopSignal | null = null;
    // Signals are seen between chunks (≤ ~0.2 s): the loop ends there, after a complete step.
    const released = onStopSignal((signal) => {
      interrupted = signal;
    });
    try {
      // Chunks of ~0.2 s let the progress bar redraw between them.
      let chunk = 1;
      while (md.step - start < steps && interrupted === null) {
        const c0 = performance.now();
        const k = Math.min(chunk, steps - (md.step - start));
        if (gpuRun) {
          await advanceGpuMd(gpuRun, md, stepsToNextOutput(md.step, outputSteps, k));
          observe(md);
        } else {
          await md.runAsync(k, observe);
        }
        progress.update(md.step - start, md.thermo());
        const took = performance.now() - c0;
        chunk = Math.max(1, Math.min(10000, Math.round(chunk * (took > 0 ? Math.min(4, 200 / took) : 4))));
        await new Promise((r) => setImmediate(r));
      }
    } catch (err) {
      failure = err instanceof Error ? err : new Error(String(err));
      // A model failure undid its step: the trajectory ends with the last good frame.
      if (failure instanceof MdError && traj !== null && md.step % every !== 0) traj.write(formatMdFrame(md));
    } finally {
      progress.stop();
      released();
      gpuRun?.destroy();
    }
    const seconds = (performance.now() - t0) / 1000;

    if (recorder && v.receipt !== undefined) {
      const receipt: Receipt = {
        format: 'campjs-md-receipt',
        version: 2,
        campjs: version,
        model: {
          path: model.spec || model.builtin ? null : receiptPath(v.receipt, modelArg),
          sha256: model.sha256,
          ...(model.builtin && { builtin: model.builtin }),
          ...(model.spec && { spec: model.spec }),
          ...(!model.spec && { weights: v.weights ?? 'ema' }),
          backend: model.backend,
          ...(model.adapter !== undefined && { adapter: model.adapter }),
          ...(model.radialKnots !== undefined && { radial: 'table', radialKnots: model.radialKnots }),
        },
        input: inputInfo && { ...inputInfo, path: receiptPath(v.receipt, inputInfo.path) },
        ...(resumeInfo && { resume: { ...resumeInfo, path: receiptPath(v.receipt, resumeInfo.path) } }),
        settings: md.settings,
        steps,
        hashEvery,
        hashes: recorder.hashes,
        // The end state's hash (not after a failure: memory then holds the failed step's numbers).
        outcome: { steps: md.step, error: failure ? failure.message : null, interrupted, ...(!failure && { sha256: stateHash(md) }) },
      };
      outputs.writeAtomic('--receipt', `${JSON.stringify(receipt, null, 1)}\n`);
    }
    // After a failure MD holds the last good state (the failing step is undone): it is saved too,
    // so the run can go on from there with other settings (--resume STATE --dt 0.25).
    const stateOut = v['state-out'];
    if (stateOut !== undefined) {
      const out = /\.json$/i.test(stateOut) ? new TextEncoder().encode(JSON.stringify(md.toJSON())) : md.serialize();
      outputs.writeAtomic('--state-out', out);
    }
    if (failure) {
      const written = [v.traj, v.log, v.receipt, stateOut].filter(Boolean).join(', ');
      throw new Error(`${failure.message}${written ? ` (output up to step ${md.step} is in ${written})` : ''}`);
    }
    if (interrupted !== null) {
      stderr.write(interruptMessage({ signal: interrupted, step: md.step, done: md.step - start, steps, model: modelArg, stateOut, receipt: v.receipt }));
      return INTERRUPTED_EXIT;
    }
    if (!v.quiet) stdout.write(summary(md, steps, seconds, threadsNote(v.threads, model.calculator)));
    return 0;
  } finally {
    outputs.close();
  }
}

/** A state file: JSON (starts with '{') or the binary encoding. */
function parseState(bytes: Uint8Array, path: string): Uint8Array | MdStateJson {
  if (bytes[0] !== 0x7b) return bytes;
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as MdStateJson;
  } catch (err) {
    throw new Error(`--resume ${path}: not valid JSON (${(err as Error).message})`);
  }
}

/** `threads`: threadsNote's ' on N threads' or ''. */
function summary(md: MD, steps: number, seconds: number, threads: string): string {
  const t = md.thermo();
  const rate = steps / Math.max(seconds, 1e-9);
  const nsday = (rate * md.settings.dt * 86400) / 1e6;
  const p = t.pressure !== null ? `  P ${t.pressure.toPrecision(5)} GPa` : '';
  const vol = t.volume !== null ? `  V ${t.volume.toFixed(3)} Å³` : '';
  return `md: ${steps} steps (${md.settings.ensemble}, dt ${md.settings.dt} fs)${threads} in ${seconds.toFixed(2)} s: ${rate.toPrecision(4)} steps/s, ${nsday.toPrecision(3)} ns/day\n`
    + `step ${t.step}  t ${t.time} fs  Epot ${t.epot.toFixed(6)} eV  Etot ${t.etot.toFixed(6)} eV  T ${t.temperature.toFixed(2)} K${p}${vol}\n`;
}
