#!/usr/bin/env node
// Runs every node:test file under test/host and test/runtimes (TypeScript through tsx).
// Node 20 has no glob for --test, so the files are listed here; extra args filter by substring.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const roots = ['test/host', 'test/runtimes'];
const filters = process.argv.slice(2);
const files = [];
const walk = (dir) => {
  let names = [];
  try { names = readdirSync(dir).sort(); } catch { return; }
  for (const name of names) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.test\.(ts|mjs)$/.test(name)) files.push(relative(process.cwd(), p));
  }
};
roots.forEach(walk);
const chosen = filters.length ? files.filter((f) => filters.some((s) => f.includes(s))) : files;
if (chosen.length === 0) {
  console.error(`test-host: no test files match ${filters.join(' ')}`);
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...chosen], { stdio: 'inherit' });
process.exit(r.status ?? 1);
