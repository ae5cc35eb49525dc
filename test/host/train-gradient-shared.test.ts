// The exact loss gradient on the shared CAMP checkpoints against finite differences of the f64
// loss (test/support/gradient-fd.ts): water.ckpt on the first 2 frames of water_test.json
// (192 atoms each, their DFT labels) and md17-aspirin.ckpt on a molecule. Each probe costs six
// evaluations of the batch (and a re-pack of the model), so these check a spread of tensors of
// every kind plus one direction through all parameters at once; the synthetic models of
// train-gradient.test.ts check every tensor of every shape. The step is smaller than there:
// these energies are stiffer in the weights (a 3e-3 step leaves 4e-8 of truncation error).
// Finite differences cannot resolve 1e-8 everywhere here: |E| is 1.8e4–3e4 eV (ulp ~4e-12 eV)
// while some tensors move E by only ~1e-2 eV per unit, so the energy terms are held to
// FD_FLOOR (measured: the differences of the evaluator's and of the training core's own
// energies agree bit for bit, and shrink like 1/h down to that floor); the force term, whose
// loss is not offset by a large total, is held to 1e-8.
import { test } from 'node:test';
import type { ParameterSlot, TrainingObjective } from '../../host/train/objective-types.js';
import { createObjective } from '../../host/train/objective.js';
import { labelledFrames } from '../../host/train/labelled-frames.js';
import { loadCampModel } from '../../host/model/load.js';
import { readStructures } from '../../host/io/read-structures.js';
import { needsShared, readShared, readSharedJson } from '../support/shared.js';
import { finiteDifferenceCheck, SETTINGS, labelled, assertSmall, type FdResult } from '../support/gradient-fd.js';

const FORCES_ONLY = SETTINGS.findIndex((s) => s.energyRatio === 0);

const STEP = 1e-3;
const FD_FLOOR = 3e-7;

/** Energy terms to the FD floor, the forces-only setting (index 2 of SETTINGS) to 1e-8. */
function assertShared(results: readonly FdResult[], what: string): void {
  assertSmall(results.filter((r) => r.setting !== FORCES_ONLY), what, FD_FLOOR);
  const forces = results.filter((r) => r.setting === FORCES_ONLY);
  if (forces.length) assertSmall(forces, `${what}, forces only`);
}

/** The named slots (each must exist) and one pseudo-slot spanning every parameter. */
function probes(objective: TrainingObjective, names: readonly string[]): ParameterSlot[] {
  const picked = names.map((name) => {
    const s = objective.slots.find((x) => x.name === name);
    if (!s) throw new Error(`the model has no trainable tensor '${name}'`);
    return s;
  });
  return [...picked, { name: '(all parameters)', shape: [objective.size], offset: 0, size: objective.size }];
}

test('water.ckpt on 2 frames of water_test.json: gradient = finite differences, both normalisations', needsShared, async () => {
  const objective = await createObjective(loadCampModel(readShared('models', 'water.ckpt')));
  const frames = labelledFrames(readStructures(readShared('data', 'water_test.json'), 'water_test.json').slice(0, 2), 'water_test.json');
  // water.config.yaml's loss (energy_ratio 1, forces_ratio 1, normalize true) and its un-normalised twin.
  const settings = [{ energyRatio: 1, forcesRatio: 1, normalize: true }, { energyRatio: 1, forcesRatio: 1, normalize: false }];
  const pick = probes(objective, ['atom_embedding.linear.weight', 'layers.1.atom_moment.radial_mlp.1_1_2.layers.2.weight',
    'layers.1.hyper_moment.linear_path.0.weight', 'layers.2.atom_moment.radial.c']);
  assertShared(finiteDifferenceCheck(objective, frames, settings, 3, STEP, pick), 'water.ckpt');
});

test('md17-aspirin.ckpt on a molecule: gradient = finite differences, five loss settings', needsShared, async () => {
  const objective = await createObjective(loadCampModel(readShared('models', 'md17-aspirin.ckpt')));
  const s = readSharedJson<{ structures: { numbers: number[]; positions: number[][] }[] }>('reference', 'md17-aspirin__rdkit.json').structures[1];
  const atoms = { numbers: s.numbers, positions: Float64Array.from(s.positions.flat()), cell: null, pbc: [false, false, false] as const };
  const frames = labelled(objective, [atoms], 21, [true]);
  const pick = probes(objective, ['atom_embedding.linear.bias', 'layers.0.mlp_mix_atom_feats.0.weight', 'layers.0.atom_moment.radial.c',
    'layers.1.atom_moment.radial_mlp.2_0_2.layers.0.bias', 'layers.1.atom_moment.radial_mlp.1_2_3.layers.4.weight', 'layers.1.atom_moment.linear_path.1.weight',
    'layers.0.hyper_moment.linear_path.1.weight', 'layers.0.linear_channel_hyper.2.weight', 'layers.1.linear_channel_feats.0.weight',
    'layers.1.mlp_mix_atom_feats.3.weight', 'readout.out_layers.0.weight', 'readout.out_layers.1.layers.2.weight']);
  assertShared(finiteDifferenceCheck(objective, frames, SETTINGS, 4, STEP, pick), 'md17-aspirin.ckpt');
});
