// Measures the PyTorch CAMP reference in the same `npm run bench` run, by running
// bench/pytorch-reference.py with the public CAMP source found through the environment:
//   CAMPJS_CAMP_SRC    folder holding the `camp` package (repository wengroup/camp, src/) — required
//   CAMPJS_CAMP_STUBS  stand-ins for imports inference never uses (lightning, ...); default bench/pytorch-stubs
//   CAMPJS_PYTHON      interpreter with torch and ase (default /usr/bin/python3: Debian's python3-torch)
// Never throws: without a usable reference it returns the one-line reason instead.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface TorchCase {
  readonly name: string;
  readonly checkpoint: string;
  readonly structure: string;
  readonly format: 'extxyz' | 'reference-json';
  readonly dtype: 'f32' | 'f64';
  readonly repeat?: readonly [number, number, number];
  /** Per-case overrides of TORCH_WARMUP, TORCH_RUNS and of no time budget (s, warm-ups included). */
  readonly warmup?: number;
  readonly runs?: number;
  readonly budgetS?: number;
}

export interface SameRunRow {
  readonly name: string;
  readonly dtype: 'f32' | 'f64';
  readonly atoms: number;
  readonly edges: number;
  readonly fullMs: number;
  readonly nlMs: number;
  readonly warmup: number;
  readonly runs: number;
}

export type SameRunResult =
  | { readonly ok: true; readonly torch: string; readonly threads: number; readonly rows: SameRunRow[]; readonly skipped: string[] }
  | { readonly ok: false; readonly reason: string };

/** Calls per case unless the case says otherwise: the protocol of ../shared/reference/TIMING.md. */
export const TORCH_WARMUP = 3, TORCH_RUNS = 20;

const script = resolve(import.meta.dirname ?? '.', 'pytorch-reference.py');
const TIMEOUT_MS = 20 * 60_000;

/** How to run bench/pytorch-reference.py on `cases` (spec fields in `extra`), or why it cannot run. */
export function referenceCommand(cases: readonly TorchCase[], env: NodeJS.ProcessEnv, extra: Record<string, unknown> = {}):
  { ok: true; python: string; script: string; spec: string; env: NodeJS.ProcessEnv } | { ok: false; reason: string } {
  const src = env.CAMPJS_CAMP_SRC;
  if (!src) return fail('CAMPJS_CAMP_SRC is not set (README: "Same-run PyTorch figures")');
  if (!existsSync(join(src, 'camp/ase/calculator.py'))) return fail(`CAMPJS_CAMP_SRC=${src} holds no camp/ase/calculator.py`);
  const spec = {
    camp_src: src, stubs: env.CAMPJS_CAMP_STUBS ?? resolve(import.meta.dirname ?? '.', 'pytorch-stubs'), threads: 1, warmup: TORCH_WARMUP, runs: TORCH_RUNS,
    systems: cases.map(({ budgetS, ...c }) => ({ ...c, budget_s: budgetS })), ...extra,
  };
  // One thread everywhere, numpy included, like campjs.
  return { ok: true, python: env.CAMPJS_PYTHON ?? '/usr/bin/python3', script, spec: JSON.stringify(spec), env: { ...env, OMP_NUM_THREADS: '1' } };
}

export function measureTorchSameRun(cases: readonly TorchCase[], env: NodeJS.ProcessEnv = process.env): SameRunResult {
  try {
    const run = referenceCommand(cases, env);
    if (!run.ok) return run;
    const child = spawnSync(run.python, [run.script], { input: run.spec, encoding: 'utf8', timeout: TIMEOUT_MS, maxBuffer: 16 << 20, env: run.env });
    if (child.error) return fail(`cannot run ${run.python}: ${child.error.message}`);
    if (child.status !== 0) return fail(`${run.python} ${run.script} exited ${child.status ?? child.signal}: ${tail(child.stderr)}`);
    return parseOutput(child.stdout);
  } catch (e) {
    return fail(`unexpected: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function parseOutput(stdout: string): SameRunResult {
  let out: { torch?: unknown; threads?: unknown; results?: unknown };
  try {
    out = JSON.parse(stdout);
  } catch {
    return fail(`the script printed no JSON: ${tail(stdout)}`);
  }
  if (!Array.isArray(out.results)) return fail('the script output has no `results` list');
  const rows: SameRunRow[] = [], skipped: string[] = [];
  for (const r of out.results as Array<Record<string, unknown>>) {
    if (typeof r.skipped === 'string') skipped.push(`${r.name} ${r.dtype}: ${r.skipped}`);
    else rows.push({ name: String(r.name), dtype: r.dtype as 'f32' | 'f64', atoms: Number(r.atoms), edges: Number(r.edges),
      fullMs: Number(r.full_ms), nlMs: Number(r.nl_ms), warmup: Number(r.warmup), runs: Number(r.runs) });
  }
  return { ok: true, torch: String(out.torch), threads: Number(out.threads), rows, skipped };
}

const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

/** Last few non-empty lines of a process stream, joined on one line. */
export function tail(text: string | null | undefined, lines = 3): string {
  const kept = (text ?? '').split('\n').map((l) => l.trim()).filter(Boolean).slice(-lines);
  return kept.length ? kept.join(' | ') : '(no output)';
}
