// `campjs info` and `campjs convert`: through run() in-process, and through the built
// dist/cli.mjs in a child process (skipped when `npm run build` has not produced it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as info } from '../../host/cli/info.js';
import { run as convert } from '../../host/cli/convert.js';
import { loadCampModel } from '../../host/model/load.js';
import { ModelFileError } from '../../host/format/model-file-error.js';
import { syntheticCheckpoint } from '../support/ckpt-synthetic.js';
import { needsShared, repoRoot, sharedPath } from '../support/shared.js';

const dir = mkdtempSync(join(tmpdir(), 'campjs-cli-'));
const cli = join(repoRoot, 'dist/cli.mjs');
const builtHelp = existsSync(cli) ? spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' }).stdout : '';
const needsBuild = { skip: /\binfo\b/.test(builtHelp) && /\bconvert\b/.test(builtHelp) ? false : 'dist/cli.mjs is missing or predates info/convert: run npm run build' };

/** Runs a subcommand in-process, capturing what it writes to stdout. */
async function capture(cmd: (args: string[]) => Promise<number>, args: string[]): Promise<{ code: number; out: string }> {
  const chunks: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array) => chunks.push(String(chunk)) > 0) as typeof process.stdout.write;
  try {
    const code = await cmd(args);
    return { code, out: chunks.join('') };
  } finally {
    process.stdout.write = write;
  }
}

function spawnCli(...args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
}

test('exit status: 2 with a hint for a wrong command line, 1 for a failed run, in every command', () => {
  for (const args of [['info'], ['convert', '--bogus', 'x.ckpt'], ['eval'], ['md', 'in.xyz'], ['opt'], ['verify']]) {
    const r = spawnCli(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`^campjs: ${args[0]}: .+\\nRun 'campjs ${args[0]} --help' for its options\\.\\n$`));
  }
  const unknown = spawnCli('frobnicate');
  assert.equal(unknown.status, 2);
  const failed = spawnCli('verify', join(tmpdir(), 'campjs-no-such-receipt.json'));
  assert.equal(failed.status, 1);
  assert.doesNotMatch(failed.stderr, /--help/);
});

/** The rows the brief asks `info` to show for water.ckpt. */
function assertWaterSummary(text: string): void {
  assert.match(text, /^\s+elements\s+H, O\s+\(Z = 1, 8\)$/m);
  assert.match(text, /^\s+cutoff\s+5 Å$/m);
  assert.match(text, /^\s+max_v\s+2$/m);
  assert.match(text, /^\s+layers\s+3$/m);
  assert.match(text, /^\s+channels \(n_u\)\s+33$/m);
  assert.match(text, /^\s+Chebyshev degree\s+8 /m);
  assert.match(text, /^\s+radial MLP\s+33 → 32 → 32 → 33$/m);
  assert.match(text, /^\s+weights\s+EMA$/m);
}

test('info on a synthetic checkpoint and its conversion (run() in-process)', async () => {
  const ckpt = join(dir, 'syn.ckpt');
  writeFileSync(ckpt, syntheticCheckpoint());
  const text = await capture(info, [ckpt]);
  assert.equal(text.code, 0);
  assert.match(text.out, /^syn\.ckpt {2}\(PyTorch Lightning checkpoint\)$/m);
  assert.match(text.out, /^\s+elements\s+H, O /m);
  assert.match(text.out, /^\s+cutoff\s+4\.5 Å$/m);
  assert.match(text.out, /^\s+output MLP\s+4 → 6 → 1$/m);

  const out = join(dir, 'syn-raw.campjs');
  assert.equal((await capture(convert, [ckpt, '-o', out, '--weights', 'raw'])).code, 0);
  const json = JSON.parse((await capture(info, [out, '--json'])).out);
  assert.equal(json.format, 'campjs');
  assert.equal(json.weights, 'raw');
  assert.deepEqual(json.elements, ['H', 'O']);
  assert.equal(json.provenance.original_file, 'syn.ckpt');
  const model = loadCampModel(new Uint8Array(readFileSync(ckpt)), { weights: 'raw' });
  let count = 0;
  for (const t of model.tensors.values()) count += t.data.length;
  assert.equal(json.parameters, count);

  // SOURCE_DATE_EPOCH makes conversions byte-reproducible.
  process.env.SOURCE_DATE_EPOCH = '1700000000';
  try {
    const [a, b] = [join(dir, 'a.campjs'), join(dir, 'b.campjs')];
    await capture(convert, [ckpt, '-o', a]);
    await capture(convert, [ckpt, '-o', b]);
    assert.ok(readFileSync(a).equals(readFileSync(b)));
    assert.equal(loadCampModel(new Uint8Array(readFileSync(a))).source.notes?.created, '2023-11-14T22:13:20.000Z');
  } finally {
    delete process.env.SOURCE_DATE_EPOCH;
  }

  await assert.rejects(info([out, '--weights', 'ema']), /holds the raw weights, not the ema ones/);
  await assert.rejects(info([ckpt, '--weights', 'best']), /weights must be 'ema' or 'raw', not 'best'/);
  writeFileSync(join(dir, 'junk.bin'), 'junk');
  await assert.rejects(info([join(dir, 'junk.bin')]), (e: unknown) => e instanceof ModelFileError && /^junk\.bin: neither/.test(e.message));
  await assert.rejects(convert([ckpt, '-o', ckpt]), /refusing to overwrite the input/);
});

test('info water.ckpt reports H, O, cutoff 5, max_v 2, 3 layers, 33 channels (run() in-process)', needsShared, async () => {
  const r = await capture(info, [sharedPath('models/water.ckpt')]);
  assert.equal(r.code, 0);
  assertWaterSummary(r.out);
});

test('built dist/cli.mjs: info, convert, info on the .campjs, and a clean error exit', { skip: needsShared.skip || needsBuild.skip }, () => {
  const water = sharedPath('models/water.ckpt');
  const r = spawnCli('info', water);
  assert.equal(r.status, 0, r.stderr);
  assertWaterSummary(r.stdout);

  const out = join(dir, 'water.campjs');
  const c = spawnCli('convert', water, '-o', out);
  assert.equal(c.status, 0, c.stderr);
  assert.match(c.stdout, /wrote .*water\.campjs: [\d,]+ bytes, 143 tensors, EMA weights/);
  const j = spawnCli('info', out, '--json');
  assert.equal(j.status, 0, j.stderr);
  const s = JSON.parse(j.stdout);
  assert.deepEqual([s.elements, s.cutoff, s.maxV, s.layers, s.channels, s.weights], [['H', 'O'], 5, 2, 3, 33, 'ema']);
  assert.equal(s.provenance.original_file, 'water.ckpt');

  const bad = spawnCli('info', join(dir, 'missing.ckpt'));
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /^campjs: /);
  const junk = join(dir, 'junk2.ckpt');
  writeFileSync(junk, 'PK\x03\x04 not really');
  const broken = spawnCli('info', junk);
  assert.equal(broken.status, 1);
  assert.match(broken.stderr, /^campjs: junk2\.ckpt: truncated or corrupt zip archive/);
});
