// Paired comparison of two models on the same labelled frames, from `campjs eval -o X.json`
// outputs: energy (meV/atom) and force (meV/Å) MAE/RMSE of each, and the per-frame change of the
// absolute energy error and of the frame's force MAE as mean ± standard error over frames — the
// sampling noise of the held-out set, the margin a change must clear to mean anything.
//   node bench/finetune-paired.mjs labelled.extxyz start.json finetuned.json
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { readStructures } from '../dist/campjs.mjs';

/** Per frame: signed energy error (meV/atom), force MAE and squared-error sum (meV/Å), component count. */
function frameErrors(frames, evaluated) {
  if (evaluated.length !== frames.length) throw new Error(`${evaluated.length} evaluated frames for ${frames.length} labelled ones`);
  return frames.map((f, k) => {
    const n = f.atoms.numbers.length;
    const F = evaluated[k].forces.flat();
    let abs = 0, sq = 0;
    for (let i = 0; i < F.length; i++) {
      const d = (F[i] - f.forces[i]) * 1000;
      abs += Math.abs(d);
      sq += d * d;
    }
    return { e: ((evaluated[k].energy - f.energy) / n) * 1000, fMae: abs / F.length, fSq: sq, m: F.length };
  });
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const meanSe = (xs) => {
  const m = mean(xs);
  return [m, Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1) / xs.length)];
};

/** MAE/RMSE of one model and the paired per-frame changes from `start` to `tuned` (both from frameErrors). */
export function pairedSummary(start, tuned) {
  const stats = (r) => ({
    eMae: mean(r.map((x) => Math.abs(x.e))), eRmse: Math.sqrt(mean(r.map((x) => x.e * x.e))),
    fMae: r.reduce((a, x) => a + x.fMae * x.m, 0) / r.reduce((a, x) => a + x.m, 0),
    fRmse: Math.sqrt(r.reduce((a, x) => a + x.fSq, 0) / r.reduce((a, x) => a + x.m, 0)),
  });
  const dE = start.map((s, k) => Math.abs(tuned[k].e) - Math.abs(s.e));
  const dF = start.map((s, k) => tuned[k].fMae - s.fMae);
  return {
    start: stats(start), tuned: stats(tuned), dEnergyAbs: meanSe(dE), dForceMae: meanSe(dF),
    framesForceBetter: dF.filter((d) => d < 0).length, framesEnergyBetter: dE.filter((d) => d < 0).length, frames: start.length,
  };
}

export function comparePaired(labelledPath, startJson, tunedJson) {
  const frames = readStructures(readFileSync(labelledPath), basename(labelledPath));
  const errors = (p) => frameErrors(frames, JSON.parse(readFileSync(p, 'utf8')).frames);
  return pairedSummary(errors(startJson), errors(tunedJson));
}

export function formatPaired(s) {
  const row = (name, x) => `${name}: energy MAE ${x.eMae.toFixed(3)} RMSE ${x.eRmse.toFixed(3)} meV/atom, force MAE ${x.fMae.toFixed(3)} RMSE ${x.fRmse.toFixed(3)} meV/Å`;
  const pm = ([m, se]) => `${m >= 0 ? '+' : ''}${m.toFixed(3)} ± ${se.toFixed(3)}`;
  return [
    row('start    ', s.start), row('finetuned', s.tuned),
    `per-frame change (mean ± s.e., ${s.frames} frames): |energy error| ${pm(s.dEnergyAbs)} meV/atom (${s.framesEnergyBetter} frames better), `
      + `force MAE ${pm(s.dForceMae)} meV/Å (${s.framesForceBetter} frames better)`,
  ].join('\n');
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const [labelled, start, tuned] = process.argv.slice(2);
  if (!tuned) throw new Error('usage: node bench/finetune-paired.mjs labelled.extxyz start.json finetuned.json');
  console.log(formatPaired(comparePaired(labelled, start, tuned)));
}
