// MD with the real CAMP models from ../shared: the water-64 NVE trajectory of ASE's
// VelocityVerlet with the PyTorch model, and an aspirin NVE run whose energy is conserved up to
// the jumps the model itself has when an edge crosses the cutoff (CAMP-SPEC.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Atoms } from '../../host/atoms.js';
import type { Calculator } from '../../host/calculator.js';
import { loadModel } from '../../host/api.js';
import { MD } from '../../host/md/md.js';
import { HashRecorder } from '../../host/receipt/receipt.js';
import { needsShared, readShared, readSharedJson } from '../support/shared.js';

interface NveReference {
  numbers: number[];
  cell: number[][];
  pbc: [boolean, boolean, boolean];
  initial: { positions: number[][]; velocities_A_per_fs: number[][]; masses_amu: number[] };
  energy_potential_eV: number[];
  energy_kinetic_eV: number[];
  frames: { step: number; positions: number[][]; velocities_ase: number[][] }[];
}

/** ase.units.fs (CODATA 2014, ASE 3.22): velocities_ase · ASE_FS = Å/fs. */
const ASE_FS = 0.09822694788464063;

async function waterRun(): Promise<{ md: MD; ref: NveReference }> {
  const ref = readSharedJson<NveReference>('reference', 'md', 'md_water64_nve_500x0.5fs.json');
  const calc = await loadModel(readShared('models', 'water.ckpt'), { skin: 1 });
  const atoms: Atoms = {
    numbers: ref.numbers,
    positions: Float64Array.from(ref.initial.positions.flat()),
    cell: Float64Array.from(ref.cell.flat()),
    pbc: ref.pbc,
    velocities: Float64Array.from(ref.initial.velocities_A_per_fs.flat()),
    masses: Float64Array.from(ref.initial.masses_amu),
  };
  const md = await MD.create({ atoms, calculator: calc, settings: { ensemble: 'nve', dt: 0.5 } });
  return { md, ref };
}

// Tolerances: campjs forces match PyTorch's to ~2e-12 eV/Å; campjs uses CODATA 2018 and ASE 3.22
// CODATA 2014 (relative 1e-8 in amu·Å²/fs² → eV), which moves E_kin by ~7e-8 eV per 7 eV.
test('water-64 NVE follows ASE + PyTorch for 12 steps: E_pot and E_kin within 2e-7 eV per step', needsShared, async () => {
  const { md, ref } = await waterRun();
  let worst = 0;
  const check = (m: MD) => {
    const t = m.thermo();
    worst = Math.max(worst, Math.abs(t.epot - ref.energy_potential_eV[m.step]), Math.abs(t.ekin - ref.energy_kinetic_eV[m.step]));
  };
  check(md);
  md.run(12, check);
  assert.ok(worst < 2e-7, `max energy difference ${worst} eV`); // measured 1.1e-7 at step 12
});

// 100 CAMP steps on 192 atoms: the slowest test of the suite (~40 s), and an acceptance criterion.
test('water-64 NVE: positions within 1e-6 Å and velocities within 1e-7 Å/fs of ASE after 100 steps', needsShared, async () => {
    const { md, ref } = await waterRun();
    md.run(100);
    const frame = ref.frames.find((f) => f.step === 100)!;
    const r = frame.positions.flat(), v = frame.velocities_ase.flat();
    const now = md.atoms;
    let dr = 0, dv = 0;
    for (let k = 0; k < r.length; k++) {
      dr = Math.max(dr, Math.abs(now.positions[k] - r[k]));
      dv = Math.max(dv, Math.abs(now.velocities![k] - v[k] * ASE_FS));
    }
    assert.ok(dr < 1e-6, `max |Δr| = ${dr} Å`); // measured 2.5e-8
    assert.ok(dv < 1e-7, `max |Δv| = ${dv} Å/fs`); // measured 6.2e-9
  });

test('aspirin NVE (md17-aspirin.ckpt, 300 K, 120 × 0.5 fs): Etot within 4e-3 eV once cutoff-crossing jumps are removed', needsShared, async (t) => {
  const structures = readSharedJson<{ structures: { numbers: number[]; positions: number[][] }[] }>('reference', 'md17-aspirin__rdkit.json').structures;
  const inner = await loadModel(readShared('models', 'md17-aspirin.ckpt'), { skin: 1 });
  let edges = 0;
  const calc: Calculator = {
    cutoff: inner.cutoff,
    atomicNumbers: inner.atomicNumbers,
    compute: (atoms, options) => {
      const r = inner.compute(atoms, options);
      edges = r.edges;
      return r;
    },
  };
  const atoms: Atoms = { numbers: structures[0].numbers, positions: Float64Array.from(structures[0].positions.flat()) };
  const md = await MD.create({ atoms, calculator: calc, settings: { ensemble: 'nve', dt: 0.5, temperature: 300, seed: 1 } });
  const e0 = md.thermo().etot;
  let prev = e0, prevEdges = edges, jumps = 0, crossings = 0, worst = 0;
  md.run(120, (m) => {
    const etot = m.thermo().etot;
    if (edges !== prevEdges) { // an edge entered or left the cutoff during this step
      jumps += etot - prev;
      crossings++;
    }
    worst = Math.max(worst, Math.abs(etot - e0 - jumps));
    prev = etot;
    prevEdges = edges;
  });
  t.diagnostic(`${crossings} steps with cutoff crossings, summed jump ${jumps.toExponential(3)} eV; integrator residual ${worst.toExponential(3)} eV`);
  // measured: 4 crossing steps, −4.8e-4 eV of jumps, residual 2.1e-3 eV (over 100 fs: 5.1e-4 at dt 0.25 fs, second order)
  assert.ok(worst < 4e-3, `max |Etot − Etot(0) − jumps| = ${worst} eV`);
  assert.ok(md.thermo().temperature > 100, 'the molecule must be moving');
});

test('aspirin langevin with a 0.05 Å neighbour skin: resumed from binary state == straight run, bit for bit', needsShared, async () => {
  // A tiny skin makes the neighbour list rebuild at different steps in the two runs, so this
  // also checks that the calculator's results do not depend on when its list was built.
  const s = readSharedJson<{ structures: { numbers: number[]; positions: number[][] }[] }>('reference', 'md17-aspirin__rdkit.json').structures[0];
  const atoms: Atoms = { numbers: s.numbers, positions: Float64Array.from(s.positions.flat()) };
  const settings = { ensemble: 'langevin' as const, dt: 0.5, temperature: 500, friction: 0.02, seed: 4 };
  const open = () => loadModel(readShared('models', 'md17-aspirin.ckpt'), { skin: 0.05 });
  const straight = await MD.create({ atoms, calculator: await open(), settings });
  const a = new HashRecorder(1);
  straight.run(30, (m) => a.observe(m));
  const first = await MD.create({ atoms, calculator: await open(), settings });
  const b = new HashRecorder(1);
  first.run(13, (m) => b.observe(m));
  const resumed = await MD.resume(first.serialize(), await open());
  resumed.run(17, (m) => b.observe(m));
  assert.deepEqual(b.hashes, a.hashes);
});
