// Tabulated radial mode beside exact mode (issue #14): time per call (energy+forces, neighbour
// list included, one thread), the speed-up over PyTorch, each precision's table size and build time, and
// Wasm memory per atom of each mode (the marginal cost between water-64 and its 2×2×2 copy).
// Part of `npm run bench` (bench/run.ts); alone: node --import tsx bench/radial-table.ts.
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import type { Atoms } from '../host/atoms.js';
import type { Precision } from '../host/calculator.js';
import { loadModel } from '../host/api.js';
import type { CampCalculator } from '../host/calculators/camp-calculator.js';
import { DEFAULT_RADIAL_KNOTS, f32Knots, type RadialMode } from '../host/model/radial-table.js';
import { readTorchTiming, torchFigures, type TorchFigures } from './pytorch-timing.js';
import { readReferenceStructure, readXyz, replicate } from './structures.js';
import { fmt, warmUp } from './timing.js';

export interface RadialBenchSystem {
  readonly name: string;
  readonly model: string; // file in <shared>/models
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
 * Exact and table calls in alternating blocks (`runs` exact, `runs` table, ROUNDS times) after
 * warming both up (timing.ts), medians over all blocks: both modes see the same load, so their
 * ratio holds on a shared machine, and each is timed as MD (and PyTorch's figure) runs it, call
 * after call. Calls interleaved one by one would time each mode with the caches just filled by
 * the other (aspirin table f32: 2.84 ms against 2.42 in blocks of 10, in one process).
 * A precision's tables are built on its first table-mode call: that call's excess over the
 * median is the build time.
 */
function pairMs(exact: CampCalculator, table: CampCalculator, atoms: Atoms, precision: Precision, runs: number): { x: number; t: number; buildMs: number; tableBytes: number } {
  const before = table.radialTableBytes;
  const first = call(table, atoms, precision);
  const tableBytes = table.radialTableBytes - before;
  warmUp(() => call(exact, atoms, precision));
  warmUp(() => call(table, atoms, precision));
  const xs: number[] = [], ts: number[] = [];
  for (let k = 0; k < ROUNDS; k++) {
    for (let j = 0; j < runs; j++) xs.push(call(exact, atoms, precision));
    for (let j = 0; j < runs; j++) ts.push(call(table, atoms, precision));
  }
  const t = median(ts);
  return { x: median(xs), t, buildMs: first - t, tableBytes };
}

/** Prints the comparison; `torch` gives PyTorch's full-call ms by atom count and precision. */
export async function benchRadialTable(shared: string, systems: readonly RadialBenchSystem[], torch: TorchFigures, runs = 7): Promise<void> {
  console.log('Tabulated radial mode (--radial table) beside exact mode, one thread: ms per call (energy+forces; exact and table in alternating ' +
    `blocks of ${runs} calls, medians of ${ROUNDS * runs}), speed-up over PyTorch, and the tables of each precision (f64: ${DEFAULT_RADIAL_KNOTS} knots; f32: ${f32Knots(DEFAULT_RADIAL_KNOTS)}, ` +
    `f32 coefficients), built on the first call in that precision. Load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}.`);
  const head = ['system', 'prec', 'exact ms', 'table ms', 'table/exact', `PyTorch (${torch.label}) ms`, 'exact ×', 'table ×', 'target', 'tables MiB', 'build s'];
  const lines: string[][] = [];
  for (const s of systems) {
    const exact = await load(shared, s.model, 'exact'), table = await load(shared, s.model, 'table');
    for (const precision of ['f32', 'f64'] as const) {
      const { x, t, buildMs, tableBytes } = pairMs(exact.calc, table.calc, s.atoms, precision, runs);
      const py = torch.get(s.atoms.numbers.length, precision)?.fullMs ?? NaN;
      lines.push([s.name, precision, fmt(x, 2), fmt(t, 2), `${fmt(x / t, 2)}×`, fmt(py), `${fmt(py / x, 1)}×`, `${fmt(py / t, 1)}×`,
        precision === 'f32' ? `≥${s.target}×` : '', fmt(tableBytes / 2 ** 20, 0), fmt(buildMs / 1000, 2)]);
    }
  }
  printRows(head, lines);
  if (torch.label !== 'same run') {
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
  return [
    { name: 'aspirin', model: 'md17-aspirin.ckpt', atoms: readReferenceStructure(join(shared, 'reference/md17-aspirin__rdkit.json')), target: 20 },
    { name: 'LiPS', model: 'lips-10.ckpt', atoms: readXyz(join(shared, 'data/lips_config.xyz')), target: 20 },
    { name: 'water-64', model: 'water.ckpt', atoms: readXyz(join(shared, 'data/liquid-64.xyz')), target: 10 },
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
