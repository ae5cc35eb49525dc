// `campjs md --backend webgpu` (and `campjs verify` of its receipts) for the ensembles the GPU MD engine runs (nve, langevin): the
// whole step on the GPU (host/backends/webgpu/camp-gpu-md.ts). The MD object of the Wasm path
// still makes the start (velocities, settings) and holds what the outputs write: at each output
// step the GPU state is read back into it (MD.adopt), so frames, thermo rows, receipts and
// states are written by the same code as on the Wasm path, and a state written after a lost
// device is one the Wasm MD resumes from.
import type { MD } from './md.js';
import type { MdSettings } from './settings.js';
import type { Calculator } from '../calculator.js';
import { CampCalculator } from '../calculators/camp-calculator.js';
import { WebGpuDevice, softwareAdapter } from '../backends/webgpu/backend.js';
import { CampGpuMd } from '../backends/webgpu/camp-gpu-md.js';
import type { GpuEnsemble } from '../backends/webgpu/md-engine.js';

/** The engine's form of an ensemble, or null for one it does not run. */
export function gpuEnsemble(s: MdSettings): GpuEnsemble | null {
  if (s.ensemble === 'nve') return { kind: 'nve' };
  if (s.ensemble === 'langevin') return { kind: 'langevin', temperature: s.temperature ?? 0, friction: s.friction, seed: s.seed };
  return null;
}

/** The GPU's CAMP model and device behind a webgpu calculator, or null (another backend, a pair potential). */
function gpuModel(calculator: Calculator): { calc: CampCalculator; device: WebGpuDevice } | null {
  if (!(calculator instanceof CampCalculator) || !(calculator.device instanceof WebGpuDevice)) return null;
  return { calc: calculator, device: calculator.device };
}

/**
 * A GPU run continuing `md` (its positions, velocities, step and settings), its step-0 forces
 * adopted into `md`; null when `md` cannot run on the engine, `why` then says so.
 */
export async function startGpuMd(md: MD, skin: number, why: (message: string) => void): Promise<CampGpuMd | null> {
  const gpu = gpuModel(md.calculator);
  if (!gpu) return null;
  const ensemble = gpuEnsemble(md.settings);
  if (!ensemble) {
    why(`--ensemble ${md.settings.ensemble} runs with the model on the GPU and the integrator in Wasm (positions and forces copied every step); nve and langevin run entirely on the GPU`);
    return null;
  }
  const s = md.snapshot();
  const run = await CampGpuMd.create(gpu.device.gpu.device, gpu.calc.model, {
    numbers: s.numbers, positions: s.positions, velocities: s.velocities, masses: s.masses,
    cell: s.hasCell ? s.cell : null, pbc: s.pbc, dt: md.settings.dt, ensemble, skin, step: md.step,
    mapping: softwareAdapter(gpu.device.gpu) ? 'atoms' : 'groups',
  });
  await adoptGpuState(run, md);
  return run;
}

/** Makes `steps` steps on the GPU and reads the state they end in back into `md`. */
export async function advanceGpuMd(run: CampGpuMd, md: MD, steps: number): Promise<void> {
  await run.engine.run(steps);
  await adoptGpuState(run, md);
}

async function adoptGpuState(run: CampGpuMd, md: MD): Promise<void> {
  const forces = await run.forces();
  const state = run.engine.state();
  md.adopt({ ...forces, step: state.step, positions: state.positions, velocities: state.velocities });
}

/** Steps from `step` to the next multiple of any of `intervals` (the output steps), at most `limit`. */
export function stepsToNextOutput(step: number, intervals: readonly number[], limit: number): number {
  return intervals.reduce((k, every) => Math.min(k, every - (step % every)), limit);
}
