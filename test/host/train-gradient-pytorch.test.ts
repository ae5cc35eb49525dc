// The exact loss gradient against PyTorch autograd on the original CAMP code (create_graph=True
// for the force term, lit_model's loss; bench/pytorch-gradient.py): md17-aspirin.ckpt on a
// molecule, both normalisations, every tensor to 1e-8 relative (measured: ≤ 5e-12; water.ckpt
// on 2 frames of water_test.json, ≤ 2e-11, is in bench/pytorch-gradient.ts: ~1 min of PyTorch).
// Needs the CAMP source and a python with torch (CAMPJS_CAMP_SRC, CAMPJS_PYTHON); skipped without.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCampModel } from '../../host/model/load.js';
import { createObjective } from '../../host/train/objective.js';
import { gradientDump } from '../../host/train/gradient-dump.js';
import { haveShared, SKIP_NO_SHARED, sharedPath, readShared, readSharedJson } from '../support/shared.js';
import { compareGradients, torchGradient, torchSetup } from '../support/torch-gradient.js';

const setup = torchSetup();
const skip = !haveShared ? SKIP_NO_SHARED : typeof setup === 'string' ? setup : false;

test('aspirin: campjs\'s loss gradient = PyTorch autograd on the CAMP code, both normalisations', { skip }, async (t) => {
  if (typeof setup === 'string') return;
  const model = loadCampModel(readShared('models', 'md17-aspirin.ckpt'));
  const s = readSharedJson<{ structures: { numbers: number[]; positions: number[][] }[] }>('reference', 'md17-aspirin__rdkit.json').structures[1];
  const atoms = { numbers: s.numbers, positions: Float64Array.from(s.positions.flat()), cell: null, pbc: [false, false, false] as const };
  const p = (await createObjective(model)).predict([{ atoms, energy: 0 }]);
  const frames = [{ atoms, energy: p.energies[0] + 0.3, forces: p.forces.map((f, k) => f + 0.05 * ((k % 7) - 3)) }];
  for (const normalize of [true, false]) {
    const loss = { energyRatio: 1, forcesRatio: 2, normalize };
    const torch = await torchGradient(setup, sharedPath('models', 'md17-aspirin.ckpt'), model.hparams.rCut, frames, loss);
    const js = await gradientDump(model, frames, loss);
    const { worst, name } = compareGradients(js, torch);
    t.diagnostic(`normalize ${normalize}: largest per-tensor relative difference ${worst.toExponential(2)} (${name}); loss ${js.loss} vs ${torch.loss}`);
    assert.ok(worst <= 1e-8, `normalize ${normalize}: ${name} differs from PyTorch by ${worst.toExponential(2)} relative`);
    assert.ok(Math.abs(js.loss - torch.loss) <= 1e-12 * torch.loss, `loss ${js.loss} vs ${torch.loss}`);
  }
});
