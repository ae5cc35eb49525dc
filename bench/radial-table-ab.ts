// Exact vs table mode, interleaved in one process (A B A B …), medians: the ratio stays
// meaningful on a loaded machine. node --import tsx bench/radial-table-ab.ts [system] [rounds]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadavg } from 'node:os';
import { loadModel } from '../host/api.js';
import { radialBenchSystems } from './radial-table.js';

const shared = process.env.CAMPJS_SHARED ?? resolve(import.meta.dirname ?? '.', '../../shared');
const only = process.argv[2], rounds = Number(process.argv[3] ?? 15);
const precision = (process.env.PREC ?? 'f32') as 'f32' | 'f64';
for (const s of radialBenchSystems(shared).filter((x) => !only || x.name === only)) {
  const bytes = new Uint8Array(readFileSync(join(shared, 'models', s.model)));
  const calcs = [await loadModel(bytes, { file: s.model }), await loadModel(bytes, { file: s.model, radial: 'table' })];
  const ms: number[][] = [[], []];
  for (let k = 0; k < rounds + 2; k++) {
    for (let m = 0; m < 2; m++) {
      const t0 = performance.now();
      calcs[m].compute(s.atoms, { forces: true, stress: false, precision });
      if (k >= 2) ms[m].push(performance.now() - t0);
    }
  }
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
  const [x, t] = ms.map(med);
  console.log(`${s.name} ${precision}: exact ${x.toFixed(2)} ms, table ${t.toFixed(2)} ms, table/exact ${(x / t).toFixed(2)}x, tables ${(calcs[1].radialTableBytes / 2 ** 20).toFixed(0)} MiB, load ${loadavg()[0].toFixed(2)}`);
}
