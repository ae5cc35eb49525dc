// Each ensemble is one unit (host/md/ensembles/): its spec drives the settings checks, the
// structure requirements, the degrees of freedom and `campjs md --help`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PairCalculator } from '../../host/calculators/pair-calculator.js';
import { ENSEMBLES, ensembleOf } from '../../host/md/ensembles/index.js';
import { MD } from '../../host/md/md.js';
import { degreesOfFreedom } from '../../host/md/md-init.js';
import { DEFAULT_SETTINGS, resolveSettings } from '../../host/md/settings.js';
import { icosahedron13 } from '../support/lattices.js';

const cli = fileURLToPath(new URL('../../dist/cli.mjs', import.meta.url));

test('registry: five ensembles in help order, each spec named as its key', () => {
  assert.deepEqual(ENSEMBLES, ['nve', 'langevin', 'nhc', 'berendsen', 'npt']);
  for (const e of ENSEMBLES) assert.equal(ensembleOf(e).name, e);
});

test('campjs md --help (CLI process) lists every ensemble with its help text; campjs --help names them all', () => {
  const r = spawnSync(process.execPath, [cli, 'md', '--help'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`--ensemble E +${ENSEMBLES.join(' \\| ')} \\(default nve\\)`));
  for (const e of ENSEMBLES) {
    const [first, ...rest] = ensembleOf(e).help.split('\n');
    assert.match(r.stdout, new RegExp(`^ +${e} +${first.replace(/[()|+.\\[\]]/g, '\\$&')}$`, 'm'), e);
    for (const line of rest) assert.ok(r.stdout.split('\n').some((l) => l.trim() === line), `${e}: ${line}`);
  }
  assert.match(r.stdout, /--tau FS +thermostat time constant, fs \(nhc, berendsen; default 100\)/);
  const top = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' });
  assert.match(top.stdout + top.stderr, new RegExp(`molecular dynamics \\(${ENSEMBLES.join(', ')}\\)`));
});

test('requirements come from the spec: temperature, full pbc, momentum conservation', async () => {
  const calc = await PairCalculator.create('lj:epsilon=0.0104,sigma=3.4,cutoff=8.5,shift=force');
  const cluster = icosahedron13(18, 3.8);
  for (const e of ENSEMBLES) {
    const spec = ensembleOf(e);
    if (spec.needsTemperature) assert.throws(() => resolveSettings({ ensemble: e, velocities: 'zero' }), new RegExp(`the ${e} ensemble needs a target temperature`));
    else assert.equal(resolveSettings({ ensemble: e, velocities: 'zero' }).ensemble, e);
    const settings = { ensemble: e, temperature: 50 };
    if (spec.needsFullPbc) await assert.rejects(MD.create({ atoms: cluster, calculator: calc, settings }), new RegExp(`the ${e} ensemble needs a cell periodic`));
    else assert.equal((await MD.create({ atoms: cluster, calculator: calc, settings })).settings.ensemble, e);
    const ndof = degreesOfFreedom(13, { ...DEFAULT_SETTINGS, ensemble: e }, 3);
    assert.equal(ndof, spec.conservesMomentum ? 3 * 13 - 6 : 3 * 13, e);
  }
});

test('extra energy: only nhc adds its chain energy to the conserved quantity', async () => {
  const calc = await PairCalculator.create('lj:epsilon=0.0104,sigma=3.4,cutoff=8.5,shift=force');
  for (const e of ENSEMBLES.filter((x) => !ensembleOf(x).needsFullPbc)) {
    const md = await MD.create({ atoms: icosahedron13(18, 3.8), calculator: calc, settings: { ensemble: e, temperature: 50 } });
    md.run(20);
    const t = md.thermo();
    if (ensembleOf(e).extraEnergy) assert.notEqual(t.conserved, t.etot, e);
    else assert.equal(t.conserved, t.etot, e);
  }
});
