// `campjs fit`: trains a CAMP model (fresh, or fine-tuning --init) on labelled structures, with
// CAMP's training settings from a config YAML and/or flags; writes the best EMA model
// (.campjs), optionally a Lightning .ckpt (raw + EMA weights), the last training state (for
// --resume) and a metrics CSV. Every output is planned against the inputs before anything is
// read (outputs.ts); Ctrl-C stops after the batch in progress and writes what is done.
import { basename } from 'node:path';
import { stderr, stdout } from 'node:process';
import { numberOption, parseCommand, usage } from './args.js';
import { runGradientDump } from '../train/gradient-dump.js';
import { precisionOption, readInputFile } from './open.js';
import { OutputPlan } from './outputs.js';
import { createProgress } from './progress.js';
import { INTERRUPTED_EXIT, onStopSignal } from './md-interrupt.js';
import { parseWeightsChoice } from '../ckpt/load-ckpt.js';
import { writeCheckpoint } from '../ckpt/write-ckpt.js';
import { writeCampjs } from '../format/campjs-file.js';
import { readStructures } from '../io/read-structures.js';
import { loadCampModel } from '../model/load.js';
import type { CampModel } from '../model/camp-model.js';
import { instantiateCore } from '../backends/wasm/wasm.js';
import { symbolOf } from '../elements.js';
import { parseTrainConfig, type ModelConfig } from '../train/config-yaml.js';
import { DEFAULT_TRAIN_SETTINGS, type TrainSettings } from '../train/settings.js';
import { labelledFrames } from '../train/labelled-frames.js';
import { checkTrainingElements, energyOnlyCount } from '../train/training-set.js';
import { splitValidation } from '../train/split.js';
import { startModel } from '../train/start-model.js';
import { fit, FitFailedError, type FitResult } from '../train/fit.js';
import { readTrainState, writeTrainState } from '../train/state-file.js';
import { epochLine, metricsHeader, metricsRow } from '../train/epoch-report.js';
import { lightningHparams } from '../train/lightning-hparams.js';
import type { LabelledFrame } from '../train/objective-types.js';

const HELP = `usage: campjs fit --train train.extxyz [--valid valid.extxyz | --valid-fraction F] -o model.campjs [options]

Trains a CAMP model on labelled structures (extended XYZ with energy= and forces, or CAMP
dataset JSON) with CAMP's training loop: Adam (AMSGrad), gradient clipping, ReduceLROnPlateau,
EMA weights, validation each epoch, early stopping. Bit-reproducible from the seed.

inputs
  --train FILE          training structures (every frame needs an energy; frames without forces
                        train on energy only)
  --valid FILE          validation structures, or
  --valid-fraction F    hold out this fraction of --train, drawn from the seed (default 0.1)
  --config YAML         a CAMP training config (the keys of CAMP's config files; unknown keys are refused)
  --init MODEL          fine-tune this model (.ckpt or .campjs; its hyperparameters are kept)
  --weights ema|raw     which weights of an --init checkpoint to start from (default ema)
  --resume STATE        continue a run from its --state-out file (same --train/--valid data)
outputs
  -o, --output FILE     the best model (EMA weights, by the early-stopping metric) as .campjs
  --ckpt-out FILE       the best model as a PyTorch Lightning .ckpt (raw and EMA weights)
  --state-out FILE      the training state after each epoch (.json), for --resume
  --metrics FILE        one CSV row per epoch (losses, MAE/RMSE in meV/atom and meV/Å, lr, s)
settings (override the config; defaults: CAMP's public water config)
  --epochs N            most epochs (default 10000; early stopping usually ends sooner)
  --batch-size B        configurations per step (default 4)
  --lr X                Adam learning rate (default 0.01)
  --seed S              shuffling, validation split and fresh weights (default 35)
  --energy-ratio A      weight of the energy term of the loss (default 1)
  --forces-ratio B      weight of the force term (default 1)
  --ema-decay D         EMA beta (default 0.999)
  --patience N          early-stopping patience, epochs (default 400)
  --precision f32|f64   arithmetic of the model (default: its default_dtype, float32 → f32)
  -q, --quiet           no progress bar or per-epoch lines

gradient check (no training): campjs fit --model M --train data.extxyz --gradient-only out.json
  writes the f64 loss of all frames as one batch and its exact gradient per tensor as JSON;
  takes --weights ema|raw, --energy-ratio, --forces-ratio and --normalize true|false (default true)
`;

const OPTIONS = {
  train: { type: 'string' }, valid: { type: 'string' }, 'valid-fraction': { type: 'string' }, config: { type: 'string' },
  init: { type: 'string' }, weights: { type: 'string' }, resume: { type: 'string' },
  output: { type: 'string', short: 'o' }, 'ckpt-out': { type: 'string' }, 'state-out': { type: 'string' }, metrics: { type: 'string' },
  epochs: { type: 'string' }, 'batch-size': { type: 'string' }, lr: { type: 'string' }, seed: { type: 'string' },
  'energy-ratio': { type: 'string' }, 'forces-ratio': { type: 'string' }, 'ema-decay': { type: 'string' }, patience: { type: 'string' },
  precision: { type: 'string' }, quiet: { type: 'boolean', short: 'q' }, help: { type: 'boolean', short: 'h' },
  model: { type: 'string' }, 'gradient-only': { type: 'string' }, normalize: { type: 'string' },
} as const;

type Values = ReturnType<typeof parseCommand<typeof OPTIONS>>['values'];

/** `--gradient-only`: the loss and its exact gradient for one batch, nothing trained. */
async function gradientOnly(v: Values): Promise<number> {
  usage(v.model !== undefined && v['gradient-only'] !== undefined, 'fit', '--gradient-only OUT.json and --model MODEL go together');
  const training = ['valid', 'valid-fraction', 'config', 'init', 'resume', 'output', 'ckpt-out', 'state-out', 'metrics', 'epochs', 'batch-size', 'lr', 'seed', 'ema-decay', 'patience', 'precision']
    .filter((k) => v[k as keyof Values] !== undefined);
  usage(training.length === 0, 'fit', `--gradient-only trains nothing, so --${training[0]} cannot be given`);
  const normalize = v.normalize ?? 'true';
  usage(normalize === 'true' || normalize === 'false', 'fit', `--normalize must be true or false, got '${normalize}'`);
  await runGradientDump({
    model: v.model!, train: v.train!, out: v['gradient-only']!, weights: parseWeightsChoice(v.weights) ?? 'ema',
    energyRatio: numberOption('energy-ratio', v['energy-ratio']) ?? 1, forcesRatio: numberOption('forces-ratio', v['forces-ratio']) ?? 1, normalize: normalize === 'true',
  });
  return 0;
}

export async function run(args: string[]): Promise<number> {
  const { values: v, positionals } = parseCommand('fit', args, OPTIONS);
  if (v.help) {
    stdout.write(HELP);
    return 0;
  }
  usage(positionals.length === 0, 'fit', `unexpected argument '${positionals[0]}' (the training data go after --train)`);
  usage(v.train !== undefined, 'fit', 'missing --train FILE');
  if (v['gradient-only'] !== undefined || v.model !== undefined) return gradientOnly(v);
  usage(v.normalize === undefined, 'fit', '--normalize belongs to --gradient-only (training takes loss.normalize from --config)');
  usage(v.output !== undefined, 'fit', 'missing -o FILE (where to write the trained model, .campjs)');
  usage(!(v.valid !== undefined && v['valid-fraction'] !== undefined), 'fit', 'give --valid or --valid-fraction, not both');
  usage(!(v.weights !== undefined && v.init === undefined), 'fit', '--weights chooses the weights of an --init checkpoint; give --init too');
  usage(!(v.resume !== undefined && (v.init !== undefined || v.config !== undefined)), 'fit', '--resume continues a run with its own model and settings: leave out --init and --config');
  const changed = ['batch-size', 'lr', 'seed', 'energy-ratio', 'forces-ratio', 'ema-decay', 'patience'].filter((k) => v[k as keyof Values] !== undefined);
  usage(!(v.resume !== undefined && changed.length > 0), 'fit', `--resume continues the run with its own settings (only --epochs may change), so --${changed[0]} cannot be given`);
  const validFraction = numberOption('valid-fraction', v['valid-fraction']);
  if (validFraction !== undefined && !(validFraction > 0 && validFraction < 1)) throw new Error(`--valid-fraction: ${validFraction} must be between 0 and 1 (exclusive)`);

  const plan = new OutputPlan(
    [{ label: '--train', path: v.train }, { label: '--valid', path: v.valid }, { label: '--config', path: v.config }, { label: '--init', path: v.init }, { label: '--resume', path: v.resume }],
    [
      { label: '-o', path: v.output, kind: 'atomic', format: { extensions: ['.campjs'], what: 'a .campjs model' } },
      { label: '--ckpt-out', path: v['ckpt-out'], kind: 'atomic', format: { extensions: ['.ckpt'], what: 'a PyTorch Lightning checkpoint' } },
      { label: '--state-out', path: v['state-out'], kind: 'atomic', format: { extensions: ['.json'], what: 'a training state (JSON)' } },
      { label: '--metrics', path: v.metrics, kind: 'stream', format: { extensions: ['.csv'], what: 'CSV' } },
    ]);

  const say = (line: string) => {
    if (!v.quiet) stdout.write(`${line}\n`);
  };
  const resume = v.resume !== undefined ? readTrainState(new TextDecoder().decode(readInputFile(v.resume, '--resume')), v.resume) : undefined;
  const config = v.config !== undefined ? parseTrainConfig(new TextDecoder().decode(readInputFile(v.config, '--config')), v.config) : undefined;
  for (const w of config?.warnings ?? []) stderr.write(`campjs fit: warning: ${w}\n`);
  const settings = withFlags(resume?.settings ?? config?.settings ?? DEFAULT_TRAIN_SETTINGS, v);
  const core = (await instantiateCore()).exports;

  const train = readLabelled(v.train!, '--train', say);
  const split = v.valid !== undefined
    ? { train: train, valid: readLabelled(v.valid, '--valid', say) }
    : splitValidation(core, train, validFraction ?? 0.1, settings.seed);
  if (v.valid === undefined) say(`validation: ${split.valid.length} of ${train.length} frames of ${v.train} held out (--valid-fraction ${validFraction ?? 0.1}, seed ${settings.seed})`);

  const model = resume ? undefined : await initialModel(v, config?.model ?? {}, split.train, settings.seed, say);
  // Against whole files, so that messages give the frame's index in its file.
  const known = (model ?? resume!.model).hparams.atomicNumbers;
  const whose = v.init !== undefined ? `--init ${basename(v.init)}` : resume ? `the resumed model (${basename(v.resume!)})` : `the config's data.atomic_number (${v.config})`;
  checkTrainingElements(train, known, basename(v.train!), whose);
  if (v.valid !== undefined) checkTrainingElements(split.valid, known, basename(v.valid), whose);
  const precision = precisionOption(v.precision);

  const metrics = plan.openStream('--metrics');
  metrics?.write(`${metricsHeader(settings.metricsPerAtom)}\n`);
  const perEpoch = Math.ceil(split.train.length / settings.batchSize);
  const progress = await createProgress('fit', Math.max(0, settings.epochs - (resume?.epoch ?? 0)) * perEpoch, { enabled: !v.quiet });
  let stepsDone = 0;
  let signal: string | undefined;
  const handle = fit({
    model, train: split.train, valid: split.valid, settings, resume, epochs: numberOption('epochs', v.epochs, true),
    ...(precision && { precision }),
    onBatch: () => progress.update(++stepsDone),
    onEpoch: (e, state) => {
      say(epochLine(e, settings.epochs, settings.metricsPerAtom));
      metrics?.write(`${metricsRow(e)}\n`);
      plan.writeAtomic('--state-out', writeTrainState(state()));
    },
  });
  const uninstall = onStopSignal((s) => {
    signal = s;
    handle.stop();
  });
  let result: FitResult;
  try {
    result = await handle.result;
  } catch (err) {
    // A run that failed mid-way keeps what it had: the best model so far and the state before the failing epoch.
    if (err instanceof FitFailedError) writeResults(plan, err.partial, v);
    throw err;
  } finally {
    uninstall();
    progress.stop();
    plan.close();
  }
  writeResults(plan, result, v);
  const why = { epochs: `${result.epochs} epochs`, 'early-stopping': `early stopping after ${result.epochs} epochs`, stopped: `stopped after ${result.epochs} epochs`, failed: 'failed' }[result.reason];
  const best = result.best ? `; best epoch ${result.best.epoch + 1} (${settings.earlyStopping.monitor} ${result.best.metric.toExponential(4)})` : '';
  const written = [...(result.best ? [v.output, v['ckpt-out']] : []), v['state-out'], v.metrics].filter((x) => x !== undefined);
  stdout.write(`fit: ${why}${best}; wrote ${written.join(', ') || 'nothing (no epoch completed)'}\n`);
  if (signal) {
    const cont = v['state-out'] ? `to continue: campjs fit --train ${v.train}${v.valid ? ` --valid ${v.valid}` : ''} --resume ${v['state-out']} -o ${v.output}` : 'no --state-out was given, so this run cannot be continued';
    stderr.write(`campjs fit: ${signal}: stopped; ${cont}\n`);
    return INTERRUPTED_EXIT;
  }
  return 0;
}

function readLabelled(path: string, label: string, say: (line: string) => void): LabelledFrame[] {
  const file = basename(path);
  const frames = labelledFrames(readStructures(readInputFile(path, label), path), file);
  const energyOnly = energyOnlyCount(frames);
  if (energyOnly > 0) say(`${file}: ${energyOnly} of ${frames.length} frames have no forces: they train on energy only (the force term averages over the frames that have forces)`);
  return frames;
}

async function initialModel(v: Values, cfg: ModelConfig, train: readonly LabelledFrame[], seed: number, say: (line: string) => void): Promise<CampModel> {
  if (v.init === undefined) {
    const m = await startModel((await instantiateCore()).exports, cfg, train, seed, v.config ?? 'fit');
    const hp = m.hparams;
    say(`fresh model: elements ${hp.atomicNumbers.map(symbolOf).join(', ')}, r_cut ${hp.rCut} Å, n_u ${hp.nU}, max_v ${hp.maxV}, ${hp.numLayers} layers, num_average_neigh ${hp.numAverageNeigh.toFixed(3)}, `
      + `energy shift ${Array.from(m.tensors.get('readout.atomic_energy_shift')!.data, (x) => Number(x).toFixed(4)).join(' / ')} eV, scale ${Number(m.tensors.get('readout.atomic_energy_scale')!.data[0]).toFixed(4)} eV/Å`);
    return m;
  }
  const model = loadCampModel(readInputFile(v.init, '--init'), { file: basename(v.init), weights: parseWeightsChoice(v.weights) });
  say(`fine-tuning ${v.init} (${model.source.weights} weights; its hyperparameters, energy shift and scale kept)`);
  return model;
}

/** The flags given on the command line override the config's (or the resumed run's) settings. */
function withFlags(s: TrainSettings, v: Values): TrainSettings {
  const num = (name: keyof Values & string, integer = false) => numberOption(name, v[name] as string | undefined, integer);
  const epochs = num('epochs', true), batch = num('batch-size', true), lr = num('lr'), seed = num('seed', true);
  const er = num('energy-ratio'), fr = num('forces-ratio'), decay = num('ema-decay'), patience = num('patience', true);
  return {
    ...s,
    ...(epochs !== undefined && { epochs }), ...(batch !== undefined && { batchSize: batch }), ...(seed !== undefined && { seed }),
    adam: { ...s.adam, ...(lr !== undefined && { lr }) },
    loss: { ...s.loss, ...(er !== undefined && { energyRatio: er }), ...(fr !== undefined && { forcesRatio: fr }) },
    ema: { ...s.ema, ...(decay !== undefined && { beta: decay }) },
    earlyStopping: { ...s.earlyStopping, ...(patience !== undefined && { patience }) },
  };
}

function writeResults(plan: OutputPlan, r: FitResult, v: Values): void {
  plan.writeAtomic('--state-out', writeTrainState(r.state));
  const best = r.best;
  if (!best) return;
  plan.writeAtomic('-o', writeCampjs(best.ema));
  if (v['ckpt-out'] === undefined) return;
  plan.writeAtomic('--ckpt-out', writeCheckpoint({
    raw: best.raw, ema: best.ema, emaStep: best.emaStep, emaInitted: best.emaInitted, epoch: best.epoch, globalStep: best.step,
    ...lightningHparams(r.state.settings),
  }));
}

