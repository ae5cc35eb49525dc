// The CLI (dist/cli.mjs, one file) under Node, Deno and Bun: the same arguments must give the
// same exit code, the same stdout and byte-identical output files in every runtime. Commands
// not in the CLI's registry yet are skipped with that reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { haveShared, needsShared, repoRoot, sharedPath, SKIP_NO_SHARED } from '../support/shared.js';
import { binaries, pathOf, quietEnv } from './runners/binaries.js';
import { SERVER_RUNTIMES, type ServerRuntime } from './runners/server.js';
import { MD_CLUSTER_RADIUS } from './runners/inputs.js';
import { waterCluster } from './runners/water-cluster.js';

const cli = join(repoRoot, 'dist/cli.mjs');
const OUT = '{out}';

interface CliCase {
  readonly args: readonly string[];
  /** Subcommand that must be registered for the case to run. */
  readonly needs?: string;
  readonly needsShared?: boolean;
  /** stderr is compared too (no timings or progress in it). */
  readonly sameStderr?: boolean;
  /** Expected exit code (default 0). */
  readonly code?: number;
  /** Bytes of output files that legitimately differ between runs (a timestamp), masked before comparing. */
  readonly volatile?: RegExp;
}

const model = sharedPath('models/water.ckpt');
const structure = sharedPath('data/liquid-64.xyz');
// MD and relaxation start from a 30-atom water cluster (fast), written once for all runtimes.
const inputs = mkdtempSync(join(tmpdir(), 'campjs-cli-inputs-'));
const cluster = join(inputs, 'cluster.xyz');
if (haveShared) writeFileSync(cluster, waterCluster(readFileSync(structure, 'utf8'), MD_CLUSTER_RADIUS));
test.after(() => rmSync(inputs, { recursive: true, force: true }));
const MD_ARGS = ['md', '--model', model, cluster, '--steps', '20', '--ensemble', 'langevin', '--temperature', '300', '--seed', '3', '--every', '5', '-q'];
const CASES: readonly CliCase[] = [
  { args: ['--version'], sameStderr: true },
  { args: ['--help'], sameStderr: true },
  { args: ['no-such-command'], sameStderr: true, code: 2 },
  { args: ['info', model, '--json'], needs: 'info', needsShared: true },
  // The .campjs header records when it was converted ("created": ISO time); the rest must match.
  { args: ['convert', model, '-o', `${OUT}/water.campjs`], needs: 'convert', needsShared: true, volatile: /"created":"[^"]*"/g },
  { args: ['eval', '--model', model, structure, '-o', `${OUT}/eval.xyz`], needs: 'eval', needsShared: true },
  { args: ['eval', '--model', model, structure, '--precision', 'f32', '-o', `${OUT}/eval.json`], needs: 'eval', needsShared: true },
  {
    args: [...MD_ARGS, '--traj', `${OUT}/traj.xyz`, '--log', `${OUT}/thermo.csv`, '--receipt', `${OUT}/receipt.json`, '--state-out', `${OUT}/state.bin`],
    needs: 'md', needsShared: true,
  },
  // fmax 1e-6 eV/Å is out of reach in 15 steps: exit 1 (not converged), still with output.
  { args: ['opt', '--model', model, cluster, '--fmax', '1e-6', '--steps', '15', '-o', `${OUT}/relaxed.xyz`], needs: 'opt', needsShared: true, code: 1 },
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

/** Subcommands the built CLI lists under 'commands:' in its usage (`campjs --help`, on stdout). */
async function registered(): Promise<Set<string>> {
  const { stdout } = await runCli('node', ['--help']);
  const list = stdout.split(/\n\s*\n/).find((block) => block.startsWith('commands:')) ?? '';
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
    const label = `campjs ${c.args.map((a) => a.replace(/^\/.*\//, '')).join(' ')}`;
    await t.test(label.length > 90 ? `${label.slice(0, 89)}…` : label, { skip }, async () => {
      const runs = await Promise.all(runtimes.map(async (rt) => [rt, await runCli(rt, c.args)] as const));
      const [[firstRt, first], ...rest] = runs as [readonly [ServerRuntime, CliRun], ...(readonly [ServerRuntime, CliRun])[]];
      assert.equal(first.code, c.code ?? 0, `${firstRt} exit code; stderr: ${first.stderr}`);
      const mask = (b: Buffer) => (c.volatile ? Buffer.from(b.toString('latin1').replace(c.volatile, '*'), 'latin1') : b);
      for (const [rt, r] of rest) {
        assert.equal(r.code, first.code, `${rt} exit code vs ${firstRt}; stderr: ${r.stderr}`);
        assert.equal(r.stdout, first.stdout, `${rt} stdout vs ${firstRt}`);
        if (c.sameStderr) assert.equal(r.stderr, first.stderr, `${rt} stderr vs ${firstRt}`);
        assert.deepEqual(Object.keys(r.files), Object.keys(first.files), `${rt} wrote other files than ${firstRt}`);
        for (const [name, bytes] of Object.entries(first.files)) assert.ok(mask(bytes).equals(mask(r.files[name]!)), `${rt}: ${name} differs from ${firstRt}'s`);
      }
      const files = Object.entries(first.files).map(([f, b]) => `${f} (${b.length} B)`).join(', ') || 'no files';
      t.diagnostic(`campjs ${c.args[0]}: exit ${first.code}, ${first.stdout.length} B stdout, ${files}; same in ${runtimes.join(', ')}`);
    });
  }
});

test('an MD receipt written by Node verifies as identical in Deno and Bun', { ...needsShared, timeout: 60_000 }, async (t) => {
  if (!(await registered()).has('verify')) return t.skip("'verify' is not in the CLI yet");
  const dir = mkdtempSync(join(tmpdir(), 'campjs-receipt-'));
  try {
    const receipt = join(dir, 'receipt.json');
    const made = await runCli('node', [...MD_ARGS, '--receipt', receipt]);
    assert.equal(made.code, 0, made.stderr);
    for (const rt of SERVER_RUNTIMES) {
      if (binaries[rt]().missing) continue;
      const r = await runCli(rt, ['verify', receipt, '-q']);
      assert.equal(r.code, 0, `${rt}: ${r.stdout}${r.stderr}`);
      assert.match(r.stdout, /identical/, `${rt} says: ${r.stdout}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
