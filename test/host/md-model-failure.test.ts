// Model-failure detection (host/md/failure-checks.ts, MD checks): a model with a hole stops the
// run within one step of entering it, naming the atoms and keeping the last good state (bit for
// bit the state an unchecked run had there); real MD of the shared models never triggers it;
// eval and opt refuse the same impossible geometries; the CLI prints the sentence and exits 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Atoms } from '../../host/atoms.js';
import { loadModel } from '../../host/api.js';
import { covalentRadius } from '../../host/elements.js';
import { parseExtxyz } from '../../host/io/extxyz.js';
import { GeometryChecker } from '../../host/md/failure-checks.js';
import { icosahedron13 } from '../support/lattices.js';
import { PairCalculator } from '../../host/calculators/pair-calculator.js';
import { MD } from '../../host/md/md.js';
import { MdError } from '../../host/md/md-error.js';
import { resolveSettings, type Ensemble, type MdSettings } from '../../host/md/settings.js';
import { Fire } from '../../host/backends/wasm/fire.js';
import { HoleCalculator } from '../support/hole-calculator.js';
import { needsShared, readShared, readSharedJson, repoRoot, sharedDir } from '../support/shared.js';

const cli = join(repoRoot, 'dist/cli.mjs');
const needsBuild = { skip: existsSync(cli) ? false : 'dist/cli.mjs is missing: run npm run build' };
const OFF: Partial<MdSettings> = { distanceFloor: 0, maxForce: 0, maxEnergyJump: 0, maxTemperatureFactor: 0 };

/** O0 a spectator; H1 flies at C2 along x, over the bond's barrier and into the hole. */
function holeStart(): Atoms {
  return {
    numbers: [8, 1, 6],
    positions: Float64Array.from([0, 3, 0, 0, 0, 0, 1.09, 0, 0]),
    cell: null,
    pbc: [false, false, false],
    velocities: Float64Array.from([0, 0, 0, 0.09, 0, 0, 0, 0, 0]),
  };
}

const HOLE_RADIUS = 0.6; // Å: inside it the well, not the bond, sets the energy (−0.55 eV and falling)

for (const ensemble of ['nve', 'langevin'] as Ensemble[]) {
  test(`${ensemble}: a model with a hole stops the run within one step of entering it, naming the atoms; the last good state is kept`, async () => {
    const calculator = new HoleCalculator({ i: 1, j: 2 });
    const settings: Partial<MdSettings> = { ensemble, dt: 0.5, velocities: 'input', ...(ensemble === 'langevin' && { temperature: 300 }) };
    // The same run without checks: where does H1 enter the hole, and what was the state before?
    const free = await MD.create({ atoms: holeStart(), calculator, settings: { ...settings, ...OFF } });
    const frames: Float64Array[] = [free.atoms.positions];
    let entered = -1;
    free.run(60, (m) => {
      const r = m.atoms.positions;
      frames.push(r);
      if (entered < 0 && Math.abs(r[6] - r[3]) < HOLE_RADIUS) entered = m.step;
      return entered < 0 || m.step < entered + 2;
    });
    assert.ok(entered > 3, `H1 enters the hole at step ${entered}`);

    const md = await MD.create({ atoms: holeStart(), calculator, settings });
    let err: unknown;
    try {
      md.run(60);
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof MdError, String(err));
    assert.ok(err.step >= entered - 1 && err.step <= entered + 1, `stopped at step ${err.step}, entered at ${entered}: ${err.message}`);
    assert.ok(['overlap', 'force', 'energy-jump'].includes(err.failure), err.failure);
    assert.match(err.message, new RegExp(`^md: at step ${err.step} the model has driven .*(H1|C2)`));
    assert.match(err.message, new RegExp(`the last good frame is step ${err.step - 1}$`));
    assert.ok(err.atoms.some((a) => (a.index === 1 && a.symbol === 'H') || (a.index === 2 && a.symbol === 'C')), JSON.stringify(err.atoms));
    // The object holds the state before the failing step, bit for bit that of the unchecked run.
    assert.equal(md.step, err.step - 1);
    assert.deepEqual(md.atoms.positions, frames[err.step - 1]);
    assert.throws(() => md.run(1), /failed earlier and cannot continue/);
    const resumed = await MD.resume(md.toJSON(), calculator);
    assert.equal(resumed.step, err.step - 1);
  });
}

test('the distance floor is per element pair: a fraction of the Cordero covalent-radii sum, or one absolute --min-distance', async () => {
  assert.equal(covalentRadius(1), 0.31);
  assert.equal(covalentRadius(6), 0.76);
  assert.equal(covalentRadius(96), 1.69);
  assert.equal(covalentRadius(97), null);
  const calculator = new HoleCalculator({ i: 0, j: 1, depth: 0 });
  const pair = (z: number, d: number): Atoms => ({ numbers: [6, z], positions: Float64Array.from([0, 0, 0, d, 0, 0]), cell: null, pbc: [false, false, false] });
  // C–H floor 0.6 × 1.07 = 0.642 Å; C–C 0.6 × 1.52 = 0.912 Å
  await MD.create({ atoms: pair(1, 0.7), calculator });
  await assert.rejects(MD.create({ atoms: pair(6, 0.7), calculator }), /atoms C0 and C1 are 0\.700 Å apart at step 0 \(floor 0\.912 Å = 0\.6 × covalent radii for C–C\)/);
  await assert.rejects(MD.create({ atoms: pair(1, 0.6), calculator }), (e: unknown) => e instanceof MdError && e.failure === 'overlap' && e.distance === 0.6);
  await MD.create({ atoms: pair(6, 0.7), calculator, settings: { distanceFloor: 0.4 } });
  await MD.create({ atoms: pair(6, 0.7), calculator, settings: { minDistance: 0.5 } });
  await assert.rejects(MD.create({ atoms: pair(1, 0.7), calculator, settings: { minDistance: 0.8 } }), /floor 0\.8 Å, the minimum distance set/);
});

test('settings: the new limits are validated, and a state saved without them resumes with the defaults', async () => {
  for (const f of ['distanceFloor', 'maxForce', 'maxEnergyJump', 'maxTemperatureFactor']) {
    assert.throws(() => resolveSettings({ velocities: 'zero', [f]: -1 }), new RegExp(`${f} = -1: must be a finite number ≥ 0`));
    assert.throws(() => resolveSettings({ velocities: 'zero', [f]: Infinity }), new RegExp(`${f} = Infinity`));
  }
  const calc = await PairCalculator.create('lj:epsilon=0.0104,sigma=3.4,cutoff=8.5,shift=force');
  const md = await MD.create({ atoms: icosahedron13(18, 3.8), calculator: calc, settings: { temperature: 30 } });
  md.run(5);
  const old = md.toJSON() as unknown as { settings: Record<string, unknown> };
  for (const f of ['distanceFloor', 'maxForce', 'maxEnergyJump', 'maxTemperatureFactor']) delete old.settings[f];
  const resumed = await MD.resume(old as never, calc);
  assert.equal(resumed.settings.distanceFloor, 0.6);
  assert.equal(resumed.settings.maxForce, 50);
  resumed.run(5);
  md.run(5);
  assert.deepEqual(resumed.atoms.positions, md.atoms.positions);
});

test('thermostatted runs: T above the factor × target stops the run; nve: an energy jump does', async () => {
  const calc = await PairCalculator.create('lj:epsilon=0.0104,sigma=3.4,cutoff=8.5,shift=force');
  const hot = { ...icosahedron13(18, 3.8), velocities: new Float64Array(39).map((_, k) => (k % 3 === 0 ? 0.02 : -0.01) * (k % 2 ? 1 : -1)) };
  const md = await MD.create({ atoms: hot, calculator: calc, settings: { ensemble: 'langevin', temperature: 10, velocities: 'input', maxTemperatureFactor: 3 } });
  assert.throws(() => md.run(10), (e: unknown) => e instanceof MdError && e.failure === 'temperature' && e.step === 1 && /over 3 × the target 10 K/.test(e.message));
  const nve = await MD.create({ atoms: hot, calculator: calc, settings: { dt: 20, velocities: 'input', maxEnergyJump: 1e-4, maxForce: 0, distanceFloor: 0 } });
  assert.throws(() => nve.run(50), (e: unknown) => e instanceof MdError && e.failure === 'energy-jump' && /conserved energy jumped by .* eV in one step \(limit 0\.00130 eV = 0\.0001 eV\/atom/.test(e.message));
});

test('eval and opt refuse the same impossible geometries, naming the atoms', async () => {
  const checker = await GeometryChecker.create();
  const limits = { distanceFloor: 0.6, minDistance: 0 };
  // one atom in a 0.5 Å cubic cell meets its own images at 0.5 Å
  const tiny: Atoms = { numbers: [6], positions: new Float64Array(3), cell: Float64Array.from([0.5, 0, 0, 0, 0.5, 0, 0, 0, 0.5]), pbc: [true, true, true] };
  assert.throws(() => checker.check(tiny, limits, 'eval'), /^Error: eval: C0 and its own periodic image are 0\.500 Å apart \(floor 0\.912 Å/);
  checker.check({ ...tiny, cell: Float64Array.from([3, 0, 0, 0, 3, 0, 0, 0, 3]) }, limits, 'eval');
  // FIRE with an absurd step throws Ar1 62 Å away, where the forces vanish: no longer "converged"
  const calc = await PairCalculator.create('lj:epsilon=0.0104,sigma=3.4,cutoff=8.5,shift=force');
  const fire = await Fire.create(squeezedArgon(), calc, { maxStep: 1e300 });
  assert.throws(() => fire.run(), /^Error: opt: at step 1 atom Ar1 is 62\.\d+ Å from every other atom \(over 17 Å\).*the last good structure is step 0$/);
  const bounded = await Fire.create(squeezedArgon(), calc);
  assert.ok(bounded.run().converged);
});

/** Three argon atoms, two of them squeezed to 1.5 Å (above the 1.27 Å floor, 6000 eV/Å apart). */
function squeezedArgon(): Atoms {
  return { numbers: [18, 18, 18], positions: Float64Array.from([0, 0, 0, 1.5, 0, 0, 0, 3.8, 0]), cell: null, pbc: [false, false, false] };
}

test('CLI: opt --maxstep 1e300 fails naming the atom; eval of a 0.5 Å cubic cell fails naming the atoms', needsBuild, (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'campjs-fail-'));
  const input = join(dir, 'ar3.xyz');
  const a = squeezedArgon().positions;
  writeFileSync(input, `3\n\n${[0, 1, 2].map((i) => `Ar ${a[3 * i]} ${a[3 * i + 1]} ${a[3 * i + 2]}`).join('\n')}\n`);
  const opt = spawnSync(process.execPath, [cli, 'opt', '--model', 'lj:epsilon=0.0104,sigma=3.4,cutoff=8.5,shift=force', input, '--maxstep', '1e300'], { encoding: 'utf8' });
  assert.equal(opt.status, 1, opt.stdout + opt.stderr);
  assert.match(opt.stderr, /opt: at step 1 atom Ar1 is 62\.\d+ Å from every other atom/);
  assert.doesNotMatch(opt.stdout, /converged/);
  if (needsShared.skip) return t.skip(needsShared.skip);
  const tiny = join(dir, 'tiny.xyz');
  writeFileSync(tiny, '3\nLattice="0.5 0 0 0 0.5 0 0 0 0.5" Properties=species:S:1:pos:R:3 pbc="T T T"\nO 0 0 0\nH 0.2 0.1 0\nH 0.1 0.3 0.1\n');
  const ev = spawnSync(process.execPath, [cli, 'eval', '--model', join(sharedDir, 'models', 'water.ckpt'), tiny], { encoding: 'utf8' });
  assert.equal(ev.status, 1, ev.stdout + ev.stderr);
  assert.match(ev.stderr, /eval: frame 0: (O0|H1|H2) and (O0|H1|H2|its own periodic image) are 0\.\d+ Å apart \(floor/);
});

test('CLI: md with a blow-up prints the model-failure sentence, ends the trajectory with the last good frame, exit 1', needsBuild, () => {
  const dir = mkdtempSync(join(tmpdir(), 'campjs-fail-'));
  const input = join(dir, 'cluster.extxyz');
  const c = icosahedron13(18, 3.8);
  const rows = Array.from({ length: 13 }, (_, i) => `Ar ${c.positions[3 * i]} ${c.positions[3 * i + 1]} ${c.positions[3 * i + 2]} ${i === 1 ? '0 0.3 0.4' : '0 0 0'}`);
  writeFileSync(input, `13\nProperties=species:S:1:pos:R:3:velocities:R:3 pbc="F F F"\n${rows.join('\n')}\n`);
  const traj = join(dir, 't.extxyz');
  const r = spawnSync(process.execPath, [cli, 'md', '--model', 'lj:epsilon=0.0104,sigma=3.4,cutoff=8.5,shift=force', input, '--steps', '200',
    '--dt', '2', '--traj', traj, '--every', '50', '--state-out', join(dir, 'good.json'), '-q'], { encoding: 'utf8' });
  assert.equal(r.status, 1, r.stderr);
  const m = /md: at step (\d+) the model has driven (?:the force on Ar\d+|Ar\d+ and Ar\d+) .* the last good frame is step (\d+)/.exec(r.stderr);
  assert.ok(m, r.stderr);
  assert.equal(Number(m[2]), Number(m[1]) - 1);
  // The state saved is the last good one: it resumes there (here with the checks' opinion unchanged,
  // so the same step fails again at the same place — the run is deterministic).
  const again = spawnSync(process.execPath, [cli, 'md', '--model', 'lj:epsilon=0.0104,sigma=3.4,cutoff=8.5,shift=force', '--resume', join(dir, 'good.json'),
    '--steps', '5', '-q'], { encoding: 'utf8' });
  assert.equal(again.status, 1, again.stderr);
  assert.match(again.stderr, new RegExp(`md: at step ${m[1]} .* the last good frame is step ${m[2]}`));
  const frames = parseExtxyz(readFileSync(traj, 'utf8'), traj);
  assert.deepEqual(frames.map((f) => f.info.step), [0, Number(m[2])]);
  const help = spawnSync(process.execPath, [cli, 'md', '--help'], { encoding: 'utf8' }).stdout;
  for (const o of ['--distance-floor F', '--min-distance A', '--max-force F', '--max-energy-jump E', '--max-temperature-factor']) assert.ok(help.includes(o), o);
  const bad = spawnSync(process.execPath, [cli, 'md', '--model', 'lj:', input, '--steps', '1', '--max-force', '-3'], { encoding: 'utf8' });
  assert.equal(bad.status, 1, bad.stderr); // a bad value (exit 1), with the rule it breaks
  assert.match(bad.stderr, /maxForce = -3: must be a finite number ≥ 0 \(0 = off\)/);
});

// No false alarms: real MD of the shared models, crossing the cutoff many times, with every check on.
test('aspirin (md17-aspirin.ckpt) 300 K, nve 2000 steps and langevin 500 steps: no check triggers', needsShared, async () => {
  const s = readSharedJson<{ structures: { numbers: number[]; positions: number[][] }[] }>('reference', 'md17-aspirin__rdkit.json').structures[0];
  const atoms: Atoms = { numbers: s.numbers, positions: Float64Array.from(s.positions.flat()), cell: null, pbc: [false, false, false] };
  const calculator = await loadModel(readShared('models', 'md17-aspirin.ckpt'), { skin: 1 });
  for (const [ensemble, steps] of [['nve', 2000], ['langevin', 500]] as const) {
    const md = await MD.create({ atoms, calculator, settings: { ensemble, temperature: 300, dt: 0.5 } });
    assert.equal(md.run(steps), steps);
  }
});

test('water-64 (water.ckpt) nve 100 steps from Maxwell–Boltzmann at 300 K: no check triggers', needsShared, async () => {
  const text = new TextDecoder().decode(readShared('data', 'liquid-64.xyz'));
  const atoms = parseExtxyz(text, 'liquid-64.xyz')[0].atoms;
  const calculator = await loadModel(readShared('models', 'water.ckpt'), { skin: 1 });
  const md = await MD.create({ atoms, calculator, settings: { temperature: 300, dt: 0.5 } });
  assert.equal(md.run(100), 100);
});
