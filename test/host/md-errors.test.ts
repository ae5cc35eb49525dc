// Bad input is a clear error before any work; breakdowns during a run (NaN, overlapping or
// escaping atoms) stop it with an error naming step and atom, and what was written stays valid.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Atoms } from '../../host/atoms.js';
import type { Calculator, ComputeOptions, ComputeResult } from '../../host/calculator.js';
import { run as runMd } from '../../host/cli/md.js';
import { parseExtxyz } from '../../host/io/extxyz.js';
import { fccCrystal, icosahedron13 } from '../support/lattices.js';
import { PairCalculator } from '../../host/calculators/pair-calculator.js';
import { MD } from '../../host/md/md.js';
import { MdError } from '../../host/md/md-error.js';
import { formatMdFrame } from '../../host/md/output.js';
import { resolveSettings } from '../../host/md/settings.js';

const SPEC = 'lj:epsilon=0.0104,sigma=3.4,cutoff=8.5,shift=force';

test('settings: non-positive or missing values are named', () => {
  const cases: [object, RegExp][] = [
    [{ dt: 0 }, /dt = 0: must be a positive finite number/],
    [{ dt: -0.5 }, /dt = -0.5/],
    [{ dt: NaN }, /dt = NaN/],
    [{ ensemble: 'langevin', temperature: 0 }, /temperature = 0: must be a positive/],
    [{ ensemble: 'langevin', temperature: 300, friction: 0 }, /friction = 0/],
    [{ ensemble: 'nhc', temperature: 300, tau: -1 }, /tau = -1/],
    [{ ensemble: 'langevin' }, /the langevin ensemble needs a target temperature/],
    [{ ensemble: 'nvt' }, /ensemble = nvt: must be one of nve, langevin, nhc, berendsen, npt/],
    [{ seed: 1.5 }, /seed = 1.5: must be an integer/],
    [{ velocities: 'maxwell' }, /Maxwell–Boltzmann velocities need a temperature/],
    [{ ensemble: 'nhc', temperature: 300, chainLength: 0 }, /chainLength = 0/],
  ];
  for (const [s, re] of cases) assert.throws(() => resolveSettings(s), re, JSON.stringify(s));
});

test('structures: npt without pbc, bad masses, overlapping atoms at the start', async () => {
  const calc = await PairCalculator.create(SPEC);
  const cluster = icosahedron13(18, 3.8);
  await assert.rejects(MD.create({ atoms: cluster, calculator: calc, settings: { ensemble: 'npt', temperature: 80 } }), /npt ensemble needs a cell periodic in all three/);
  await assert.rejects(MD.create({ atoms: { ...cluster, masses: new Float64Array(13).fill(-1) }, calculator: calc }), /mass of atom 0 is -1/);
  const close = cluster.positions.slice();
  close[3] = close[0] + 0.3; close[4] = close[1]; close[5] = close[2];
  await assert.rejects(MD.create({ atoms: { ...cluster, positions: close }, calculator: calc }),
    (e: unknown) => e instanceof MdError && e.failure === 'overlap' && e.step === 0 && /atoms Ar0 and Ar1 are 0\.300 Å apart at step 0/.test(e.message));
});

/** LJ, except that from the `after`-th call on atom 7 gets a NaN force. */
class PoisonedCalculator implements Calculator {
  calls = 0;
  constructor(private readonly inner: Calculator, private readonly after: number) {}
  get cutoff() { return this.inner.cutoff; }
  get atomicNumbers() { return this.inner.atomicNumbers; }
  compute(atoms: Atoms, options?: ComputeOptions): ComputeResult {
    const r = this.inner.compute(atoms, options);
    if (++this.calls <= this.after) return r;
    const forces = r.forces!.slice();
    forces[3 * 7 + 1] = NaN;
    return { ...r, forces };
  }
}

test('a NaN force stops the run naming step and atom; the trajectory written so far parses', async () => {
  const calc = new PoisonedCalculator(await PairCalculator.create(SPEC), 26); // call 1 is step 0
  const md = await MD.create({ atoms: fccCrystal(18, 5.4, 2), calculator: calc, settings: { ensemble: 'langevin', temperature: 80, dt: 5 } });
  let traj = formatMdFrame(md);
  assert.throws(() => md.run(100, (m) => { if (m.step % 10 === 0) traj += formatMdFrame(m); }),
    (e: unknown) => e instanceof MdError && e.failure === 'non-finite' && e.step === 26 && e.atom === 7
      && /non-finite force on atom 7 \(NaN\) at step 26/.test(e.message));
  assert.equal(md.step, 25);
  const frames = parseExtxyz(traj, 'traj.extxyz');
  assert.deepEqual(frames.map((f) => f.info.step), [0, 10, 20]);
  assert.throws(() => md.run(1), /failed earlier and cannot continue/);
});

test('CLI: an atom flying away from a molecule stops the run; outputs up to then are intact', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'campjs-md-'));
  const input = join(dir, 'cluster.extxyz');
  const c = icosahedron13(18, 3.8);
  const rows = Array.from({ length: 13 }, (_, i) => `Ar ${c.positions[3 * i]} ${c.positions[3 * i + 1]} ${c.positions[3 * i + 2]} ${i === 1 ? '0 -0.5 -1.0' : '0 0 0'}`);
  writeFileSync(input, `13\nProperties=species:S:1:pos:R:3:velocities:R:3 pbc="F F F"\n${rows.join('\n')}\n`);
  const traj = join(dir, 't.extxyz'), log = join(dir, 'thermo.csv'), receipt = join(dir, 'r.json');
  await assert.rejects(runMd(['--model', SPEC, input, '--steps', '200', '--dt', '1', '--traj', traj, '--every', '5',
    '--log', log, '--receipt', receipt, '--check-every', '1', '--escape-distance', '12', '-q']),
  /atom Ar1 is 12\.\d+ Å from every other atom at step (\d+) .*flying apart \(output up to step \d+ is in/);
  const frames = parseExtxyz(readFileSync(traj, 'utf8'), traj);
  // every 5th step, then the last good frame (the step before the failure)
  assert.ok(frames.length >= 3 && frames.slice(0, -1).every((f, i) => f.info.step === 5 * i));
  const rows2 = readFileSync(log, 'utf8').trim().split('\n');
  assert.equal(rows2[0], 'step,time_fs,Epot_eV,Ekin_eV,Etot_eV,T_K,P_GPa,volume_A3');
  const r = JSON.parse(readFileSync(receipt, 'utf8'));
  assert.match(r.outcome.error, /flying apart/);
  assert.equal(r.hashes.at(-1).step, r.outcome.steps);
  assert.equal(frames.at(-1)!.info.step, r.outcome.steps);
});

test('CLI: unwritable outputs and bad options fail before any work (even before reading the model)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'campjs-md-'));
  const input = join(dir, 'ar.extxyz');
  writeFileSync(input, '1\nProperties=species:S:1:pos:R:3\nAr 0 0 0\n');
  const missingModel = join(dir, 'no-such-model.ckpt');
  await assert.rejects(runMd(['--model', missingModel, input, '--steps', '10', '--traj', join(dir, 'no/such/dir/t.extxyz')]), /--traj .*t\.extxyz: cannot write: the directory .*no\/such\/dir does not exist \(ENOENT\)/);
  await assert.rejects(runMd(['--model', missingModel, input, '--steps', '10', '--receipt', dir]), /--receipt .*: cannot write: it is a directory \(EISDIR\)/);
  await assert.rejects(runMd(['--model', missingModel, input, '--steps', '10', '--dt', '0']), /dt = 0: must be a positive/);
  await assert.rejects(runMd(['--model', missingModel, input, '--steps', '10', '--dt', 'fast']), /--dt: 'fast' is not a number/);
  await assert.rejects(runMd(['--model', missingModel, input, '--steps', '10', '--ensemble', 'langevin']), /needs a target temperature/);
  await assert.rejects(runMd(['--model', missingModel, input, '--steps', '10', '--ensemble', 'langevin', '--temperature', '300', '--friction=-1']), /friction = -1/);
  await assert.rejects(runMd(['--model', missingModel, input]), /--steps N .* is required/);
  await assert.rejects(runMd(['--model', missingModel, input, '--steps', '10']), /--model .*no-such-model\.ckpt: cannot read: no such file or directory \(ENOENT\)/);
  assert.equal(existsSync(join(dir, 'no')), false);
});
