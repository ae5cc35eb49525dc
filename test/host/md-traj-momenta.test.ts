// `md --traj` stores velocities as ASE's `momenta` column (a `velocities` column is ignored by
// ase.io.read, which then shows T = 0); the trajectory reads back to the run's velocities.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatExtxyz, parseExtxyz } from '../../host/io/extxyz.js';
import { fccCrystal } from '../support/lattices.js';
import { PairCalculator } from '../../host/calculators/pair-calculator.js';
import { MD } from '../../host/md/md.js';
import { formatMdFrame } from '../../host/md/output.js';
import { needsBuild, runCli } from '../support/cli.js';

const SPEC = 'lj:epsilon=0.0104,sigma=3.4,cutoff=8.5,shift=force';

test('an MD frame carries momenta and reads back as the run\'s velocities (≤ 1e-14 relative)', async () => {
  const md = await MD.create({ atoms: fccCrystal(18, 5.4, 2), calculator: await PairCalculator.create(SPEC), settings: { ensemble: 'langevin', temperature: 80, dt: 5 } });
  md.run(3);
  const text = formatMdFrame(md);
  assert.match(text, /Properties=species:S:1:pos:R:3:momenta:R:3:/);
  assert.doesNotMatch(text, /velocities:R:3/);
  const [frame] = parseExtxyz(text, 'traj.xyz');
  const v = md.atoms.velocities!;
  const back = frame.atoms.velocities!;
  let worst = 0;
  for (let k = 0; k < v.length; k++) worst = Math.max(worst, Math.abs(back[k] - v[k]) / Math.max(Math.abs(v[k]), 1e-300));
  assert.ok(worst <= 1e-14, `relative error ${worst}`);
});

test('built CLI: md --traj writes a momenta column that campjs reads back', needsBuild, () => {
  const dir = mkdtempSync(join(tmpdir(), 'campjs-traj-'));
  const traj = join(dir, 'traj.xyz');
  const argon = join(dir, 'argon.xyz');
  writeFileSync(argon, formatExtxyz([{ atoms: fccCrystal(18, 5.4, 2), info: {}, arrays: {} }]));
  const r = runCli(['md', '--model', SPEC, argon, '--steps', '4', '--every', '2', '--ensemble', 'langevin', '--temperature', '300', '--traj', traj, '-q']);
  assert.equal(r.status, 0, r.stderr);
  const frames = parseExtxyz(readFileSync(traj, 'utf8'), traj);
  assert.deepEqual(frames.map((f) => f.info.step), [0, 2, 4]);
  assert.match(readFileSync(traj, 'utf8'), /:momenta:R:3/);
  assert.ok(frames[2].atoms.velocities!.some((x) => x !== 0));
});
