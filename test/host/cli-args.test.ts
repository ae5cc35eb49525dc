// The command line as a new user meets it: negative numbers as option values, `--help` on
// stdout, a suggestion for a misspelt option, one 'campjs:' prefix, escaped control characters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { joinNegativeValues, nearestOption, parseCommand, UsageError } from '../../host/cli/args.js';
import { errorText, escapeControl } from '../../host/cli/terminal-text.js';
import { needsBuild, runCli } from '../support/cli.js';
import { fccCrystal } from '../support/lattices.js';
import { formatExtxyz } from '../../host/io/extxyz.js';

const OPTIONS = { dt: { type: 'string' }, frame: { type: 'string', short: 'f' }, quiet: { type: 'boolean', short: 'q' }, temperature: { type: 'string' } } as const;

test('negative numbers are taken as option values; other dash words are not', () => {
  assert.deepEqual(joinNegativeValues(['--dt', '-0.5', 'x.xyz'], OPTIONS), ['--dt=-0.5', 'x.xyz']);
  assert.deepEqual(joinNegativeValues(['-f', '-2', '--dt', '-1e-3'], OPTIONS), ['--frame=-2', '--dt=-1e-3']);
  assert.deepEqual(joinNegativeValues(['-q', '-2'], OPTIONS), ['-q', '-2']);
  assert.deepEqual(joinNegativeValues(['--', '--dt', '-1'], OPTIONS), ['--', '--dt', '-1']);
  assert.equal(parseCommand('md', ['--frame', '-2'], OPTIONS).values.frame, '-2');
  assert.throws(() => parseCommand('md', ['--dt', '-q'], OPTIONS), /md: --dt needs a value, but '-q' looks like an option \(if it is the value, write --dt=-q\)/);
});

test('an unknown option suggests the nearest one, and only a near one', () => {
  assert.throws(() => parseCommand('md', ['--temprature', '300'], OPTIONS), (e: unknown) => e instanceof UsageError && e.message === 'md: unknown option --temprature; did you mean --temperature?');
  assert.throws(() => parseCommand('md', ['--zzz'], OPTIONS), (e: unknown) => e instanceof UsageError && e.message === 'md: unknown option --zzz');
  assert.equal(nearestOption('fram', ['frame', 'dt']), 'frame');
  assert.equal(nearestOption('steps', ['frame', 'dt']), undefined);
});

test('control characters are escaped and the library prefix is not doubled', () => {
  assert.equal(escapeControl('a\x1b[31mred\x07\tb\nc\x9b'), 'a\\x1b[31mred\\x07\tb\nc\\x9b');
  assert.equal(errorText(new Error("campjs: cannot read 'x\x1b[2J'")), "cannot read 'x\\x1b[2J'");
});

test('built CLI: --help on stdout, negative --dt gets a real reason, typo suggestion, escaped names, one prefix', needsBuild, () => {
  const help = runCli(['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^usage: campjs <command>/);
  assert.equal(help.stderr, '');

  const dt = runCli(['md', '--model', 'lj:sigma=3', 'examples/water-64.xyz', '--steps', '1', '--dt', '-0.5', '-q']);
  assert.equal(dt.status, 1);
  assert.doesNotMatch(dt.stderr, /ambiguous/);
  assert.match(dt.stderr, /dt = -0\.5: must be a positive/);

  const argon = join(mkdtempSync(join(tmpdir(), 'campjs-args-')), 'argon.xyz');
  writeFileSync(argon, formatExtxyz([{ atoms: fccCrystal(18, 5.4, 2), info: {}, arrays: {} }]));
  const frame = runCli(['md', '--model', 'lj:epsilon=0.0104,sigma=3.4', argon, '--steps', '1', '--frame', '-1', '-q']);
  assert.equal(frame.status, 0, frame.stderr);

  const typo = runCli(['md', '--model', 'lj:sigma=3', 'examples/water-64.xyz', '--steps', '1', '--temprature', '300']);
  assert.equal(typo.status, 2);
  assert.match(typo.stderr, /^campjs: md: unknown option --temprature; did you mean --temperature\?\n/);

  const dir = mkdtempSync(join(tmpdir(), 'campjs-args-'));
  const evil = join(dir, 'bad\x1b[31mname.xyz');
  writeFileSync(evil, '2\n\nH 0 0 0\n');
  const esc = runCli(['md', '--model', 'lj:sigma=3', evil, '--steps', '1', '-q']);
  assert.equal(esc.status, 1);
  assert.doesNotMatch(esc.stderr, /\x1b/);
  assert.match(esc.stderr, /bad\\x1b\[31mname\.xyz/);

  const missing = runCli(['md', '--model', join(dir, 'missing.ckpt'), 'examples/water-64.xyz', '--steps', '1', '-q']);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /^campjs: /);
  assert.doesNotMatch(missing.stderr, /campjs: campjs:/);

  const cmd = runCli(['mdd']);
  assert.equal(cmd.status, 2);
  assert.match(cmd.stderr, /unknown command 'mdd'; did you mean md\?/);
});
