// Runs the payload in Node, Deno or Bun as a child process on a temp copy of the input envelope.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../../support/shared.js';
import type { PayloadResult } from '../payload.mjs';
import { binaries, pathOf, quietEnv } from './binaries.js';

const run = promisify(execFile);
export type ServerRuntime = 'node' | 'deno' | 'bun';
export const SERVER_RUNTIMES: readonly ServerRuntime[] = ['node', 'deno', 'bun'];

/** argv prefix that runs a script file in each runtime (Deno needs read permission only). */
export function scriptCommand(runtime: ServerRuntime, exe: string, permissions = ['--allow-read']): [string, ...string[]] {
  return runtime === 'deno' ? [exe, 'run', '--quiet', '--no-prompt', ...permissions] : [exe];
}

export interface RunnerOutput {
  readonly result: PayloadResult;
  /** Wall time of the whole runner (process start, bundle load, payload), ms. */
  readonly wallMs: number;
}

export async function runServer(runtime: ServerRuntime, input: Uint8Array, bundle = join(repoRoot, 'dist/campjs.mjs')): Promise<RunnerOutput> {
  const exePath = pathOf(binaries[runtime]());
  const dir = mkdtempSync(join(tmpdir(), `campjs-${runtime}-`));
  try {
    const inputPath = join(dir, 'input.bin');
    writeFileSync(inputPath, input);
    const [exe, ...pre] = scriptCommand(runtime, exePath);
    const t0 = performance.now();
    const { stdout } = await run(exe, [...pre, join(repoRoot, 'test/runtimes/runners/server-driver.mjs'), bundle, inputPath],
      { cwd: repoRoot, env: quietEnv, maxBuffer: 64 << 20, timeout: 60_000 });
    return { result: JSON.parse(stdout) as PayloadResult, wallMs: performance.now() - t0 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
