// How close real MD of the shared models comes to the model-failure limits (host/md/failure-checks.ts,
// settings.ts): the smallest d/(covalent-radii sum), the largest |F|, the largest one-step change of
// Etot per atom (nve) and the largest T/T₀. The defaults must sit well outside what this prints.
//   node --import tsx bench/failure-margins.ts aspirin 2000 nve|langevin
//   node --import tsx bench/failure-margins.ts water 200 nve
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Atoms } from '../host/atoms.js';
import { loadModel } from '../host/api.js';
import { covalentRadii } from '../host/md/failure-checks.js';
import { MD } from '../host/md/md.js';
import type { Ensemble } from '../host/md/settings.js';
import { readReferenceStructure, readXyz } from './structures.js';

const shared = process.env.CAMPJS_SHARED ?? resolve(import.meta.dirname ?? '.', '../../shared');
const [system = 'aspirin', stepsArg = '2000', ensemble = 'nve'] = process.argv.slice(2);
const setups: Record<string, [string, () => Atoms]> = {
  aspirin: ['md17-aspirin.ckpt', () => readReferenceStructure(join(shared, 'reference/md17-aspirin__rdkit.json'))],
  water: ['water.ckpt', () => readXyz(join(shared, 'data/liquid-64.xyz'))],
};
const [file, structure] = setups[system];
const calculator = await loadModel(new Uint8Array(readFileSync(join(shared, 'models', file))), { skin: 1 });
const atoms = structure();
const n = atoms.numbers.length;
const rad = covalentRadii(atoms.numbers);
// Limits off: this measures, it does not stop.
const md = await MD.create({ atoms, calculator, settings: { ensemble: ensemble as Ensemble, temperature: 300, dt: 0.5,
  distanceFloor: 0, maxForce: 0, maxEnergyJump: 0, maxTemperatureFactor: 0, checkEvery: 0 } });
const pbc = (atoms.pbc ?? [false, false, false]).some(Boolean);
let minRatio = Infinity, maxF = 0, maxJump = 0, maxT = 0;
let last = md.thermo().etot;
md.run(Number(stepsArg), (m) => {
  const r = m.atoms.positions, f = m.forces;
  if (!pbc) {
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const d = Math.hypot(r[3 * j] - r[3 * i], r[3 * j + 1] - r[3 * i + 1], r[3 * j + 2] - r[3 * i + 2]);
        minRatio = Math.min(minRatio, d / (rad[i] + rad[j]));
      }
    }
  }
  for (let i = 0; i < n; i++) maxF = Math.max(maxF, Math.hypot(f[3 * i], f[3 * i + 1], f[3 * i + 2]));
  const t = m.thermo();
  maxJump = Math.max(maxJump, Math.abs(t.etot - last) / n);
  last = t.etot;
  maxT = Math.max(maxT, t.temperature / 300);
});
console.log(`${system} ${ensemble} ${stepsArg} steps: min d/(r_i + r_j) ${pbc ? '(periodic: see the md test)' : minRatio.toFixed(3)}, `
  + `max |F| ${maxF.toFixed(2)} eV/Å, max |ΔEtot|/step ${maxJump.toExponential(2)} eV/atom, max T/T₀ ${maxT.toFixed(2)}`);
