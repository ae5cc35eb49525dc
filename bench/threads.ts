// Deterministic threads (issue #14): speed-up of n threads over one, f32, full call (energy and
// forces, neighbour list included, which stays on one thread) in exact and table radial modes, for
// aspirin (21 atoms), water-64 and its 5×5×5 copy (24,000 atoms). The thread counts' calls run in
// alternating blocks (`block` calls with 1 thread, with 2, …, again) and their medians are
// compared, so a machine whose load changes during the run slows all of them alike. Blocks, not
// single calls: after a call a worker spins ~1 ms before it sleeps (assembly/threads), which took
// a core from the next call of another thread count (aspirin, one thread: 11.0 ms of CPU for a 7.3
// ms call when interleaved one by one); MD calls one calculator back to back. Beside them the CPU
// time all threads used per call and the load average before and after say how much of the
// (shared) machine the run got.
// Every result is also checked to be the bits of one thread.
// Part of `npm run bench` (bench/run.ts); alone: node --import tsx bench/threads.ts [maxThreads [case,…]]
// (cases by name: aspirin, water-64, 5x5x5).
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import type { Atoms } from '../host/atoms.js';
import { loadModel } from '../host/api.js';
import type { RadialMode } from '../host/model/radial-table.js';
import { readXyz, replicate } from './structures.js';
import { fmt, warmUp } from './timing.js';

interface Case {
  readonly name: string;
  /** Its name on the command line. */
  readonly key: string;
  readonly model: string;
  readonly atoms: Atoms;
  /** Rounds, and calls per thread count in each. */
  readonly runs: number;
  readonly block: number;
}

interface Measured {
  /** Wall ms per call (median) and CPU ms per call (all threads, mean: what the machine gave). */
  readonly ms: number;
  readonly cpuMs: number;
  /** The result's bits (energy and forces). */
  readonly bits: string;
}

/** Each of `counts` threads measured over `runs` rounds of `block` calls per thread count, in turn. */
async function measure(shared: string, c: Case, radial: RadialMode, counts: readonly number[]): Promise<Measured[]> {
  const bytes = new Uint8Array(readFileSync(join(shared, 'models', c.model)));
  const calcs = await Promise.all(counts.map((threads) => loadModel(bytes, { file: c.model, radial, threads, precision: 'f32' })));
  try {
    const call = (k: number) => calcs[k]!.compute(c.atoms, { forces: true, stress: false });
    const bits = counts.map((_, k) => {
      const r = call(k); // the bits
      if (c.runs > 1) warmUp(() => call(k)); // the big box: its one call is warm-up enough
      return Buffer.from(new Float64Array([r.energy, ...r.forces!]).buffer).toString('base64');
    });
    const wall: number[][] = counts.map(() => []), cpu = counts.map(() => 0);
    const start = performance.now();
    for (let round = 0; round < c.runs && (round === 0 || performance.now() - start < 240_000); round++) {
      counts.forEach((_, k) => {
        for (let j = 0; j < c.block; j++) {
          const cpu0 = process.cpuUsage(), t0 = performance.now();
          call(k);
          wall[k]!.push(performance.now() - t0);
          const used = process.cpuUsage(cpu0);
          cpu[k] += (used.user + used.system) / 1000;
        }
      });
    }
    return counts.map((_, k) => ({ ms: median(wall[k]!), cpuMs: cpu[k]! / wall[k]!.length, bits: bits[k]! }));
  } finally {
    for (const calc of calcs) calc.close();
  }
}

function median(x: readonly number[]): number {
  const s = [...x].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Prints the table; threads 1..maxThreads (default: the machine's cores); `only`: case names to run (default all). */
export async function benchThreads(shared: string, maxThreads = availableParallelism(), only?: readonly string[]): Promise<void> {
  const water = readXyz(join(shared, 'data/liquid-64.xyz'));
  // The 24,000-atom box takes ~10–80 s per call on one loaded core: one timed call after the warm-up.
  const all: Case[] = [
    { name: 'aspirin', key: 'aspirin', model: 'md17-aspirin.ckpt', atoms: readXyz(join(import.meta.dirname ?? '.', '../examples/aspirin.xyz')), runs: 5, block: 8 },
    { name: 'water-64', key: 'water-64', model: 'water.ckpt', atoms: water, runs: 5, block: 3 },
    { name: 'water 5×5×5', key: '5x5x5', model: 'water.ckpt', atoms: replicate(water, 5), runs: 1, block: 1 },
  ];
  const cases = only ? all.filter((c) => only.includes(c.key)) : all;
  if (cases.length === 0) throw new Error(`bench/threads: no case named ${only!.join(', ')} (aspirin, water-64, 5x5x5)`);
  const counts = Array.from({ length: Math.max(maxThreads, 2) - 1 }, (_, k) => k + 2);
  const before = loadavg();
  console.log(`Threads (--threads N, f32, full call with the neighbour list; ${availableParallelism()} cores): ms per call and speed-up over 1 thread`);
  const head = ['system', 'atoms', 'radial', '1 thread ms', 'CPU ms', ...counts.flatMap((n) => [`${n} threads ms`, 'CPU ms', `${n}×`]), 'same bits'];
  const lines: string[][] = [];
  for (const c of cases) {
    for (const radial of ['exact', 'table'] as const) {
      const [one, ...more] = await measure(shared, c, radial, [1, ...counts]);
      const row = [c.name, String(c.atoms.numbers.length), radial, fmt(one!.ms, 1), fmt(one!.cpuMs, 1)];
      let same = true;
      for (const m of more) {
        same &&= m.bits === one!.bits;
        row.push(fmt(m.ms, 1), fmt(m.cpuMs, 1), fmt(one!.ms / m.ms, 2));
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
    + 'its threads asked for (a shared or CPU-limited machine), and the speed-up measures the machine rather than the threads.\n'
    + 'On Linux with autogroup (/proc/sys/kernel/sched_autogroup_enabled), a background job started in another session takes\n'
    + 'an equal share of a core whatever its nice value (its group\'s weight is in /proc/<pid>/autogroup), so "idle but for a\n'
    + 'nice 19 job" is not idle: one of the threads then runs at half speed and the other waits for it.\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const shared = process.env.CAMPJS_SHARED ?? resolve(import.meta.dirname ?? '.', '../../shared');
  if (!existsSync(join(shared, 'models'))) console.log(`bench: ../shared not found at ${shared}; nothing measured.`);
  else await benchThreads(shared, process.argv[2] ? Number(process.argv[2]) : undefined, process.argv[3]?.split(','));
}
