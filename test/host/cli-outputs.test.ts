// Outputs are never destroyed (issue 9, part 1), through the built CLI (dist/cli.mjs) in a child
// process: an output that is an input (by path, symlink or hard link), the model, the resume
// state or another output is refused before anything is read; a run that fails before its
// first step leaves earlier outputs byte-identical; single results are renamed into place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../host/cli/outputs.js';
import { parseExtxyz } from '../../host/io/extxyz.js';
import { syntheticCheckpoint } from '../support/ckpt-synthetic.js';
import { repoRoot } from '../support/shared.js';

const cli = join(repoRoot, 'dist/cli.mjs');
const needsBuild = { skip: existsSync(cli) ? false : 'dist/cli.mjs is missing: run npm run build' };
const LJ = 'lj:epsilon=0.0104,sigma=3.4,cutoff=8.5,shift=force';
const ARGON = '3\nProperties=species:S:1:pos:R:3\nAr 0 0 0\nAr 3.8 0 0\nAr 1.9 3.3 0\n';
const WATER = (dx: number) => `3\nProperties=species:S:1:pos:R:3\nO ${dx} 0 0\nH 0.96 0 0\nH -0.24 0.93 0\n`;

function campjs(...args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
}

/** A fresh folder with the given files (name → text or bytes). */
function folder(files: Record<string, string | Uint8Array>): { dir: string; path: (name: string) => string; bytes: (name: string) => Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'campjs-outputs-'));
  for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data);
  return { dir, path: (name) => join(dir, name), bytes: (name) => readFileSync(join(dir, name)) };
}

/** Runs the CLI, expects exit 1 with `message` on stderr and nothing on stdout. */
function refused(args: string[], message: RegExp): void {
  const r = campjs(...args);
  assert.equal(r.status, 1, `${args.join(' ')}\n${r.stderr}`);
  assert.match(r.stderr, message);
  assert.equal(r.stdout, '', 'no work was done');
}

test('an output that is an input, the model or the resume state is refused and the file is intact', needsBuild, () => {
  const f = folder({ 'in.xyz': ARGON, 'm.ckpt': 'not read', 'state.bin': 'old state', 'water.xyz': WATER(0) });
  refused(['md', '--model', LJ, f.path('in.xyz'), '--steps', '5', '--traj', f.path('in.xyz')],
    /^campjs: --traj .*in\.xyz: refusing to overwrite the input; choose another name\n$/);
  refused(['md', '--model', f.path('m.ckpt'), f.path('in.xyz'), '--steps', '5', '--log', f.path('m.ckpt')], /--log .*m\.ckpt: refusing to overwrite the --model file/);
  refused(['md', '--model', LJ, '--resume', f.path('state.bin'), '--steps', '5', '--state-out', f.path('state.bin')], /--state-out .*state\.bin: refusing to overwrite the --resume file/);
  refused(['opt', '--model', LJ, f.path('in.xyz'), '-o', f.path('in.xyz')], /-o .*in\.xyz: refusing to overwrite the input/);
  refused(['eval', '--model', f.path('m.ckpt'), f.path('water.xyz'), '-o', f.path('water.xyz')], /-o .*water\.xyz: refusing to overwrite the input/);
  refused(['eval', '--model', f.path('m.ckpt'), f.path('water.xyz'), '-o', f.path('m.ckpt')], /-o .*m\.ckpt: refusing to overwrite the --model file/);
  writeFileSync(f.path('m.campjs'), 'not read');
  refused(['convert', f.path('m.campjs')], /-o .*m\.campjs: refusing to overwrite the input/);
  assert.equal(f.bytes('in.xyz').toString(), ARGON);
  assert.equal(f.bytes('water.xyz').toString(), WATER(0));
  assert.equal(f.bytes('m.ckpt').toString(), 'not read');
  assert.equal(f.bytes('m.campjs').toString(), 'not read');
  assert.equal(f.bytes('state.bin').toString(), 'old state');
});

test('two outputs on one file, and an output reaching an input through a symlink or a hard link, are refused', needsBuild, () => {
  const f = folder({ 'in.xyz': ARGON });
  refused(['md', '--model', LJ, f.path('in.xyz'), '--steps', '5', '--traj', f.path('t.xyz'), '--log', f.path('t.xyz')],
    /--log .*t\.xyz: --traj writes there too; choose another name/);
  symlinkSync(f.path('in.xyz'), f.path('link.xyz'));
  linkSync(f.path('in.xyz'), f.path('hard.xyz'));
  mkdirSync(f.path('sub'));
  symlinkSync(f.dir, f.path('sub/up'));
  refused(['md', '--model', LJ, f.path('in.xyz'), '--steps', '5', '--traj', f.path('link.xyz')], /--traj .*link\.xyz: refusing to overwrite the input \(.*in\.xyz, the same file\)/);
  refused(['md', '--model', LJ, f.path('in.xyz'), '--steps', '5', '--traj', f.path('hard.xyz')], /--traj .*hard\.xyz: refusing to overwrite the input \(.*in\.xyz, the same file\)/);
  refused(['opt', '--model', LJ, f.path('link.xyz'), '-o', f.path('sub/up/in.xyz')], /-o .*sub\/up\/in\.xyz: refusing to overwrite the input/);
  refused(['md', '--model', LJ, f.path('in.xyz'), '--steps', '5', '--receipt', f.path('r.json'), '--state-out', f.path('sub/up/r.json')],
    /--state-out .*r\.json: --receipt writes there too/);
  assert.equal(f.bytes('in.xyz').toString(), ARGON);
  assert.deepEqual(readdirSync(f.dir).sort(), ['hard.xyz', 'in.xyz', 'link.xyz', 'sub']);
});

test('a run that fails before its first step leaves earlier outputs byte-identical and writes no receipt', needsBuild, () => {
  const f = folder({ 'in.xyz': ARGON, 'syn.ckpt': syntheticCheckpoint() });
  const outputs = ['--traj', f.path('t.xyz'), '--log', f.path('log.csv'), '--receipt', f.path('r.json'), '--state-out', f.path('s.json')];
  const first = campjs('md', '--model', LJ, f.path('in.xyz'), '--steps', '4', '--every', '2', '-q', ...outputs);
  assert.equal(first.status, 0, first.stderr);
  const before = ['t.xyz', 'log.csv', 'r.json', 's.json'].map((n) => f.bytes(n));
  assert.equal(parseExtxyz(before[0].toString(), 't.xyz').length, 3);
  // A missing model, a misspelt input, an element the model lacks, atoms overlapping at step 0.
  writeFileSync(f.path('overlap.xyz'), '2\nProperties=species:S:1:pos:R:3\nAr 0 0 0\nAr 0.3 0 0\n');
  for (const [args, message] of [
    [['--model', f.path('no-such-model.ckpt'), f.path('in.xyz')], /--model .*no-such-model\.ckpt: cannot read: no such file or directory \(ENOENT\)/],
    [['--model', LJ, f.path('in.xzy')], /input .*in\.xzy: cannot read: no such file or directory \(ENOENT\)/],
    [['--model', f.path('syn.ckpt'), f.path('in.xyz')], /Ar/],
    [['--model', LJ, f.path('overlap.xyz')], /atoms Ar0 and Ar1 are 0\.300 Å apart at step 0/],
  ] as const) {
    const r = campjs('md', ...args, '--steps', '4', '-q', ...outputs);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, message);
    ['t.xyz', 'log.csv', 'r.json', 's.json'].forEach((n, k) => assert.deepEqual(f.bytes(n), before[k], `${n} after ${args.join(' ')}`));
  }
  // Without earlier outputs, a failed start or a failure at step 0 leaves none (no 0-byte receipt).
  const g = folder({ 'overlap.xyz': '2\nProperties=species:S:1:pos:R:3\nAr 0 0 0\nAr 0.3 0 0\n' });
  for (const model of [LJ, g.path('missing.ckpt')]) {
    const r = campjs('md', '--model', model, g.path('overlap.xyz'), '--steps', '4', '--traj', g.path('t.xyz'), '--receipt', g.path('r.json'), '--log', g.path('l.csv'));
    assert.equal(r.status, 1);
    assert.deepEqual(readdirSync(g.dir), ['overlap.xyz']);
  }
  assert.deepEqual(readdirSync(f.dir).filter((n) => n.includes('.tmp-')), [], 'no temporary file left behind');
});

test('a missing output directory, a directory as output, or a wrong extension is refused before any work', needsBuild, () => {
  const f = folder({ 'in.xyz': ARGON, 'water.xyz': WATER(0), 'm.ckpt': 'not read' });
  const noDir = f.path('no/such/dir');
  refused(['md', '--model', f.path('missing.ckpt'), f.path('in.xyz'), '--steps', '5', '--traj', `${noDir}/t.xyz`],
    /--traj .*t\.xyz: cannot write: the directory .*no\/such\/dir does not exist \(ENOENT\)/);
  refused(['md', '--model', LJ, f.path('in.xyz'), '--steps', '5', '--receipt', f.dir], /--receipt .*: cannot write: it is a directory \(EISDIR\)/);
  refused(['opt', '--model', LJ, f.path('in.xyz'), '-o', `${noDir}/o.xyz`], /-o .*o\.xyz: cannot write: the directory .* does not exist/);
  refused(['eval', '--model', f.path('m.ckpt'), f.path('water.xyz'), '-o', `${noDir}/e.json`], /-o .*e\.json: cannot write: the directory .* does not exist/);
  refused(['convert', f.path('m.ckpt'), '-o', `${noDir}/m.campjs`], /-o .*m\.campjs: cannot write: the directory .* does not exist/);
  refused(['convert', f.path('m.ckpt'), '-o', f.path('in.xyz/m.campjs')], /cannot write: .*in\.xyz is not a directory \(ENOTDIR\)/);
  refused(['md', '--model', LJ, f.path('in.xyz'), '--steps', '5', '--traj', f.path('run.traj')],
    /--traj .*run\.traj: campjs writes extended XYZ here, not ASE's binary \.traj format; give it a \.extxyz or a \.xyz name/);
  refused(['md', '--model', LJ, f.path('in.xyz'), '--steps', '5', '--traj', f.path('run')], /--traj .*run: campjs writes extended XYZ here; give it a \.extxyz or a \.xyz name/);
  refused(['opt', '--model', LJ, f.path('in.xyz'), '-o', f.path('out.cif')], /-o .*out\.cif: campjs writes extended XYZ or CAMP dataset JSON here, which '\.cif' does not say/);
  refused(['eval', '--model', f.path('m.ckpt'), f.path('water.xyz'), '-o', f.path('out.csv')], /-o .*out\.csv: campjs writes extended XYZ or results JSON here/);
  refused(['convert', f.path('m.ckpt'), '-o', f.path('m2.ckpt')], /-o .*m2\.ckpt: campjs writes a \.campjs model here, which '\.ckpt' does not say/);
  assert.deepEqual(readdirSync(f.dir).sort(), ['in.xyz', 'm.ckpt', 'water.xyz']);
});

test('streams to a device are allowed: --traj /dev/null with any name', needsBuild, () => {
  const f = folder({ 'in.xyz': ARGON });
  const r = campjs('md', '--model', LJ, f.path('in.xyz'), '--steps', '2', '-q', '--traj', '/dev/null', '--log', '/dev/null');
  assert.equal(r.status, 0, r.stderr);
});

test('eval: an error in frame k names it and keeps the results of frames 0..k-1 (-o written, exit 1)', needsBuild, () => {
  const f = folder({ 'syn.ckpt': syntheticCheckpoint() });
  // Frame 2 (lines 11-15) is malformed at line 14 (a coordinate that is not a number).
  writeFileSync(f.path('bad-line.xyz'), WATER(0) + WATER(0.05) + WATER(0.1).replace('H 0.96 0 0', 'H 0.96 x 0') + WATER(0.15));
  let r = campjs('eval', '--model', f.path('syn.ckpt'), f.path('bad-line.xyz'), '-o', f.path('out.xyz'));
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /^campjs: frame 2: .*bad-line\.xyz:14: pos\[1\] .*\(the results of frames 0-1 are in .*out\.xyz\)\n$/);
  assert.match(r.stdout, /^2 frames, 6 atoms$/m);
  const kept = parseExtxyz(f.bytes('out.xyz').toString(), 'out.xyz');
  assert.equal(kept.length, 2);
  assert.ok(kept.every((fr) => Number.isFinite(fr.energy)));
  assert.equal(kept[1].atoms.positions[0], 0.05);

  // Frame 1 has an element the model does not know: frame 0's results are kept.
  writeFileSync(f.path('bad-element.xyz'), WATER(0) + WATER(0).replace('O 0', 'Cl 0') + WATER(0.1));
  r = campjs('eval', '--model', f.path('syn.ckpt'), f.path('bad-element.xyz'), '-o', f.path('out.json'));
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /^campjs: frame 1: the model does not know Cl \(Z=17\).*\(the results of frames 0-0 are in .*out\.json\)\n$/);
  assert.equal(JSON.parse(f.bytes('out.json').toString()).frames.length, 1);

  // An error in frame 0 leaves an earlier -o as it was.
  writeFileSync(f.path('bad-first.xyz'), WATER(0).replace('H 0.96 0 0', 'H 0.96 x 0'));
  r = campjs('eval', '--model', f.path('syn.ckpt'), f.path('bad-first.xyz'), '-o', f.path('out.json'));
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^campjs: frame 0: .*bad-first\.xyz:4: /);
  assert.equal(JSON.parse(f.bytes('out.json').toString()).frames.length, 1);
});

test('opt --precision f32 evaluates the model in f32 (energies differ from f64 in the last digits)', needsBuild, () => {
  const f = folder({ 'syn.ckpt': syntheticCheckpoint(), 'water.xyz': WATER(0) });
  const energies: Record<string, number> = {};
  for (const p of ['f64', 'f32']) {
    const r = campjs('opt', '--model', f.path('syn.ckpt'), f.path('water.xyz'), '--precision', p, '--steps', '3', '-q', '-o', f.path(`${p}.xyz`));
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    assert.match(r.stdout, /^opt: /);
    energies[p] = parseExtxyz(f.bytes(`${p}.xyz`).toString(), `${p}.xyz`)[0].energy!;
  }
  assert.notEqual(energies.f32, energies.f64);
  assert.ok(Math.abs(energies.f32 - energies.f64) < 1e-3 * Math.max(1, Math.abs(energies.f64)), `${energies.f32} vs ${energies.f64}`);
  refused(['opt', '--model', f.path('syn.ckpt'), f.path('water.xyz'), '--precision', 'f16'], /--precision: 'f16' must be f64 or f32/);
});

test('writeFileAtomic: replaces the file whole, keeps its permissions, follows a symlink, leaves no temporary file', () => {
  const f = folder({ 'r.json': 'old', 'target.json': 'old target' });
  chmodSync(f.path('r.json'), 0o640);
  writeFileAtomic(f.path('r.json'), 'new', 'receipt');
  assert.equal(f.bytes('r.json').toString(), 'new');
  assert.equal(statSync(f.path('r.json')).mode & 0o777, 0o640);
  symlinkSync(f.path('target.json'), f.path('link.json'));
  writeFileAtomic(f.path('link.json'), Uint8Array.from([1, 2, 3]), '--state-out');
  assert.deepEqual([...f.bytes('target.json')], [1, 2, 3]);
  assert.ok(statSync(f.path('link.json')).isFile());
  assert.throws(() => writeFileAtomic(f.path('no/dir/x.json'), 'x', 'receipt'), /^Error: --receipt .*x\.json: cannot write: no such file or directory \(ENOENT\)$/);
  assert.throws(() => writeFileAtomic(f.dir, 'x', 'state-out'), /--state-out .*: cannot write: it is a directory \(EISDIR\)/);
  assert.deepEqual(readdirSync(f.dir).sort(), ['link.json', 'r.json', 'target.json']);
});

test('file-system errors name the option, the path and the operation', needsBuild, () => {
  const f = folder({ 'in.xyz': ARGON });
  mkdirSync(f.path('out'));
  refused(['md', '--model', LJ, f.path('in.xyz'), '--steps', '2', '--traj', `${f.path('out')}/`], /^campjs: --traj .*out\/: cannot write: it is a directory \(EISDIR\)\n$/);
  refused(['md', '--model', LJ, f.path('out'), '--steps', '2'], /^campjs: input .*out: cannot read: it is a directory \(EISDIR\)\n$/);
  refused(['eval', '--model', f.path('out'), f.path('in.xyz')], /^campjs: --model .*out: cannot read: it is a directory \(EISDIR\)\n$/);
  refused(['info', f.path('out')], /^campjs: model .*out: cannot read: it is a directory \(EISDIR\)\n$/);
  if (existsSync('/dev/full')) {
    // Writing to /dev/full always fails with ENOSPC: a full disk, for streams and single results.
    refused(['md', '--model', LJ, f.path('in.xyz'), '--steps', '2', '--traj', '/dev/full'], /--traj \/dev\/full: cannot write: no space left on device \(ENOSPC\)/);
    const r = campjs('md', '--model', LJ, f.path('in.xyz'), '--steps', '2', '-q', '--receipt', '/dev/full');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^campjs: --receipt \/dev\/full: cannot write: no space left on device \(ENOSPC\)\n$/);
  }
});
