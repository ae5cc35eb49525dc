// Exact vs table mode on one thread, interleaved in one process (exact, table, exact, …), medians
// of wall and CPU time per call (energy+forces, f32 unless PREC=f64): the ratio stays meaningful
// on a shared machine, where CPU time is the steadier of the two. The load average is printed
// beside it. node --import tsx bench/radial-table-ab.ts [aspirin|LiPS|water-64] [rounds]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadavg } from 'node:os';
import { loadModel } from '../host/api.js';
import { radialBenchSystems } from './radial-table.js';

const shared = process.env.CAMPJS_SHARED ?? resolve(import.meta.dirname ?? '.', '../../shared');
const only = process.argv[2], rounds = Number(process.argv[3] ?? 15);
const precision = (process.env.PREC ?? 'f32') as 'f32' | 'f64';
const med = (a: number[]): number => [...a].sort((x, y) => x - y)[a.length >> 1];
for (const s of radialBenchSystems(shared).filter((x) => !only || x.name === only)) {
  const bytes = new Uint8Array(readFileSync(join(shared, 'models', s.model)));
  const calcs = [await loadModel(bytes, { file: s.model }), await loadModel(bytes, { file: s.model, radial: 'table' })];
  const wall: number[][] = [[], []], cpu: number[][] = [[], []];
  for (let k = 0; k < rounds + 2; k++) {
    for (let m = 0; m < 2; m++) {
      const t0 = performance.now(), c0 = process.cpuUsage();
      calcs[m].compute(s.atoms, { forces: true, stress: false, precision });
      const c = process.cpuUsage(c0);
      if (k >= 2) {
        wall[m].push(performance.now() - t0);
        cpu[m].push((c.user + c.system) / 1000);
      }
    }
  }
  const [xw, tw] = wall.map(med), [xc, tc] = cpu.map(med);
  console.log(`${s.name} ${precision}: wall exact ${xw.toFixed(2)} / table ${tw.toFixed(2)} ms (${(xw / tw).toFixed(2)}×); ` +
    `CPU exact ${xc.toFixed(2)} / table ${tc.toFixed(2)} ms (${(xc / tc).toFixed(2)}×); tables ${(calcs[1].radialTableBytes / 2 ** 20).toFixed(0)} MiB; load ${loadavg()[0].toFixed(2)}`);
}
