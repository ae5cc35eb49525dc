// campjs command line. Each subcommand lives in its own file and is loaded on demand.
import { argv, exit, stderr, stdout } from 'node:process';
import { VERSION } from '../version.js';
import { nearestOption, UsageError } from './args.js';
import { ENSEMBLES } from '../md/ensembles/index.js';
import { errorText, escapeControl } from './terminal-text.js';

type Command = { run(args: string[]): Promise<number> };
const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  info: { summary: 'summarize a model (.ckpt or .campjs): elements, cutoff, architecture, provenance', load: () => import('./info.js') },
  convert: { summary: 'convert a PyTorch Lightning checkpoint to a .campjs model file', load: () => import('./convert.js') },
  eval: { summary: 'evaluate a model on structures (.xyz/.extxyz/.json); MAE/RMSE against DFT labels', load: () => import('./eval.js') },
  md: { summary: `molecular dynamics (${ENSEMBLES.join(', ')}) with trajectory, thermo log and receipt`, load: () => import('./md.js') },
  opt: { summary: 'relax a structure with FIRE (positions, optionally the cell)', load: () => import('./opt.js') },
  fit: { summary: 'train or fine-tune a CAMP model on labelled structures; .campjs and .ckpt out', load: () => import('./fit.js') },
  verify: { summary: 're-run an MD receipt and report the first step that differs, or identical', load: () => import('./verify.js') },
};

function usage(): string {
  const rows = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`);
  return `usage: campjs <command> [options]\n\ncommands:\n${rows.join('\n')}\n\nRun 'campjs <command> --help' for a command's options.\n`;
}

async function main(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (!name) {
    stderr.write(usage());
    return 2;
  }
  if (name === '--help' || name === '-h') {
    stdout.write(usage());
    return 0;
  }
  if (name === '--version') {
    console.log(`campjs ${VERSION}`);
    return 0;
  }
  const cmd = commands[name];
  if (!cmd) {
    const near = nearestOption(name, Object.keys(commands));
    stderr.write(`campjs: unknown command '${escapeControl(name)}'${near ? `; did you mean ${near}?` : ''}\n\n${usage()}`);
    return 2;
  }
  return (await cmd.load()).run(rest);
}

main(argv.slice(2)).then(
  (code) => exit(code),
  (err: unknown) => {
    stderr.write(`campjs: ${errorText(err)}\n`);
    if (err instanceof UsageError) {
      stderr.write(`Run 'campjs ${escapeControl(argv[2])} --help' for its options.\n`);
      exit(2);
    }
    if (process.env.CAMPJS_DEBUG && err instanceof Error) stderr.write(`${escapeControl(err.stack ?? '')}\n`);
    exit(1);
  },
);
