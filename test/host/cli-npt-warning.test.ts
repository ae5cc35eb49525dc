// NPT's default compressibility is water's: --help says so, and md warns when it is used for a
// system with elements other than H and O.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultCompressibilityWarning } from '../../host/cli/npt-warning.js';
import { formatExtxyz } from '../../host/io/extxyz.js';
import { fccCrystal } from '../support/lattices.js';
import { needsBuild, runCli } from '../support/cli.js';

test('the warning: npt, default compressibility, elements beyond H and O', () => {
  assert.match(defaultCompressibilityWarning('npt', false, [18, 18]) ?? '', /default --compressibility 4\.57e-5 1\/bar, which is liquid water's; this system is not water/);
  assert.equal(defaultCompressibilityWarning('npt', false, [8, 1, 1]), null);
  assert.equal(defaultCompressibilityWarning('npt', true, [18]), null);
  assert.equal(defaultCompressibilityWarning('nve', false, [18]), null);
});

test('built CLI: md --help says whose compressibility the default is; npt on argon warns, with --compressibility not', needsBuild, () => {
  assert.match(runCli(['md', '--help']).stdout, /--compressibility B\s+isothermal compressibility, 1\/bar \(npt; default 4\.57e-5, liquid water's:/);
  const dir = mkdtempSync(join(tmpdir(), 'campjs-npt-'));
  const argon = join(dir, 'ar.xyz');
  writeFileSync(argon, formatExtxyz([{ atoms: fccCrystal(18, 5.4, 2), info: {}, arrays: {} }]));
  const args = ['md', '--model', 'lj:epsilon=0.0104,sigma=3.4,cutoff=8.5', argon, '--ensemble', 'npt', '--temperature', '80', '--steps', '2', '-q'];
  const r = runCli(args);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^warning: npt uses the default --compressibility 4\.57e-5 1\/bar, which is liquid water's/m);
  const given = runCli([...args, '--compressibility', '1e-6']);
  assert.equal(given.status, 0, given.stderr);
  assert.doesNotMatch(given.stderr, /warning/);
});
