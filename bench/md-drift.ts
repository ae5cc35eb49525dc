// NVE energy drift of a CAMP model (issue 4 acceptance): velocity Verlet from Maxwell–Boltzmann
// at 300 K, reports the drift of Etot (least-squares slope, meV/atom/ps) with and without the
// model's own jumps at the cutoff (steps where an edge entered or left it; CAMP-SPEC.md).
//   node --import tsx bench/md-drift.ts aspirin 20000 [f64|f32]   (10 ps at 0.5 fs)
//   node --import tsx bench/md-drift.ts water 2000
//   CAMPJS_SEED=7 — seed of the Maxwell–Boltzmann velocities (default 42)
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Atoms } from '../host/atoms.js';
import type { Calculator, Precision } from '../host/calculator.js';
import { loadModel } from '../host/api.js';
import { MD } from '../host/md/md.js';
import { readReferenceStructure, readXyz } from './structures.js';

const shared = process.env.CAMPJS_SHARED ?? resolve(import.meta.dirname ?? '.', '../../shared');
const [system = 'aspirin', stepsArg = '20000', precision = 'f64'] = process.argv.slice(2);
const steps = Number(stepsArg), dt = 0.5;
const setups: Record<string, [string, () => Atoms]> = {
  aspirin: ['md17-aspirin.ckpt', () => readReferenceStructure(join(shared, 'reference/md17-aspirin__rdkit.json'))],
  water: ['water.ckpt', () => readXyz(join(shared, 'data/liquid-64.xyz'))],
};
const [file, structure] = setups[system];
const inner = await loadModel(new Uint8Array(readFileSync(join(shared, 'models', file))), { file, skin: 1, precision: precision as Precision });
let edges = 0;
const calc: Calculator = { cutoff: inner.cutoff, atomicNumbers: inner.atomicNumbers,
  compute: (a, o) => { const r = inner.compute(a, o); edges = r.edges; return r; } };
const atoms = structure();
const n = atoms.numbers.length;
const md = await MD.create({ atoms, calculator: calc, settings: { ensemble: 'nve', dt, temperature: 300, seed: Number(process.env.CAMPJS_SEED ?? 42) } });
const t: number[] = [], e: number[] = [], eNoJumps: number[] = [];
let prev = md.thermo().etot, prevEdges = edges, jumps = 0, crossings = 0, tSum = 0;
const start = performance.now();
md.run(steps, (m) => {
  const th = m.thermo();
  if (edges !== prevEdges) { jumps += th.etot - prev; crossings++; }
  t.push(th.time / 1000); e.push(th.etot); eNoJumps.push(th.etot - jumps); tSum += th.temperature;
  prev = th.etot; prevEdges = edges;
});
const seconds = (performance.now() - start) / 1000;
const slope = (y: number[]) => {
  const mt = t.reduce((s, x) => s + x, 0) / t.length, my = y.reduce((s, x) => s + x, 0) / y.length;
  let num = 0, den = 0;
  for (let k = 0; k < t.length; k++) { num += (t[k] - mt) * (y[k] - my); den += (t[k] - mt) ** 2; }
  return num / den; // eV/ps
};
const perAtom = (x: number) => (1000 * x) / n; // meV/atom
console.log(`${system} (${n} atoms, ${file}), NVE ${precision}, dt ${dt} fs, ${steps} steps = ${(steps * dt) / 1000} ps, mean T ${(tSum / steps).toFixed(1)} K, ${seconds.toFixed(1)} s (${(steps / seconds).toFixed(1)} steps/s)`);
console.log(`  drift of Etot: ${perAtom(slope(e)).toExponential(3)} meV/atom/ps`);
console.log(`  drift with cutoff jumps removed: ${perAtom(slope(eNoJumps)).toExponential(3)} meV/atom/ps`);
console.log(`  ${crossings} steps with edges crossing the cutoff, summed jump ${(1000 * jumps).toFixed(3)} meV; max |Etot − Etot(0)| ${(1000 * Math.max(...e.map((x) => Math.abs(x - e[0])))).toFixed(3)} meV`);
