// The acceptance scripts of the built-in model (scripts/model/), run as the lead runs them but
// on one molecule and a few steps: their reports say what happened to each run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { needsBuild } from '../support/cli.js';
import { repoRoot } from '../support/shared.js';

const script = (name: string, args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'scripts/model', name), ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });

test('stability.mjs: NVT and NVE of one example, a report row per run; exit 1 exactly when a run stopped or changed bonds', needsBuild, () => {
  const out = join(mkdtempSync(join(tmpdir(), 'campjs-stability-')), 'stab');
  const r = script('stability.mjs', ['--only', 'ethanol', '--steps', '10', '--temperatures', '300', '--out', out]);
  const report = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
  assert.equal(report.nvt.length, 1);
  const [run] = report.nvt;
  assert.deepEqual([run.molecule, run.temperature, run.steps], ['ethanol', 300, 10]);
  assert.equal(run.ok, run.stop === null && run.broken.length === 0 && run.formed.length === 0);
  assert.equal(r.status, run.ok ? 0 : 1, r.stderr);
  assert.equal(report.nve.length, 1);
  assert.equal(report.nve[0].atoms, 9);
  assert.ok(Number.isFinite(report.nve[0].driftMeVPerAtom));
  const md = readFileSync(`${out}.md`, 'utf8');
  assert.match(md, /\| ethanol \| example \| (ok|bonds: \d+ broken, \d+ formed|stopped at step \d+) \|/);
  assert.match(md, /\| ethanol \| 9 \| -?\d+\.\d{3} \| \d+\.\d{3} \|/);
  // The reports are never written over without --force.
  const again = script('stability.mjs', ['--only', 'ethanol', '--steps', '10', '--temperatures', '300', '--out', out]);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /stab\.json exists \(pass --force to replace it\)/);
});

const xtbMissing = spawnSync('xtb', ['--version'], { encoding: 'utf8' }).error !== undefined;
const optSkip = !existsSync(join(repoRoot, 'data/geometries')) ? 'data/geometries is missing (the data set, issue 13)'
  : !existsSync(join(repoRoot, 'scripts/data/xtb-opt-reference.mjs')) ? 'scripts/data/xtb-opt-reference.mjs is missing'
  : xtbMissing ? 'xtb is not installed (Debian package xtb)' : needsBuild.skip;

test('opt-check.mjs: a perturbed held-out molecule relaxed by campjs opt and xtb --opt, compared bond by bond', { skip: optSkip }, () => {
  const out = join(mkdtempSync(join(tmpdir(), 'campjs-opt-check-')), 'opt');
  const r = script('opt-check.mjs', ['--only', 'pyrazine', '--steps', '50', '--out', out]);
  const [m] = JSON.parse(readFileSync(`${out}.json`, 'utf8')).molecules;
  assert.equal(m.molecule, 'pyrazine');
  assert.equal(r.status, m.ok ? 0 : 1, r.stderr);
  if (m.error === undefined) {
    assert.equal(m.bonds, 10); // C4H4N2: 6 ring bonds and 4 C–H
    assert.equal(m.ok, Math.abs(m.worst.delta) <= 0.03);
  }
});
