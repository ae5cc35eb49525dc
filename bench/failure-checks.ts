// Cost of the model-failure checks per MD step (issue 9: "at no measurable cost", ≤ 2 % of a
// water-64 f64 step). Times (a) the checks alone — the distance-floor scan (the same Wasm kernel
// MD runs), the force ceiling, the energy sum and the copy of the last good state — and (b)
// whole steps with the checks on and off, interleaved so machine load hits both alike; then
// (c) the floor scan's two kernels — O(N²) (checks.ts) and binned O(N) (floor-bins.ts) — on
// water of 192, 1536 and 12288 atoms (supercells) and small droplets (their crossover).
//   node --import tsx bench/failure-checks.ts [steps per round = 5] [rounds = 4]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadModel } from '../host/api.js';
import type { Atoms } from '../host/atoms.js';
import { instantiateCore } from '../host/backends/wasm/wasm.js';
import { Workspace } from '../host/backends/wasm/workspace.js';
import { BINNED_SCAN_FROM, covalentRadii, DEFAULT_LIMITS, GeometryChecker } from '../host/md/failure-checks.js';
import { pbcMask } from '../host/geometry.js';
import { MD } from '../host/md/md.js';
import type { MdSettings } from '../host/md/settings.js';
import { readXyz, replicate } from './structures.js';

const shared = process.env.CAMPJS_SHARED ?? resolve(import.meta.dirname ?? '.', '../../shared');
const [stepsArg = '5', roundsArg = '4'] = process.argv.slice(2);
const atoms = readXyz(join(shared, 'data/liquid-64.xyz'));
const n = atoms.numbers.length;
const calculator = await loadModel(new Uint8Array(readFileSync(join(shared, 'models', 'water.ckpt'))), { skin: 1 });

// (a) the checks alone
const checker = await GeometryChecker.create();
const reps = 200;
let t0 = performance.now();
for (let k = 0; k < reps; k++) checker.scan(atoms, DEFAULT_LIMITS);
const scanMs = (performance.now() - t0) / reps;
const state = [new Float64Array(3 * n), new Float64Array(3 * n), new Float64Array(3 * n)];
const source = Float64Array.from(atoms.positions);
t0 = performance.now();
for (let k = 0; k < reps; k++) for (const a of state) a.set(source);
const copyMs = (performance.now() - t0) / reps;

// (b) whole steps, on and off interleaved
const OFF: Partial<MdSettings> = { distanceFloor: 0, maxForce: 0, maxEnergyJump: 0, maxTemperatureFactor: 0, checkEvery: 0 };
const on = await MD.create({ atoms, calculator, settings: { temperature: 300 } });
const off = await MD.create({ atoms, calculator, settings: { temperature: 300, ...OFF } });
const steps = Number(stepsArg);
let onMs = 0, offMs = 0;
for (let r = 0; r < Number(roundsArg); r++) {
  for (const [md, add] of [[off, (x: number) => (offMs += x)], [on, (x: number) => (onMs += x)]] as const) {
    const s = performance.now();
    md.run(steps);
    add(performance.now() - s);
  }
}
const total = steps * Number(roundsArg);
const stepMs = offMs / total;
console.log(`water-64 (${n} atoms) f64: step ${stepMs.toFixed(1)} ms without checks, ${(onMs / total).toFixed(1)} ms with (ratio ${(onMs / offMs).toFixed(4)}, machine noise included)`);
console.log(`checks alone: floor scan ${(1000 * scanMs).toFixed(1)} µs + state copy ${(1000 * copyMs).toFixed(1)} µs = ${((100 * (scanMs + copyMs)) / stepMs).toFixed(3)} % of a step`);

// (c) both kernels by size; a model step is taken to scale linearly with N from water-64's.
const core = await instantiateCore();
const ws = new Workspace(core);
/** Mean ms of the O(N²) and binned kernels on `a` (same result checked), and the binned reach. */
function kernels(a: Atoms): { brute: number; binned: number; reach: number } {
  const m = a.numbers.length, ex = core.exports;
  const b = (name: string, bytes: number) => ws.buffer(name, bytes).ptr;
  const p = { r: b('r', 24 * m), cell: b('cell', 72), rad: b('rad', 8 * m), near: b('near', 8 * m), out: b('out', 48), out2: b('out2', 48), work: b('work', ex.mdFloorScanBytes(m)) };
  const f64 = (ptr: number, len: number) => new Float64Array(core.memory.buffer, ptr, len);
  f64(p.r, 3 * m).set(a.positions);
  f64(p.cell, 9).set(a.cell ?? new Float64Array(9));
  f64(p.rad, m).set(covalentRadii(a.numbers));
  const mask = pbcMask(a), { distanceFloor: fr, minDistance: md } = DEFAULT_LIMITS;
  // Repetitions for ~0.1-1 s of each kernel (O(N²): N² pairs; binned: N atoms).
  const time = (reps: number, run: () => void) => {
    reps = Math.max(3, Math.min(2000, Math.round(reps)));
    run();
    const t = performance.now();
    for (let k = 0; k < reps; k++) run();
    return (performance.now() - t) / reps;
  };
  let reach = 0;
  const brute = time(3e7 / (m * m), () => ex.mdFloorScan(m, p.r, p.cell, mask, p.rad, fr, md, p.near, p.out));
  const binned = time(2e5 / m, () => { reach = ex.mdFloorScanBinned(m, p.r, p.cell, mask, p.rad, fr, md, p.near, p.out2, p.work); });
  if (f64(p.out, 6).some((x, k) => !Object.is(x, f64(p.out2, 6)[k]))) throw new Error(`bench: the kernels disagree at ${m} atoms`);
  return { brute, binned, reach };
}
const perAtom = stepMs / n;
for (const k of [1, 2, 4]) {
  const a = k === 1 ? atoms : replicate(atoms, k);
  const m = a.numbers.length, t = kernels(a), step = perAtom * m;
  const pct = (ms: number) => `${ms < 1 ? (1000 * ms).toFixed(0) + ' µs' : ms.toFixed(1) + ' ms'} (${((100 * ms) / step).toFixed(3)} %)`;
  console.log(`water ${m} atoms (step ≈ ${step.toFixed(0)} ms): O(N²) scan ${pct(t.brute)}, binned ${pct(t.binned)} at reach ${t.reach} Å`);
}
// Droplets (molecules: the first m atoms of water-64) around the crossover BINNED_SCAN_FROM.
for (const m of [48, 96, 128, 160, 192]) {
  const t = kernels({ ...atoms, numbers: Array.from(atoms.numbers).slice(0, m), positions: atoms.positions.slice(0, 3 * m), cell: null, pbc: [false, false, false] });
  console.log(`droplet ${m} atoms: O(N²) ${(1000 * t.brute).toFixed(1)} µs, binned ${(1000 * t.binned).toFixed(1)} µs${m >= BINNED_SCAN_FROM ? ' (binned used)' : ''}`);
}
