#!/usr/bin/env node
// Issue 13's stability acceptance: NVT Langevin MD at 300 and 600 K (dt 0.5 fs, --steps N,
// default 40000 = 20 ps) of every built-in example and every held-out molecule, each a child
// `campjs md` process (--jobs at a time); reports model-failure stops and bonds broken or formed
// (bond graph from covalent radii, start vs end), and the energy drift of an NVE run of each
// built-in example (300 K Maxwell start, same step count). Writes <out>.json and <out>.md (the
// table to paste into models/campjs-hcno/MODEL.md). Exit 1 when any run fails the acceptance.
//   node --import tsx scripts/model/stability.mjs [--model default] [--steps 40000] [--jobs 2]
//        [--temperatures 300,600] [--data data] [--out stability] [--force] [--only NAME,…]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bondGraph, bondsMissing, campjs, main, moleculesToCheck, onlyThese, pool, positiveInt, readFrames, writeReport } from './checks.mjs';
import { repoRoot } from './paths.mjs';

const { values: v } = parseArgs({ options: {
  model: { type: 'string', default: 'default' }, steps: { type: 'string', default: '40000' }, jobs: { type: 'string', default: '2' },
  temperatures: { type: 'string', default: '300,600' }, data: { type: 'string', default: join(repoRoot, 'data') },
  out: { type: 'string', default: 'stability' }, seed: { type: 'string', default: '1' }, force: { type: 'boolean', default: false },
  only: { type: 'string' },
} });
const DT = 0.5; // fs

main('stability', async () => {
  const steps = positiveInt('steps', v.steps);
  const jobs = positiveInt('jobs', v.jobs);
  const temperatures = v.temperatures.split(',').map((t) => {
    if (!(Number(t) > 0)) throw new Error(`--temperatures ${v.temperatures}: '${t}' is not a temperature in K`);
    return Number(t);
  });
  const molecules = onlyThese(moleculesToCheck(v.data), v.only);
  const work = mkdtempSync(join(tmpdir(), 'campjs-stability-'));
  // A frame every steps/10 steps keeps trajectories small; the last frame is the end state.
  const every = String(Math.max(1, Math.floor(steps / 10)));
  const md = (m, ensemble, temperature, tag) => {
    const traj = join(work, `${m.name}-${tag}.extxyz`), log = join(work, `${m.name}-${tag}.csv`);
    return campjs(['md', m.file, '--model', v.model, '--ensemble', ensemble, '--temperature', String(temperature), '--dt', String(DT),
      '--steps', String(steps), '--seed', v.seed, '--traj', traj, '--every', every, '--log', log, '--log-every', every, '-q'])
      .then((r) => ({ ...r, traj, log }));
  };
  try {
    const nvt = molecules.flatMap((m) => temperatures.map((temperature) => ({ m, temperature })));
    const nve = molecules.filter((m) => m.kind === 'example');
    process.stderr.write(`stability: ${nvt.length} NVT and ${nve.length} NVE runs of ${steps} steps (${(steps * DT) / 1000} ps), ${jobs} at a time …\n`);
    const nvtResults = await pool(nvt, jobs, async ({ m, temperature }) => {
      const r = await md(m, 'langevin', temperature, `${temperature}K`);
      const frames = readFrames(r.traj);
      const start = bondGraph(readFrames(m.file)[0].atoms), end = bondGraph(frames[frames.length - 1].atoms);
      const stop = r.status === 0 ? null : r.stderr.trim().split('\n').pop();
      const result = { molecule: m.name, kind: m.kind, temperature, steps, stoppedAt: stop ? Number(stop.match(/at step (\d+)/)?.[1] ?? NaN) : null, stop,
        broken: bondsMissing(start, end), formed: bondsMissing(end, start) };
      process.stderr.write(`  ${m.name} ${temperature} K: ${stop ? `stopped: ${stop}` : 'ran'}; bonds broken ${result.broken.length}, formed ${result.formed.length}\n`);
      return { ...result, ok: !stop && result.broken.length === 0 && result.formed.length === 0 };
    });
    const nveResults = await pool(nve, jobs, async (m) => {
      const r = await md(m, 'nve', 300, 'nve');
      const rows = readFileSync(r.log, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
      const atoms = readFrames(m.file)[0].atoms.numbers.length;
      const e0 = rows[0][4];
      const maxDev = Math.max(...rows.map((row) => Math.abs(row[4] - e0)));
      return { molecule: m.name, atoms, steps: rows[rows.length - 1][0], stop: r.status === 0 ? null : r.stderr.trim().split('\n').pop(),
        driftMeVPerAtom: ((rows[rows.length - 1][4] - e0) / atoms) * 1000, maxDeviationMeVPerAtom: (maxDev / atoms) * 1000 };
    });
    const failed = nvtResults.filter((x) => !x.ok);
    const md2 = [
      `NVT Langevin, dt ${DT} fs, ${steps} steps (${(steps * DT) / 1000} ps), seed ${v.seed}, model ${v.model}: ${nvtResults.length - failed.length} of ${nvtResults.length} runs without a model-failure stop or a bond change.`,
      '',
      `| molecule | | ${temperatures.map((t) => `${t} K`).join(' | ')} |`, `|---|---|${temperatures.map(() => '---|').join('')}`,
      ...molecules.map((m) => `| ${m.name} | ${m.kind} | ${temperatures.map((t) => {
        const x = nvtResults.find((y) => y.molecule === m.name && y.temperature === t);
        return x.stop ? `stopped at step ${x.stoppedAt}` : x.broken.length + x.formed.length > 0 ? `bonds: ${x.broken.length} broken, ${x.formed.length} formed` : 'ok';
      }).join(' | ')} |`),
      '',
      `NVE from 300 K (Maxwell–Boltzmann), dt ${DT} fs, ${steps} steps: total-energy drift (end − start) and largest deviation, meV/atom.`,
      '',
      '| molecule | atoms | drift | max deviation | |', '|---|---|---|---|---|',
      ...nveResults.map((x) => `| ${x.molecule} | ${x.atoms} | ${x.driftMeVPerAtom.toFixed(3)} | ${x.maxDeviationMeVPerAtom.toFixed(3)} | ${x.stop ? `stopped: ${x.stop}` : `${x.steps} steps`} |`),
      '',
    ].join('\n');
    writeReport(v.out, { model: v.model, dt: DT, steps, seed: Number(v.seed), nvt: nvtResults, nve: nveResults }, md2, v.force);
    if (failed.length > 0) {
      process.stderr.write(`stability: ${failed.length} runs stopped or changed bonds: ${failed.map((x) => `${x.molecule} ${x.temperature} K`).join(', ')}\n`);
      process.exitCode = 1;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
