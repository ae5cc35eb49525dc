// Cost of the model-failure checks per MD step (issue 9: "at no measurable cost", ≤ 2 % of a
// water-64 f64 step). Times (a) the checks alone — the distance-floor scan (the same Wasm kernel
// MD runs), the force ceiling, the energy sum and the copy of the last good state — and (b)
// whole steps with the checks on and off, interleaved so machine load hits both alike.
//   node --import tsx bench/failure-checks.ts [steps per round = 5] [rounds = 4]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadModel } from '../host/api.js';
import { DEFAULT_LIMITS, GeometryChecker } from '../host/md/failure-checks.js';
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
// The scan is O(N²): its time for the 2×2×2 supercell (8N atoms), to compare with 8 × a step.
const big = replicate(atoms, 2);
t0 = performance.now();
for (let k = 0; k < 10; k++) checker.scan(big, DEFAULT_LIMITS);
const bigScanMs = (performance.now() - t0) / 10;
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
console.log(`O(N²) scan at ${8 * n} atoms: ${bigScanMs.toFixed(1)} ms = ${((100 * bigScanMs) / (8 * stepMs)).toFixed(2)} % of a step if the step scales linearly`);
