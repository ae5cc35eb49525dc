// Deterministic threads (issue #14): speed-up of n threads over one, f32, full call (energy and
// forces, neighbour list included, which stays on one thread) in exact and table radial modes,
// for water-64 and its 5×5×5 copy (24,000 atoms). Medians of repeated calls, with the CPU time
// all threads used per call and the load average before and after: they say how much of the
// (shared) machine the run got. Every result is also checked to be the bits of one thread.
// Part of `npm run bench` (bench/run.ts); alone: node --import tsx bench/threads.ts [maxThreads].
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import type { Atoms } from '../host/atoms.js';
import { loadModel } from '../host/api.js';
import type { RadialMode } from '../host/model/radial-table.js';
import { readXyz, replicate } from './structures.js';
import { fmt, time } from './timing.js';

interface Case {
  readonly name: string;
  readonly atoms: Atoms;
  readonly runs: number;
}

/**
 * Wall ms per call (median), CPU ms per call (all threads, mean: what the machine gave) and the
 * result's bits (energy and forces) on `threads` threads.
 */
async function measure(shared: string, atoms: Atoms, radial: RadialMode, threads: number, runs: number): Promise<{ ms: number; cpuMs: number; bits: string }> {
  const calc = await loadModel(new Uint8Array(readFileSync(join(shared, 'models/water.ckpt'))), { file: 'water.ckpt', radial, threads, precision: 'f32' });
  try {
    const call = () => calc.compute(atoms, { forces: true, stress: false });
    const r = call(); // warm-up, and the bits
    const cpu0 = process.cpuUsage();
    const t = time(() => void call(), { warmup: 0, runs, budgetMs: 120_000 });
    const cpu = process.cpuUsage(cpu0);
    const bits = Buffer.from(new Float64Array([r.energy, ...r.forces!]).buffer).toString('base64');
    return { ms: t.medianMs, cpuMs: (cpu.user + cpu.system) / 1000 / t.runs, bits };
  } finally {
    calc.close();
  }
}

/** Prints the table; threads 1..maxThreads (default: the machine's cores). */
export async function benchThreads(shared: string, maxThreads = availableParallelism()): Promise<void> {
  const water = readXyz(join(shared, 'data/liquid-64.xyz'));
  // The 24,000-atom box takes ~10–80 s per call on one loaded core: one timed call after the warm-up.
  const cases: Case[] = [{ name: 'water-64', atoms: water, runs: 9 }, { name: 'water 5×5×5', atoms: replicate(water, 5), runs: 1 }];
  const counts = Array.from({ length: Math.max(maxThreads, 2) - 1 }, (_, k) => k + 2);
  const before = loadavg();
  console.log(`Threads (--threads N, f32, full call with the neighbour list; ${availableParallelism()} cores): ms per call and speed-up over 1 thread`);
  const head = ['system', 'atoms', 'radial', '1 thread ms', 'CPU ms', ...counts.flatMap((n) => [`${n} threads ms`, 'CPU ms', `${n}×`]), 'same bits'];
  const lines: string[][] = [];
  for (const c of cases) {
    for (const radial of ['exact', 'table'] as const) {
      const one = await measure(shared, c.atoms, radial, 1, c.runs);
      const row = [c.name, String(c.atoms.numbers.length), radial, fmt(one.ms, 1), fmt(one.cpuMs, 1)];
      let same = true;
      for (const n of counts) {
        const m = await measure(shared, c.atoms, radial, n, c.runs);
        same &&= m.bits === one.bits;
        row.push(fmt(m.ms, 1), fmt(m.cpuMs, 1), fmt(one.ms / m.ms, 2));
      }
      lines.push([...row, same ? 'yes' : 'NO']);
      console.log(`  ${row.join('  ')}`);
    }
  }
  const widths = head.map((h, k) => Math.max(h.length, ...lines.map((l) => l[k]!.length)));
  console.log(head.map((h, k) => h.padStart(widths[k]!)).join('  '));
  for (const l of lines) console.log(l.map((x, k) => x.padStart(widths[k]!)).join('  '));
  const after = loadavg();
  console.log(`load average (1 min) ${fmt(before[0]!, 2)} before, ${fmt(after[0]!, 2)} after, on ${availableParallelism()} cores; target ≥ 1.8× on 2 threads.\n`
    + 'CPU ms is what all threads used per call: when it is far below threads × wall ms, the machine gave this process less than\n'
    + 'its threads asked for (a shared or CPU-limited machine), and the speed-up measures the machine rather than the threads.\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const shared = process.env.CAMPJS_SHARED ?? resolve(import.meta.dirname ?? '.', '../../shared');
  if (!existsSync(join(shared, 'models'))) console.log(`bench: ../shared not found at ${shared}; nothing measured.`);
  else await benchThreads(shared, process.argv[2] ? Number(process.argv[2]) : undefined);
}
