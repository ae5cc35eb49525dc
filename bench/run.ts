// npm run bench — speed of campjs against the PyTorch CAMP reference figures of this machine
// kind, and against this engine's own Wasm SIMD yardstick. Prints ratios; asserts nothing.
//   CAMPJS_BENCH_MAX_K=5 (default) — largest k of the k×k×k water supercell in the scaling run.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Atoms } from '../host/atoms.js';
import { loadModel } from '../host/api.js';
import type { CampCalculator } from '../host/model-calculator.js';
import type { Precision } from '../host/calculator.js';
import { instantiateCore } from '../host/core/wasm.js';
import { Workspace } from '../host/core/workspace.js';
import { NeighborList } from '../host/neighbors/neighbor-list.js';
import { readTorchTiming, torchFull } from './pytorch-timing.js';
import { readReferenceStructure, readXyz, replicate } from './structures.js';
import { fmt, time } from './timing.js';
import { radialMlpFlops } from './work.js';

const shared = process.env.CAMPJS_SHARED ?? resolve(import.meta.dirname ?? '.', '../../shared');
if (!existsSync(join(shared, 'models'))) {
  console.log(`bench: ../shared not found at ${shared}: the benchmark needs the real checkpoints; nothing measured.`);
  process.exit(0);
}
const torch = readTorchTiming(join(shared, 'reference/TIMING.md'));
const maxK = Number(process.env.CAMPJS_BENCH_MAX_K ?? 5);

async function simdPeakGflops(): Promise<number> {
  const core = await instantiateCore();
  const iters = 20_000_000;
  core.exports.simdPeakF32(1000, 1);
  const t = time(() => void core.exports.simdPeakF32(iters, 1), { warmup: 1, runs: 5 });
  return (iters * 64) / (t.medianMs * 1e6);
}

function nlMs(atoms: Atoms, cutoff: number): Promise<number> {
  return instantiateCore().then((core) => {
    const nl = new NeighborList(new Workspace(core), { cutoff });
    return time(() => void nl.build(atoms), { runs: 9 }).medianMs;
  });
}

interface Row { system: string; atoms: number; edges: number; precision: Precision; ms: number; nl: number; torchMs?: number; gflops: number }

async function measure(system: string, calc: CampCalculator, atoms: Atoms, precision: Precision, runs = 7): Promise<Row> {
  const r = calc.compute(atoms, { forces: true, stress: false, precision });
  const t = time(() => void calc.compute(atoms, { forces: true, stress: false, precision }), { runs });
  const n = atoms.numbers.length;
  return { system, atoms: n, edges: r.edges, precision, ms: t.medianMs, nl: await nlMs(atoms, calc.cutoff),
    torchMs: torchFull(torch, n, precision)?.fullMs, gflops: (2 * radialMlpFlops(calc.model, r.edges)) / (t.medianMs * 1e6) };
}

const peak = await simdPeakGflops();
console.log(`campjs bench — Node ${process.versions.node}, single thread, energy+forces per call (neighbour list included)`);
console.log(`Wasm SIMD yardstick (f32x4 mul+add on registers): ${fmt(peak, 2)} GFLOP/s\n`);

const systems: Array<[string, string, Atoms]> = [
  ['water-64', 'water.ckpt', readXyz(join(shared, 'data/liquid-64.xyz'))],
  ['LiPS', 'lips-10.ckpt', readXyz(join(shared, 'data/lips_config.xyz'))],
  ['aspirin', 'md17-aspirin.ckpt', readReferenceStructure(join(shared, 'reference/md17-aspirin__rdkit.json'))],
];
const targets: Record<string, number> = { 'water-64': 3, LiPS: 5, aspirin: 20 };
const rows: Row[] = [];
const calcs = new Map<string, CampCalculator>();
for (const [name, file, atoms] of systems) {
  const calc = await loadModel(new Uint8Array(readFileSync(join(shared, 'models', file))), { file });
  calcs.set(name, calc);
  for (const p of ['f32', 'f64'] as const) rows.push(await measure(name, calc, atoms, p));
}
console.log('system     atoms  edges   prec  campjs ms  nl ms   PyTorch ms  speed-up  target  atom-steps/s  GFLOP/s*  % of yardstick');
for (const r of rows) {
  const speedup = r.torchMs ? r.torchMs / r.ms : NaN;
  const target = r.precision === 'f32' ? `≥${targets[r.system]}×` : '';
  console.log(`${r.system.padEnd(10)} ${String(r.atoms).padStart(5)} ${String(r.edges).padStart(6)}   ${r.precision}  ${fmt(r.ms, 2).padStart(9)} ${fmt(r.nl, 2).padStart(6)} ` +
    `${fmt(r.torchMs ?? NaN).padStart(11)} ${(fmt(speedup, 1) + '×').padStart(9)} ${target.padStart(7)} ${fmt((r.atoms * 1000) / r.ms, 0).padStart(13)} ${fmt(r.gflops, 2).padStart(9)} ${fmt((100 * r.gflops) / peak, 0).padStart(8)}%`);
}
for (const name of Object.keys(targets)) {
  const f32 = rows.find((r) => r.system === name && r.precision === 'f32')!, f64 = rows.find((r) => r.system === name && r.precision === 'f64')!;
  console.log(`${name}: f64/f32 time ratio ${fmt(f64.ms / f32.ms, 2)} (target ≤ 2)`);
}
console.log('* nominal work: radial-MLP multiply-adds of one forward and one backward pass over every edge, divided by the call time\n' +
  '  (the core may do more — recomputation above its activation budget — or less — same-type edge pairs share one forward).\n');

console.log('Scaling (water, f32, k×k×k supercells of liquid-64): time and Wasm memory per atom');
console.log('atoms   edges     ms/call   µs/atom  vs 192   MiB    KiB/atom');
const water = systems[0][2];
let base = NaN;
for (let k = 1; k <= maxK; k++) {
  const atoms = replicate(water, k);
  const calc = await loadModel(new Uint8Array(readFileSync(join(shared, 'models/water.ckpt'))));
  const r = calc.compute(atoms, { forces: true, stress: false, precision: 'f32' });
  const t = time(() => void calc.compute(atoms, { forces: true, stress: false, precision: 'f32' }), { warmup: k > 2 ? 0 : 1, runs: k > 2 ? 1 : 5 });
  const n = atoms.numbers.length, perAtom = (1000 * t.medianMs) / n;
  if (k === 1) base = perAtom;
  console.log(`${String(n).padStart(5)} ${String(r.edges).padStart(8)} ${fmt(t.medianMs, 1).padStart(10)} ${fmt(perAtom, 1).padStart(9)} ${(fmt(perAtom / base, 2) + '×').padStart(7)} ` +
    `${fmt(calc.memoryBytes / 2 ** 20, 0).padStart(5)} ${fmt(calc.memoryBytes / 1024 / n, 1).padStart(10)}`);
}
