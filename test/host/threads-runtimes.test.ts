// Threads in Deno and Bun (issue #14), through the built bundle dist/campjs.mjs: 2 and 3 threads
// give the bits of one thread and of Node, and a program that never closes its calculators still
// exits (the workers are unreferenced). A runtime that is not installed is skipped with the reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../support/shared.js';
import { binaries, quietEnv, type Found } from '../runtimes/runners/binaries.js';

const bundle = join(repoRoot, 'dist/campjs.mjs');

/** Prints, per thread count, the threads used and the bits of energy and forces; closes nothing. */
const SCRIPT = `
const { loadModel, parseExtxyz } = await import(${JSON.stringify(pathToFileURL(bundle).href)});
const { readFileSync } = await import('node:fs');
const atoms = parseExtxyz(readFileSync(${JSON.stringify(join(repoRoot, 'examples/aspirin.xyz'))}, 'utf8'), 'aspirin.xyz')[0].atoms;
const out = [];
for (const threads of [1, 2, 3]) {
  const calc = await loadModel('default', { threads, precision: 'f32' });
  const r = calc.compute(atoms);
  const bits = new Uint8Array(new Float64Array([r.energy, ...r.forces]).buffer);
  out.push({ threads: calc.threads, warnings: calc.warnings, bits: Array.from(bits, (b) => b.toString(16).padStart(2, '0')).join('') });
}
console.log(JSON.stringify(out));
`;

function run(found: Found, args: readonly string[]): { threads: number; warnings: string[]; bits: string }[] {
  const dir = mkdtempSync(join(tmpdir(), 'campjs-threads-rt-')), script = join(dir, 'threads.mjs');
  writeFileSync(script, SCRIPT);
  const r = spawnSync(found.path!, [...args, script], { encoding: 'utf8', timeout: 60_000, env: quietEnv });
  assert.equal(r.error, undefined, `did not exit within 60 s (workers keeping it alive?): ${String(r.error)}`);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}

const runtimes: [string, Found, string[]][] = [
  ['node', binaries.node(), []], ['deno', binaries.deno(), ['run', '-A']], ['bun', binaries.bun(), []],
];

for (const [name, found, args] of runtimes) {
  const skip = !existsSync(bundle) ? 'dist/campjs.mjs is missing: run npm run build' : found.missing ?? false;
  test(`${name}: 2 and 3 threads give one thread's bits (and Node's), and the program exits without close()`, { skip }, () => {
    const results = run(found, args);
    assert.deepEqual(results.map((r) => r.threads), [1, 2, 3]);
    assert.deepEqual(results.flatMap((r) => r.warnings), []);
    for (const r of results) assert.equal(r.bits, results[0]!.bits, `${r.threads} threads`);
    if (name !== 'node') assert.equal(results[0]!.bits, run(binaries.node(), [])[0]!.bits, 'differs from Node');
  });
}
