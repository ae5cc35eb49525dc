// Cost of one exact loss gradient (TrainingObjective.lossAndGradient: forward + forces by the
// inference evaluator, then the dual forward-over-reverse pass of assembly/train) against one
// forward + forces call of the calculator, on water-64 (192 atoms, water.ckpt) and aspirin
// (21 atoms, md17-aspirin.ckpt), f64, one frame per batch.
//   node --import tsx bench/train-gradient.ts [repetitions = 3]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CampCalculator } from '../host/calculators/camp-calculator.js';
import { loadCampModel } from '../host/model/load.js';
import { readReferenceStructure, readXyz } from './structures.js';
import { createObjective } from '../host/train/objective.js';
import type { Atoms } from '../host/atoms.js';

const shared = process.env.CAMPJS_SHARED ?? resolve(import.meta.dirname ?? '.', '../../shared');
const reps = Number(process.argv[2] ?? 3);

async function bench(label: string, modelFile: string, atoms: Atoms): Promise<void> {
  const model = loadCampModel(new Uint8Array(readFileSync(join(shared, 'models', modelFile))));
  const calc = await CampCalculator.create(model);
  const objective = await createObjective(model);
  const ref = calc.compute(atoms);
  const frame = { atoms, energy: ref.energy + 0.1, forces: ref.forces!.map((f) => f + 0.01) };
  const loss = { energyRatio: 1, forcesRatio: 1, normalize: true };
  calc.compute(atoms);
  objective.lossAndGradient([frame], loss);
  const time = (f: () => void): number => {
    const t0 = performance.now();
    for (let k = 0; k < reps; k++) f();
    return (performance.now() - t0) / reps;
  };
  const forward = time(() => calc.compute(atoms));
  const grad = time(() => objective.lossAndGradient([frame], loss));
  console.log(`${label} (${atoms.numbers.length} atoms, ${ref.edges} edges): forward+forces ${forward.toFixed(1)} ms, lossAndGradient ${grad.toFixed(1)} ms (${(grad / forward).toFixed(1)}×)`);
}

await bench('aspirin', 'md17-aspirin.ckpt', readReferenceStructure(join(shared, 'reference', 'md17-aspirin__rdkit.json')));
await bench('water-64', 'water.ckpt', readXyz(join(shared, 'data', 'liquid-64.xyz')));
