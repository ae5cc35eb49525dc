// FIRE relaxation in the worker: progress every `every` steps and at the end. Fire.run is
// synchronous, so a relaxation runs to convergence or maxSteps (bound it with maxSteps; a page
// that must cancel one at once terminates its worker).
import type { Calculator } from '../calculator.js';
import { Fire, type FireOptions, type FireStepInfo } from '../backends/wasm/fire.js';
import { checkElements } from '../md/check-elements.js';
import type { Atoms } from '../atoms.js';
import type { OptResult } from './protocol.js';

export async function optimize(calc: Calculator, atoms: Atoms, options: FireOptions, every: number, progress: (p: FireStepInfo) => void): Promise<OptResult> {
  if (!Number.isInteger(every) || every < 1) throw new Error(`opt: every = ${every} must be an integer ≥ 1`);
  checkElements(calc, atoms.numbers, 'opt');
  const fire = await Fire.create(atoms, calc, options);
  const r = fire.run((s) => {
    if (s.step % every === 0) progress(s);
  });
  if (r.step % every !== 0) progress({ step: r.step, energy: r.energy, fmax: r.fmax });
  return r;
}
