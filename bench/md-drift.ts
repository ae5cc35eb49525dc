// NVE energy drift of a CAMP model (issue 4 acceptance): velocity Verlet from Maxwell–Boltzmann
// at 300 K. Reports the least-squares slope of Etot (meV/atom/ps), and the same with the model's
// own energy jumps at the cutoff removed — each jump computed exactly as the energy of the new
// edge set minus that of the old edge set at the same positions (bench/cutoff-jumps.ts).
//   node --import tsx bench/md-drift.ts aspirin 20000 [f64|f32] [exact|table]   (10 ps at 0.5 fs)
//   node --import tsx bench/md-drift.ts water 2000
//   CAMPJS_SEED=7 — seed of the Maxwell–Boltzmann velocities (default 42)
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Atoms } from '../host/atoms.js';
import type { Precision } from '../host/calculator.js';
import { loadCampModel } from '../host/model/load.js';
import { radialMode } from '../host/model/radial-table.js';
import { MD } from '../host/md/md.js';
import { JumpTrackingCalculator } from './cutoff-jumps.js';
import { readReferenceStructure, readXyz } from './structures.js';

const shared = process.env.CAMPJS_SHARED ?? resolve(import.meta.dirname ?? '.', '../../shared');
const [system = 'aspirin', stepsArg = '20000', precision = 'f64', radialArg = 'exact'] = process.argv.slice(2);
const radial = radialMode(radialArg, 'radial mode (4th argument)');
const steps = Number(stepsArg), dt = 0.5, seed = Number(process.env.CAMPJS_SEED ?? 42);
const setups: Record<string, [string, () => Atoms]> = {
  aspirin: ['md17-aspirin.ckpt', () => readReferenceStructure(join(shared, 'reference/md17-aspirin__rdkit.json'))],
  water: ['water.ckpt', () => readXyz(join(shared, 'data/liquid-64.xyz'))],
};
const [file, structure] = setups[system];
const model = loadCampModel(new Uint8Array(readFileSync(join(shared, 'models', file))), { file });
const calc = await JumpTrackingCalculator.create(model, precision as Precision, radial);
const atoms = structure();
const n = atoms.numbers.length;
const md = await MD.create({ atoms, calculator: calc, settings: { ensemble: 'nve', dt, temperature: 300, seed } });
const t: number[] = [], e: number[] = [], eNoJumps: number[] = [];
let tSum = 0;
const start = performance.now();
md.run(steps, (m) => {
  const th = m.thermo();
  t.push(th.time / 1000); e.push(th.etot); eNoJumps.push(th.etot - calc.jumps); tSum += th.temperature;
});
const seconds = (performance.now() - start) / 1000;
const slope = (y: number[]) => {
  const mt = t.reduce((s, x) => s + x, 0) / t.length, my = y.reduce((s, x) => s + x, 0) / y.length;
  let num = 0, den = 0;
  for (let k = 0; k < t.length; k++) { num += (t[k] - mt) * (y[k] - my); den += (t[k] - mt) ** 2; }
  return num / den; // eV/ps
};
const perAtom = (x: number) => (1000 * x) / n; // meV/atom
const maxDev = (y: number[]) => 1000 * Math.max(...y.map((x) => Math.abs(x - y[0])));
console.log(`${system} (${n} atoms, ${file}), NVE ${precision}, radial ${radial}, seed ${seed}, dt ${dt} fs, ${steps} steps = ${(steps * dt) / 1000} ps, mean T ${(tSum / steps).toFixed(1)} K, ${seconds.toFixed(1)} s`);
console.log(`  drift of Etot: ${perAtom(slope(e)).toExponential(3)} meV/atom/ps (max |ΔEtot| ${maxDev(e).toFixed(3)} meV)`);
console.log(`  ${calc.crossings} steps changed the edge set; their exact energy jumps sum to ${(1000 * calc.jumps).toFixed(3)} meV`);
console.log(`  drift with the jumps removed (the integrator's): ${perAtom(slope(eNoJumps)).toExponential(3)} meV/atom/ps (max |Δ| ${maxDev(eNoJumps).toFixed(3)} meV)`);
