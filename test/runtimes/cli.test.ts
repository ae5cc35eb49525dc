// The CLI (dist/cli.mjs, one file) under Node, Deno and Bun: the same arguments must give the
// same exit code, the same stdout and byte-identical output files in every runtime. Commands
// not in the CLI's registry yet are skipped with that reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { haveShared, repoRoot, sharedPath, SKIP_NO_SHARED } from '../support/shared.js';
import { binaries, pathOf, quietEnv } from './runners/binaries.js';
import { SERVER_RUNTIMES, type ServerRuntime } from './runners/server.js';

const cli = join(repoRoot, 'dist/cli.mjs');
const OUT = '{out}';

interface CliCase {
  readonly args: readonly string[];
  /** Subcommand that must be registered for the case to run. */
  readonly needs?: string;
  readonly needsShared?: boolean;
  /** stderr is compared too (no timings or progress in it). */
  readonly sameStderr?: boolean;
}

const model = sharedPath('models/water.ckpt');
const structure = sharedPath('data/liquid-64.xyz');
const CASES: readonly CliCase[] = [
  { args: ['--version'], sameStderr: true },
  { args: ['--help'], sameStderr: true },
  { args: ['no-such-command'], sameStderr: true },
  { args: ['info', model], needs: 'info', needsShared: true },
  { args: ['eval', model, structure, '--out', `${OUT}/eval.json`], needs: 'eval', needsShared: true },
  { args: ['md', model, structure, '--steps', '10', '--seed', '1', '--out', `${OUT}/md.xyz`], needs: 'md', needsShared: true },
];

interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Files the command wrote into its output folder, name → bytes. */
  readonly files: Record<string, Buffer>;
}

async function runCli(runtime: ServerRuntime, args: readonly string[]): Promise<CliRun> {
  const exe = pathOf(binaries[runtime]());
  const pre = runtime === 'deno' ? ['run', '-A', '--quiet'] : [];
  const dir = mkdtempSync(join(tmpdir(), `campjs-cli-${runtime}-`));
  try {
    const argv = args.map((a) => a.replaceAll(OUT, dir));
    const result = await promisify(execFile)(exe, [...pre, cli, ...argv], { cwd: repoRoot, env: quietEnv, timeout: 60_000, maxBuffer: 64 << 20 })
      .then((r) => ({ ...r, code: 0 }), (e: { code?: number; stdout?: string; stderr?: string }) => {
        if (typeof e.code !== 'number') throw e;
        return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
      });
    const files = Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f))]));
    const unplace = (s: string) => s.replaceAll(dir, OUT);
    return { code: result.code, stdout: unplace(result.stdout), stderr: unplace(result.stderr), files };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Subcommands the built CLI lists under 'commands:' in its usage (`campjs --help`, on stderr). */
async function registered(): Promise<Set<string>> {
  const { stderr } = await runCli('node', ['--help']);
  const list = stderr.split(/\n\s*\n/).find((block) => block.startsWith('commands:')) ?? '';
  return new Set(list.split('\n').slice(1).map((line) => line.trim().split(/\s+/)[0]!).filter(Boolean));
}

test('dist/cli.mjs gives the same output in Node, Deno and Bun', { timeout: 180_000 }, async (t) => {
  assert.ok(existsSync(cli), 'dist/cli.mjs missing: run `npm run build` first');
  const have = await registered();
  const runtimes = SERVER_RUNTIMES.filter((rt) => {
    const missing = binaries[rt]().missing;
    if (missing) t.diagnostic(`skipped ${rt}: ${missing}`);
    return !missing;
  });
  for (const c of CASES) {
    const skip = c.needs && !have.has(c.needs) ? `'${c.needs}' is not in the CLI yet` : c.needsShared && !haveShared ? SKIP_NO_SHARED : false;
    await t.test(`campjs ${c.args.map((a) => a.replace(/^\/.*\//, '')).join(' ')}`, { skip }, async () => {
      const runs = await Promise.all(runtimes.map(async (rt) => [rt, await runCli(rt, c.args)] as const));
      const [[firstRt, first], ...rest] = runs as [readonly [ServerRuntime, CliRun], ...(readonly [ServerRuntime, CliRun])[]];
      for (const [rt, r] of rest) {
        assert.equal(r.code, first.code, `${rt} exit code vs ${firstRt}; stderr: ${r.stderr}`);
        assert.equal(r.stdout, first.stdout, `${rt} stdout vs ${firstRt}`);
        if (c.sameStderr) assert.equal(r.stderr, first.stderr, `${rt} stderr vs ${firstRt}`);
        assert.deepEqual(Object.keys(r.files), Object.keys(first.files), `${rt} wrote other files than ${firstRt}`);
        for (const [name, bytes] of Object.entries(first.files)) assert.ok(bytes.equals(r.files[name]!), `${rt}: ${name} differs from ${firstRt}'s`);
      }
      t.diagnostic(`campjs ${c.args[0]}: exit ${first.code}, ${first.stdout.length} B stdout, files ${Object.keys(first.files).join(', ') || 'none'}; same in ${runtimes.join(', ')}`);
    });
  }
});
