// PyTorch CAMP reference timings measured on this machine kind (../shared/reference/TIMING.md).
// torch and the CAMP source are not installable here, so the bench prints these beside ours.
import { existsSync, readFileSync } from 'node:fs';

export interface TorchRow {
  readonly system: string;
  readonly atoms: number;
  readonly threads: number;
  readonly dtype: 'f32' | 'f64';
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
    rows.push({ system: cells[1], atoms: num(cells[2]), threads: num(cells[4]), dtype: cells[5] as 'f32' | 'f64',
      fullMs: num(cells[6]), nlMs: num(cells[7]), modelMs: num(cells[8]) });
  }
  return rows;
}

export function torchFull(rows: TorchRow[], atoms: number, dtype: 'f32' | 'f64'): TorchRow | undefined {
  return rows.find((r) => r.atoms === atoms && r.dtype === dtype && r.threads === 1);
}
