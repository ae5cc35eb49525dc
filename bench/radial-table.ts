// Tabulated radial mode beside exact mode (issue #14): time per call (energy+forces, neighbour
// list included, one thread), the speed-up over PyTorch (timed in the same rounds where
// CAMPJS_CAMP_SRC lets the reference run: pytorch-paired.ts), each precision's table size and
// build time, and Wasm memory per atom of each mode (the marginal cost between water-64 and its
// 2×2×2 copy). Part of `npm run bench` (bench/run.ts); alone: node --import tsx bench/radial-table.ts.
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import type { Atoms } from '../host/atoms.js';
import type { Precision } from '../host/calculator.js';
import { loadModel } from '../host/api.js';
import type { CampCalculator } from '../host/calculators/camp-calculator.js';
import { DEFAULT_RADIAL_KNOTS, f32Knots, type RadialMode } from '../host/model/radial-table.js';
import { PairedTorch } from './pytorch-paired.js';
import { TORCH_WARMUP } from './pytorch-same-run.js';
import { readTorchTiming, torchFigures, type TorchFigures } from './pytorch-timing.js';
import { readReferenceStructure, readXyz, replicate } from './structures.js';
import { fmt, warmUp } from './timing.js';

export interface RadialBenchSystem {
  readonly name: string;
  readonly model: string; // file in <shared>/models
  readonly structure: string; // its path, for the PyTorch reference
  readonly format: 'extxyz' | 'reference-json';
  readonly atoms: Atoms;
  readonly target: number; // wanted f32 table-mode speed-up over PyTorch (issue #14)
}

const MODES: readonly RadialMode[] = ['exact', 'table'];

async function load(shared: string, model: string, radial: RadialMode, activationBudget?: number): Promise<{ calc: CampCalculator }> {
  const bytes = new Uint8Array(readFileSync(join(shared, 'models', model)));
  return { calc: await loadModel(bytes, { file: model, radial, ...(activationBudget !== undefined && { activationBudget }) }) };
}

function call(calc: CampCalculator, atoms: Atoms, precision: Precision): number {
  const t0 = performance.now();
  calc.compute(atoms, { forces: true, stress: false, precision });
  return performance.now() - t0;
}

const median = (a: number[]): number => [...a].sort((x, y) => x - y)[a.length >> 1];

/** Rounds of alternating blocks in pairMs. */
const ROUNDS = 5;

/**
 * Exact and table calls in alternating blocks (`runs` exact, `runs` table, and `runs` PyTorch
 * calls when `torch` times them, ROUNDS times) after warming each up (timing.ts), medians over
 * all blocks: all see the same load, so their ratios hold on a shared machine, and each is timed
 * as MD (and PyTorch's own figure) runs it, call after call. Calls interleaved one by one would
 * time each mode with the caches just filled by the other (aspirin table f32: 2.84 ms against
 * 2.42 in blocks of 10, in one process).
 * A precision's tables are built on its first table-mode call: that call's excess over the
 * median is the build time.
 */
async function pairMs(exact: CampCalculator, table: CampCalculator, atoms: Atoms, precision: Precision, runs: number, torch?: (calls: number) => Promise<number[]>):
  Promise<{ x: number; t: number; py: number; buildMs: number; tableBytes: number }> {
  const before = table.radialTableBytes;
  const first = call(table, atoms, precision);
  const tableBytes = table.radialTableBytes - before;
  warmUp(() => call(exact, atoms, precision));
  warmUp(() => call(table, atoms, precision));
  if (torch) await torch(TORCH_WARMUP);
  const xs: number[] = [], ts: number[] = [], ps: number[] = [];
  for (let k = 0; k < ROUNDS; k++) {
    for (let j = 0; j < runs; j++) xs.push(call(exact, atoms, precision));
    for (let j = 0; j < runs; j++) ts.push(call(table, atoms, precision));
    if (torch) ps.push(...await torch(runs));
  }
  const t = median(ts);
  return { x: median(xs), t, py: torch ? median(ps) : NaN, buildMs: first - t, tableBytes };
}

/**
 * PyTorch timed in blocks between campjs's (pytorch-paired.ts) when CAMPJS_CAMP_SRC allows, its
 * cases in the order of `systems` × (f32, f64); else the reason it is not.
 */
async function startPaired(shared: string, systems: readonly RadialBenchSystem[]): Promise<PairedTorch | string> {
  return PairedTorch.start(systems.flatMap((s) => (['f32', 'f64'] as const).map((dtype) => ({
    name: s.name, checkpoint: join(shared, 'models', s.model), structure: s.structure, format: s.format, dtype }))));
}

/**
 * Prints the comparison. PyTorch's full-call ms come from blocks timed between campjs's where the
 * reference can run (startPaired), else from `torch` (by atom count and precision).
 */
export async function benchRadialTable(shared: string, systems: readonly RadialBenchSystem[], torch: TorchFigures, runs = 7): Promise<void> {
  const paired = await startPaired(shared, systems);
  const pyHow = typeof paired === 'string' ? `PyTorch: ${torch.label} figures (not timed in turn with campjs: ${paired})`
    : `PyTorch (torch ${paired.torch}, 1 thread, CAMP's ASE calculator) timed in the same rounds, in blocks of ${runs} after the campjs blocks`;
  console.log('Tabulated radial mode (--radial table) beside exact mode, one thread: ms per call (energy+forces; exact and table in alternating ' +
    `blocks of ${runs} calls, medians of ${ROUNDS * runs}), speed-up over PyTorch, and the tables of each precision (f64: ${DEFAULT_RADIAL_KNOTS} knots; f32: ${f32Knots(DEFAULT_RADIAL_KNOTS)}, ` +
    `f32 coefficients), built on the first call in that precision. ${pyHow}. Load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}.`);
  const head = ['system', 'prec', 'exact ms', 'table ms', 'table/exact', `PyTorch (${typeof paired === 'string' ? torch.label : 'paired'}) ms`, 'exact ×', 'table ×', 'target', 'tables MiB', 'build s'];
  const lines: string[][] = [];
  try {
    for (const [si, s] of systems.entries()) {
      const exact = await load(shared, s.model, 'exact'), table = await load(shared, s.model, 'table');
      for (const [pi, precision] of (['f32', 'f64'] as const).entries()) {
        const timeTorch = typeof paired === 'string' ? undefined : (calls: number) => paired.time(2 * si + pi, calls);
        const { x, t, py: pyPaired, buildMs, tableBytes } = await pairMs(exact.calc, table.calc, s.atoms, precision, runs, timeTorch);
        const py = timeTorch ? pyPaired : torch.get(s.atoms.numbers.length, precision)?.fullMs ?? NaN;
        lines.push([s.name, precision, fmt(x, 2), fmt(t, 2), `${fmt(x / t, 2)}×`, fmt(py), `${fmt(py / x, 1)}×`, `${fmt(py / t, 1)}×`,
        precision === 'f32' ? `≥${s.target}×` : '', fmt(tableBytes / 2 ** 20, 0), fmt(buildMs / 1000, 2)]);
      }
    }
  } finally {
    if (typeof paired !== 'string') paired.close();
  }
  printRows(head, lines);
  if (typeof paired === 'string' && torch.label !== 'same run') {
    console.log(`  (PyTorch figures from ${torch.label}, measured earlier on an idle machine: where this machine is loaded, the ratio table/exact of the same run is the steadier figure.)\n`);
  }
}

/**
 * Wasm memory of each mode, f32 and f64: water-64 with the default stores (the lookups or MLP
 * activations kept for the reverse pass), and per atom as systems grow past them (--memory 0:
 * the growth from water-64 to its 2×2×2 copy, fixed costs such as the tables excluded), KiB/atom.
 */
export async function benchRadialMemory(shared: string, water: Atoms): Promise<void> {
  console.log('Wasm memory (water, energy+forces): at 192 atoms with the default stores; per atom without them (--memory 0, 192 → 1536 atoms)');
  const big = replicate(water, 2);
  const mem = async (radial: RadialMode, precision: Precision, atoms: Atoms, budget?: number): Promise<number> => {
    const { calc } = await load(shared, 'water.ckpt', radial, budget);
    calc.compute(atoms, { forces: true, stress: false, precision });
    return calc.memoryBytes / 2 ** 20;
  };
  const lines: string[][] = [];
  for (const radial of MODES) {
    for (const precision of ['f32', 'f64'] as const) {
      const [small, lean, bigLean] = [await mem(radial, precision, water), await mem(radial, precision, water, 0), await mem(radial, precision, big, 0)];
      lines.push([radial, precision, fmt(small, 0), fmt(((bigLean - lean) * 1024) / (big.numbers.length - water.numbers.length), 1)]);
    }
  }
  printRows(['mode', 'prec', 'MiB at 192 (default)', 'KiB/atom (--memory 0)'], lines);
}

function printRows(head: string[], lines: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(head));
  for (const l of lines) console.log(line(l));
  console.log('');
}

/** The three systems of issue #14's speed criterion. */
export function radialBenchSystems(shared: string): RadialBenchSystem[] {
  const system = (name: string, model: string, file: string, target: number): RadialBenchSystem => {
    const structure = join(shared, file), format = file.endsWith('.json') ? 'reference-json' : 'extxyz';
    return { name, model, structure, format, atoms: format === 'extxyz' ? readXyz(structure) : readReferenceStructure(structure), target };
  };
  return [
    system('aspirin', 'md17-aspirin.ckpt', 'reference/md17-aspirin__rdkit.json', 20),
    system('LiPS', 'lips-10.ckpt', 'data/lips_config.xyz', 20),
    system('water-64', 'water.ckpt', 'data/liquid-64.xyz', 10),
  ];
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename ?? '')) {
  const shared = process.env.CAMPJS_SHARED ?? resolve(import.meta.dirname ?? '.', '../../shared');
  if (!existsSync(join(shared, 'models'))) {
    console.log(`bench: ../shared not found at ${shared}: nothing measured.`);
  } else {
    const systems = radialBenchSystems(shared);
    await benchRadialTable(shared, systems, torchFigures('TIMING.md', readTorchTiming(join(shared, 'reference/TIMING.md'))));
    await benchRadialMemory(shared, systems[2].atoms);
  }
}
