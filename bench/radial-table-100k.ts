// Issue #14 part 3: does 100,000-atom water fit wasm32 in table mode? liquid-64 repeated
// 8×8×9 (110,592 atoms), one f32 energy+forces call; prints the Wasm memory it took.
//   node --import tsx bench/radial-table-100k.ts [table|exact] [f32|f64]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadModel } from '../host/api.js';
import { radialMode } from '../host/model/radial-table.js';
import { readXyz, replicate } from './structures.js';

const shared = process.env.CAMPJS_SHARED ?? resolve(import.meta.dirname ?? '.', '../../shared');
const radial = radialMode(process.argv[2] ?? 'table', 'radial mode (1st argument)');
const precision = process.argv[3] === 'f64' ? 'f64' : 'f32';

const atoms = replicate(readXyz(join(shared, 'data/liquid-64.xyz')), [8, 8, 9]);
const calc = await loadModel(new Uint8Array(readFileSync(join(shared, 'models/water.ckpt'))), { file: 'water.ckpt', radial });
const t0 = performance.now();
try {
  const r = calc.compute(atoms, { precision, stress: false });
  console.log(`${atoms.numbers.length} atoms, ${r.edges} edges, ${radial} ${precision}: E = ${r.energy.toFixed(3)} eV in ${((performance.now() - t0) / 1000).toFixed(1)} s; ` +
    `Wasm memory ${(calc.memoryBytes / 2 ** 20).toFixed(0)} MiB (${((calc.memoryBytes / atoms.numbers.length) / 1024).toFixed(1)} KiB/atom, tables ${(calc.radialTableBytes / 2 ** 20).toFixed(0)} MiB)`);
} catch (err) {
  console.log(`${atoms.numbers.length} atoms, ${radial} ${precision}: does not fit: ${(err as Error).message} (Wasm memory ${(calc.memoryBytes / 2 ** 20).toFixed(0)} MiB)`);
}
