// `campjs convert model.ckpt -o model.campjs [--weights raw]`: checkpoint → .campjs (validated;
// provenance records the source file, its SHA-256 and which weights).
import { basename } from 'node:path';
import { parseCommand, usage } from './args.js';
import { readInputFile } from './open.js';
import { OutputPlan } from './outputs.js';
import { writeCampjs } from '../format/campjs-file.js';
import { parseWeightsChoice } from '../ckpt/load-ckpt.js';
import { loadCampModel } from '../model/load.js';

const HELP = `usage: campjs convert <model.ckpt> [-o model.campjs] [--weights ema|raw]

Converts a CAMP PyTorch Lightning checkpoint into a .campjs model file.
  -o, --output FILE   where to write (default: the input name with .campjs)
  --weights ema|raw   which weights to keep (default: ema, what the reference calculator uses)

The conversion time is recorded; set SOURCE_DATE_EPOCH (seconds) for byte-reproducible output.
`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommand('convert', args, {
    output: { type: 'string', short: 'o' }, weights: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  usage(positionals.length === 1, 'convert', 'expected one checkpoint file');
  const input = positionals[0];
  const output = values.output ?? `${input.replace(/\.(ckpt|campjs)$/i, '')}.campjs`;
  const outputs = new OutputPlan([{ label: 'input', path: input }],
    [{ label: '-o', path: output, kind: 'atomic', format: { extensions: ['.campjs'], what: 'a .campjs model' } }]);
  const model = loadCampModel(readInputFile(input, 'input'), { file: basename(input), weights: parseWeightsChoice(values.weights) });
  const bytes = writeCampjs(model, { created: reproducibleDate() });
  outputs.writeAtomic('-o', bytes);
  const n = model.tensors.size;
  process.stdout.write(`wrote ${output}: ${bytes.length.toLocaleString('en-US')} bytes, ${n} tensors, ${model.source.weights === 'ema' ? 'EMA' : 'raw'} weights\n`);
  return 0;
}

/** SOURCE_DATE_EPOCH (reproducible-builds.org) as an ISO date, else undefined (now). */
function reproducibleDate(): string | undefined {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch === undefined) return undefined;
  if (!/^\d+$/.test(epoch)) throw new Error(`SOURCE_DATE_EPOCH must be whole seconds since 1970, not '${epoch}'`);
  return new Date(Number(epoch) * 1000).toISOString();
}
