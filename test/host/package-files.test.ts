// `npm pack` must produce a working package: every file package.json points at (bin, exports,
// types) is in the tarball, and what the bundles import at run time is a dependency.
// (Installing the tarball needs the registry; that was checked by hand, see the README.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/shared.js';
import { needsBuild } from '../support/cli.js';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));

/** Every file path in package.json's bin, exports (all conditions) and types. */
function pointedAt(): string[] {
  const paths: string[] = [...Object.values(pkg.bin as Record<string, string>), pkg.types];
  const walk = (x: unknown): void => {
    if (typeof x === 'string') paths.push(x);
    else if (x && typeof x === 'object') Object.values(x).forEach(walk);
  };
  walk(pkg.exports);
  return [...new Set(paths.map((p) => p.replace(/^\.\//, '')))];
}

/** The paths `npm pack` would put in the tarball. */
function packedFiles(): Set<string> {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  return new Set((JSON.parse(r.stdout)[0].files as { path: string }[]).map((f) => f.path));
}

test('npm pack --dry-run lists the bundles, the wasm, the CLI and the types', needsBuild, () => {
  const files = packedFiles();
  for (const p of ['dist/campjs.mjs', 'dist/cli.mjs', 'dist/campjs.wasm', 'dist/campjs-worker.mjs', 'dist/types/host/index.d.ts', ...pointedAt()]) {
    assert.ok(files.has(p), `${p} is not in the package`);
  }
  assert.ok(![...files].some((f) => f.startsWith('test/') || f.startsWith('host/') || f.startsWith('node_modules/')), 'sources or tests leaked into the package');
});

test('the CLI is executable by npx and its run-time imports are dependencies', needsBuild, () => {
  const cli = readFileSync(join(repoRoot, 'dist/cli.mjs'), 'utf8');
  assert.ok(cli.startsWith('#!/usr/bin/env node\n'), 'dist/cli.mjs lacks its shebang');
  // esbuild leaves these as imports (fflate) or run-time requires (cli-progress, see progress.ts).
  const bundles = cli + readFileSync(join(repoRoot, 'dist/campjs.mjs'), 'utf8');
  for (const dep of ['cli-progress', 'fflate']) {
    if (bundles.includes(`'${dep}'`) || bundles.includes(`"${dep}"`)) assert.ok(pkg.dependencies?.[dep], `${dep} is imported at run time but not a dependency`);
  }
  assert.ok(bundles.includes('"cli-progress"') || bundles.includes("'cli-progress'"), 'cli-progress is expected as a run-time require');
});

test('the package carries the built-in model: embedded in every bundle, and its file and card beside', needsBuild, () => {
  const files = packedFiles();
  for (const p of ['models/campjs-hcno/MODEL.md', 'models/campjs-hcno/campjs-hcno.campjs']) assert.ok(files.has(p), `${p} is not in the package`);
  const base64 = readFileSync(join(repoRoot, 'models/campjs-hcno/campjs-hcno.campjs')).toString('base64');
  for (const bundle of ['dist/campjs.mjs', 'dist/cli.mjs', 'dist/campjs-worker.mjs']) {
    assert.ok(readFileSync(join(repoRoot, bundle), 'utf8').includes(base64), `${bundle} does not embed models/campjs-hcno/campjs-hcno.campjs (rebuild)`);
  }
});
