// PyTorch CAMP reference timings: the figures in ../shared/reference/TIMING.md (measured earlier on
// this machine kind) and a common lookup for them and for figures measured in the same run
// (bench/pytorch-same-run.ts, where Debian's python3-torch and the CAMP source are installed).
import { existsSync, readFileSync } from 'node:fs';

export type TorchDtype = 'f32' | 'f64';

export interface TorchRow {
  readonly system: string;
  readonly atoms: number;
  readonly threads: number;
  readonly dtype: TorchDtype;
  readonly fullMs: number;
  readonly nlMs: number;
  readonly modelMs: number;
}

export function readTorchTiming(path: string): TorchRow[] {
  if (!existsSync(path)) return [];
  const rows: TorchRow[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 10 || !/^\d/.test(cells[2] ?? '')) continue;
    const num = (s: string) => Number(s.replace(/,/g, ''));
    rows.push({ system: cells[1], atoms: num(cells[2]), threads: num(cells[4]), dtype: cells[5] as TorchDtype,
      fullMs: num(cells[6]), nlMs: num(cells[7]), modelMs: num(cells[8]) });
  }
  return rows;
}

/** One call's cost in ms: `full` = neighbour list + forward + autograd forces; `nl` = neighbour list. */
export interface TorchFigure {
  readonly fullMs: number;
  readonly nlMs: number;
}

/** A set of single-thread PyTorch figures, looked up by system size and precision. */
export interface TorchFigures {
  readonly label: string;
  readonly get: (atoms: number, dtype: TorchDtype) => TorchFigure | undefined;
}

export function torchFigures(label: string, rows: ReadonlyArray<TorchFigure & { atoms: number; dtype: TorchDtype; threads?: number }>): TorchFigures {
  const single = rows.filter((r) => (r.threads ?? 1) === 1);
  return { label, get: (atoms, dtype) => single.find((r) => r.atoms === atoms && r.dtype === dtype) };
}
