// The ensembles MD can run, one file each: everything campjs knows about an ensemble (name,
// requirements, momentum conservation, start-up, step, extra energy, help text) is in its file,
// and settings checks (settings.ts), degrees of freedom (md-init.ts), the MD loop and energy
// (md.ts) and `campjs md --help` read it from here.
//
// To add an ensemble: write `host/md/ensembles/<name>.ts` exporting an EnsembleSpec (types.ts)
// whose step (the phases before and after the force call) is composed from steps.ts (new Wasm kernels go in assembly/md/), add it to
// ENSEMBLE_SPECS below (the order is the order of `--help` and ENSEMBLES), and give any new
// setting a field, default and check in settings.ts and an option in host/cli/md.ts. Its name
// then works in `--ensemble`, the API, states and receipts; test/host/md-resume.test.ts checks
// that it resumes bit for bit.
import type { Atoms } from '../../atoms.js';
import { pbcMask } from '../../geometry.js';
import { berendsen } from './berendsen.js';
import { langevin } from './langevin.js';
import { nhc } from './nhc.js';
import { npt } from './npt.js';
import { nve } from './nve.js';
import type { EnsembleSpec, StepContext } from './types.js';

export type { EnsembleSpec, Integrator, StepContext, StepPhases } from './types.js';

const ENSEMBLE_SPECS = { nve, langevin, nhc, berendsen, npt } as const;

export type Ensemble = keyof typeof ENSEMBLE_SPECS;
export const ENSEMBLES = Object.keys(ENSEMBLE_SPECS) as readonly Ensemble[];

/** The spec of a known ensemble name (settings have been checked by resolveSettings). */
export function ensembleOf(name: Ensemble): EnsembleSpec {
  return ENSEMBLE_SPECS[name];
}

export function isEnsemble(name: string): name is Ensemble {
  return Object.hasOwn(ENSEMBLE_SPECS, name);
}

/** Throws when the structure lacks what the ensemble needs (a fully periodic cell for npt). */
export function checkEnsembleStructure(name: Ensemble, atoms: Pick<Atoms, 'pbc' | 'cell'>): void {
  if (ensembleOf(name).needsFullPbc && (pbcMask(atoms) !== 7 || !atoms.cell)) throw new Error(`md: the ${name} ensemble needs a cell periodic in all three directions`);
}

/** Zeroes the thermostat memory, then lets the ensemble set its start (new runs only). */
export function initEnsemble(name: Ensemble, ctx: StepContext): void {
  ctx.mem.chain.fill(0);
  ensembleOf(name).init?.(ctx);
}

/** Names of the ensembles that read `field` (for option help: "(nhc, berendsen)"). */
export function ensemblesUsing(field: EnsembleSpec['settings'][number]): string {
  return ENSEMBLES.filter((e) => ensembleOf(e).settings.includes(field)).join(', ');
}

/** The `--ensemble` lines of `campjs md --help`, `indent` before each (wrapped) line. */
export function ensembleHelp(indent: string): string {
  const width = Math.max(...ENSEMBLES.map((e) => e.length)) + 2;
  return ENSEMBLES.map((e) => ensembleOf(e).help.split('\n')
    .map((line, k) => `${indent}${(k === 0 ? e : '').padEnd(width)}${line}`).join('\n')).join('\n');
}
