// Runs the built dist/cli.mjs in a child process, as a user would; tests that need it skip with
// a one-line reason when `npm run build` has not produced it.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './shared.js';

export const cliPath = join(repoRoot, 'dist/cli.mjs');
export const needsBuild: { skip: string | false } = { skip: existsSync(cliPath) ? false : 'dist/cli.mjs is missing: run npm run build' };

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `node dist/cli.mjs ...args`, with a time limit so that a hang fails the test instead of stalling it. */
export function runCli(args: readonly string[], opts: SpawnSyncOptions = {}): CliResult {
  const r = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', timeout: 60_000, cwd: repoRoot, ...opts });
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}
