// A CAMP training config (the YAML of ../shared/models/*.config.yaml) → what campjs fit uses.
// The keys are CAMP's; keys that only steer PyTorch's machinery (file names, accelerator,
// logger, …) are accepted and ignored; any other key is refused, naming the file and the key,
// so a misspelt setting never silently falls back to its default.
import { parseDocument } from 'yaml';
import { DEFAULT_TRAIN_SETTINGS, isMonitor, type Monitor, type TrainSettings } from './settings.js';

type Leaf = 'num' | 'int' | 'bool' | 'str' | 'ignored' | 'auto-num' | 'shift' | 'int-list' | 'hidden' | 'callbacks';
interface Schema { readonly [key: string]: Leaf | Schema }

const SCHEMA: Schema = {
  data: {
    atomic_number: 'int-list', r_cut: 'num', train_batch_size: 'int',
    val_batch_size: 'ignored', test_batch_size: 'ignored', trainset_filename: 'ignored', valset_filename: 'ignored', testset_filename: 'ignored',
  },
  default_dtype: 'str',
  ema: { beta: 'num', power: 'num', update_after_step: 'int', update_every: 'int', inv_gamma: 'num', min_value: 'num', include_online_model: 'ignored' },
  loss: { energy_ratio: 'num', forces_ratio: 'num', normalize: 'bool' },
  lr_scheduler: {
    class_path: 'str', monitor: 'str',
    init_args: { factor: 'num', mode: 'str', patience: 'int', threshold: 'num', min_lr: 'num', verbose: 'ignored' },
  },
  metrics: { normalize: 'bool', type: 'str', validation_start_epoch: 'ignored' },
  model: {
    max_chebyshev_degree: 'int', max_u: 'int', max_v: 'int', num_layers: 'int', num_atom_types: 'int', r_cut: 'num',
    output_mlp_hidden_layers: 'hidden', radial_mlp_hidden_layers: 'hidden',
    num_average_neigh: 'auto-num', atomic_energy_shift: 'shift', atomic_energy_scale: 'auto-num',
  },
  optimizer: { class_path: 'str', init_args: { amsgrad: 'bool', lr: 'num', weight_decay: 'num', eps: 'num' } },
  restore_checkpoint: 'ignored',
  seed_everything: 'int',
  trainer: {
    max_epochs: 'int', gradient_clip_val: 'num', callbacks: 'callbacks',
    accelerator: 'ignored', check_val_every_n_epoch: 'ignored', detect_anomaly: 'ignored', inference_mode: 'ignored',
    log_every_n_steps: 'ignored', logger: 'ignored', num_nodes: 'ignored', devices: 'ignored',
  },
};

/** Lightning callbacks a CAMP config lists; the others are refused. Only EarlyStopping's and ModelCheckpoint's arguments matter here. */
const CALLBACKS: Record<string, Schema> = {
  'lightning.pytorch.callbacks.EarlyStopping': { mode: 'str', monitor: 'str', patience: 'int', verbose: 'ignored', min_delta: 'num' },
  'lightning.pytorch.callbacks.ModelCheckpoint': { mode: 'str', monitor: 'str', save_top_k: 'ignored', verbose: 'ignored', save_last: 'ignored', filename: 'ignored' },
  'lightning.pytorch.callbacks.ModelSummary': { max_depth: 'ignored' },
  'lightning.pytorch.callbacks.LearningRateMonitor': { logging_interval: 'ignored' },
};

/** A number, or 'auto' (or absent): take it from the training data. */
export type AutoNumber = number | 'auto';

export interface ModelConfig {
  readonly atomicNumbers?: readonly number[];
  readonly rCut?: number;
  readonly maxU?: number;
  readonly maxV?: number;
  readonly numLayers?: number;
  readonly maxChebyshevDegree?: number;
  /** A list of widths, or n: n layers of width n_u. */
  readonly radialMlpHidden?: readonly number[] | number;
  readonly outputMlpHidden?: readonly number[] | number;
  readonly numAverageNeigh?: AutoNumber;
  /** 'per_element': one shift per element, fitted to the data (a campjs extension). */
  readonly atomicEnergyShift?: AutoNumber | 'per_element';
  readonly atomicEnergyScale?: AutoNumber;
  readonly defaultDtype?: 'float32' | 'float64';
}

export interface TrainConfig {
  readonly settings: TrainSettings;
  readonly model: ModelConfig;
  /** What the config asks for that campjs fit does otherwise (the CLI prints them). */
  readonly warnings: readonly string[];
}

export function parseTrainConfig(text: string, file: string): TrainConfig {
  const fail = (problem: string): never => {
    throw new Error(`${file}: ${problem}`);
  };
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) fail(`not valid YAML: ${doc.errors[0].message.split('\n')[0]}`);
  const root: unknown = doc.toJS();
  const values = new Map<string, unknown>();
  walk(root ?? {}, SCHEMA, '', values, fail);

  const get = <T>(path: string): T | undefined => values.get(path) as T | undefined;
  const d = DEFAULT_TRAIN_SETTINGS;
  const oneOf = (path: string, allowed: readonly string[]) => {
    const v = get<string>(path);
    if (v !== undefined && !allowed.includes(v)) fail(`${path} is '${v}'; campjs fit supports ${allowed.map((a) => `'${a}'`).join(' or ')}`);
  };
  oneOf('optimizer.class_path', ['torch.optim.Adam']);
  oneOf('lr_scheduler.class_path', ['torch.optim.lr_scheduler.ReduceLROnPlateau']);
  oneOf('lr_scheduler.init_args.mode', ['min']);
  oneOf('metrics.type', ['mse', 'mae']);
  oneOf('default_dtype', ['float32', 'float64']);
  const monitor = (path: string, fallback: Monitor): Monitor => {
    const v = get<string>(path);
    if (v === undefined) return fallback;
    return isMonitor(v) ? v : fail(`${path} is '${v}'; expected val/mse_e, val_ema/mse_e, val/mae_f or the like`);
  };
  const early = callbackArgs(values, 'EarlyStopping');
  const checkpoint = callbackArgs(values, 'ModelCheckpoint');
  for (const [name, args] of [['EarlyStopping', early], ['ModelCheckpoint', checkpoint]] as const) {
    if (args.mode !== undefined && args.mode !== 'min') fail(`trainer.callbacks ${name} mode is '${String(args.mode)}'; campjs fit supports 'min'`);
  }
  if (early.min_delta !== undefined && early.min_delta !== 0) fail('trainer.callbacks EarlyStopping min_delta: campjs fit supports 0 only');
  // One metric both stops the run and picks the best model: EarlyStopping's, else ModelCheckpoint's
  // (a config naming only the latter had it ignored). CAMP's md17 configs name different ones;
  // they keep stopping and choosing by EarlyStopping's, as before.
  const callbackMonitor = (name: string, v: unknown): Monitor | undefined =>
    v === undefined ? undefined : isMonitor(v) ? v : fail(`trainer.callbacks ${name} monitor is '${String(v)}'`);
  const stopBy = callbackMonitor('EarlyStopping', early.monitor) ?? callbackMonitor('ModelCheckpoint', checkpoint.monitor);
  const warnings: string[] = [];
  if (early.monitor !== undefined && checkpoint.monitor !== undefined && early.monitor !== checkpoint.monitor) {
    warnings.push(`${file}: trainer.callbacks EarlyStopping monitors '${String(early.monitor)}' and ModelCheckpoint '${String(checkpoint.monitor)}'; ` +
      `campjs fit stops the run and picks the best model by one metric, EarlyStopping's '${String(early.monitor)}'`);
  }

  const settings: TrainSettings = {
    epochs: get('trainer.max_epochs') ?? d.epochs,
    batchSize: get('data.train_batch_size') ?? d.batchSize,
    seed: get('seed_everything') ?? d.seed,
    loss: { energyRatio: get('loss.energy_ratio') ?? d.loss.energyRatio, forcesRatio: get('loss.forces_ratio') ?? d.loss.forcesRatio, normalize: get('loss.normalize') ?? d.loss.normalize },
    metricsPerAtom: get('metrics.normalize') ?? d.metricsPerAtom,
    adam: {
      ...d.adam, lr: get('optimizer.init_args.lr') ?? d.adam.lr, amsgrad: get('optimizer.init_args.amsgrad') ?? false,
      weightDecay: get('optimizer.init_args.weight_decay') ?? 0, eps: get('optimizer.init_args.eps') ?? d.adam.eps,
    },
    gradientClip: get('trainer.gradient_clip_val') ?? 0,
    ema: {
      beta: get('ema.beta') ?? d.ema.beta, power: get('ema.power') ?? d.ema.power, updateAfterStep: get('ema.update_after_step') ?? d.ema.updateAfterStep,
      updateEvery: get('ema.update_every') ?? d.ema.updateEvery, invGamma: get('ema.inv_gamma') ?? 1, minValue: get('ema.min_value') ?? 0,
    },
    plateau: {
      factor: get('lr_scheduler.init_args.factor') ?? d.plateau.factor, patience: get('lr_scheduler.init_args.patience') ?? d.plateau.patience,
      threshold: get('lr_scheduler.init_args.threshold') ?? d.plateau.threshold, minLr: get('lr_scheduler.init_args.min_lr') ?? 0,
      monitor: monitor('lr_scheduler.monitor', d.plateau.monitor),
    },
    earlyStopping: {
      patience: (early.patience as number | undefined) ?? d.earlyStopping.patience,
      monitor: stopBy ?? d.earlyStopping.monitor,
    },
  };
  const rCut = get<number>('data.r_cut');
  const modelRCut = get<number>('model.r_cut');
  if (rCut !== undefined && modelRCut !== undefined && rCut !== modelRCut) fail(`model.r_cut (${modelRCut}) differs from data.r_cut (${rCut})`);
  const model: ModelConfig = {
    atomicNumbers: get('data.atomic_number'), rCut: rCut ?? modelRCut, maxU: get('model.max_u'), maxV: get('model.max_v'),
    numLayers: get('model.num_layers'), maxChebyshevDegree: get('model.max_chebyshev_degree'),
    radialMlpHidden: get('model.radial_mlp_hidden_layers'), outputMlpHidden: get('model.output_mlp_hidden_layers'),
    numAverageNeigh: get('model.num_average_neigh'), atomicEnergyShift: get('model.atomic_energy_shift'), atomicEnergyScale: get('model.atomic_energy_scale'),
    defaultDtype: get('default_dtype'),
  };
  const types = get<number>('model.num_atom_types');
  if (types !== undefined && model.atomicNumbers && types !== model.atomicNumbers.length) {
    fail(`model.num_atom_types is ${types} but data.atomic_number lists ${model.atomicNumbers.length} elements`);
  }
  return { settings, model, warnings };
}

function walk(node: unknown, schema: Schema, path: string, out: Map<string, unknown>, fail: (p: string) => never): void {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) fail(`${path || 'the document'} should be a mapping of keys, not ${describe(node)}`);
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    const at = path ? `${path}.${key}` : key;
    const kind = Object.hasOwn(schema, key) ? schema[key] : undefined;
    if (kind === undefined) fail(`unknown key '${at}' (known${path ? ` under ${path}` : ''}: ${Object.keys(schema).join(', ')})`);
    if (typeof kind === 'object') walk(value, kind, at, out, fail);
    else if (kind !== 'ignored' && value !== null) out.set(at, leaf(kind, value, at, out, fail));
  }
}

function leaf(kind: Leaf, v: unknown, at: string, out: Map<string, unknown>, fail: (p: string) => never): unknown {
  const bad = (want: string): never => fail(`${at} is ${describe(v)}; expected ${want}`);
  switch (kind) {
    case 'num': return typeof v === 'number' && Number.isFinite(v) ? v : bad('a number');
    case 'int': return Number.isSafeInteger(v) ? v : bad('a whole number');
    case 'bool': return typeof v === 'boolean' ? v : bad('true or false');
    case 'str': return typeof v === 'string' ? v : bad('a string');
    case 'shift':
      if (typeof v === 'string' && v.toLowerCase() === 'per_element') return 'per_element';
      if (typeof v === 'string' && v.toLowerCase() === 'auto') return 'auto';
      return typeof v === 'number' && Number.isFinite(v) ? v : bad("a number, 'auto' or 'per_element'");
    case 'auto-num':
      if (typeof v === 'string' && v.toLowerCase() === 'auto') return 'auto';
      return typeof v === 'number' && Number.isFinite(v) ? v : bad("a number or 'auto'");
    case 'int-list': return Array.isArray(v) && v.length > 0 && v.every((x) => Number.isSafeInteger(x)) ? v : bad('a list of whole numbers');
    case 'hidden': return Number.isSafeInteger(v) || (Array.isArray(v) && v.every((x) => Number.isSafeInteger(x))) ? v : bad('a list of layer widths or a layer count');
    case 'callbacks': {
      if (!Array.isArray(v)) return bad('a list of callbacks');
      v.forEach((cb, k) => {
        const p = `${at}[${k}]`;
        if (cb === null || typeof cb !== 'object' || typeof (cb as { class_path?: unknown }).class_path !== 'string') fail(`${p} should have a class_path`);
        const { class_path: cls, init_args: args, ...rest } = cb as { class_path: string; init_args?: unknown };
        const extra = Object.keys(rest)[0];
        if (extra !== undefined) fail(`unknown key '${p}.${extra}' (known: class_path, init_args)`);
        const schema = Object.hasOwn(CALLBACKS, cls) ? CALLBACKS[cls] : fail(`${p}.class_path '${cls}' is not a callback campjs fit knows (${Object.keys(CALLBACKS).join(', ')})`);
        const name = cls.split('.').at(-1)!;
        walk(args ?? {}, schema, `${at}.${name}.init_args`, out, fail);
      });
      return v;
    }
    default: return bad('nothing');
  }
}

/** init_args of a callback, as walk() recorded them. */
function callbackArgs(values: ReadonlyMap<string, unknown>, name: string): Record<string, unknown> {
  const prefix = `trainer.callbacks.${name}.init_args.`;
  const out: Record<string, unknown> = {};
  for (const [k, v] of values) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  return out;
}

function describe(v: unknown): string {
  if (v === null) return 'empty';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return typeof v === 'string' ? `'${v}'` : String(v);
}
