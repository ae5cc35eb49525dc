// scripts/data/xtb-opt-reference.mjs, the reference of issue 13's relaxation check: it relaxes a
// molecule with xtb --opt, prints its bond lengths and, with --compare, fails when another
// relaxation's bonds differ by more than the tolerance. Needs Debian's xtb.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/shared.js';

const needsXtb = { skip: spawnSync('xtb', ['--version']).status === 0 ? false : 'xtb is not installed (apt-get install xtb)' };
const run = (args: string[]) =>
  spawnSync(process.execPath, [join(repoRoot, 'scripts/data/xtb-opt-reference.mjs'), ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });

// A distorted water molecule (O–H 1.05 and 0.90 Å, angle ≈ 95°) and xtb's relaxed one.
const DISTORTED = '3\n\nO 0.0 0.0 0.0\nH 1.05 0.0 0.0\nH -0.0784 0.8966 0.0\n';

test('relaxes with xtb --opt and prints the bond lengths; --compare passes a matching relaxation', needsXtb, () => {
  const dir = mkdtempSync(join(tmpdir(), 'campjs-xtbref-'));
  writeFileSync(join(dir, 'w.xyz'), DISTORTED);
  const r = run([join(dir, 'w.xyz'), '--compare', 'data/geometries/water.xyz', '--json', join(dir, 'bonds.json')]);
  assert.equal(r.status, 0, r.stderr);
  const lengths = [...r.stdout.matchAll(/^ {2}O0-H[12] +(\d\.\d{4}) +(\d\.\d{4})/gm)];
  assert.equal(lengths.length, 2, r.stdout);
  for (const [, xtb, other] of lengths) {
    assert.ok(Math.abs(Number(xtb) - 0.959) < 0.005, `O–H ${xtb} Å`); // GFN2-xTB's water O–H
    assert.ok(Math.abs(Number(xtb) - Number(other)) <= 0.03);
  }
  const json = JSON.parse(readFileSync(join(dir, 'bonds.json'), 'utf8'));
  assert.equal(json[0].bonds.length, 2);
  assert.match(r.stdout, /largest bond-length difference: 0\.00\d\d Å \(tolerance 0\.03 Å\)/);
});

test('--compare fails (exit 1) when a bond is off by more than the tolerance, and names the difference', needsXtb, () => {
  const dir = mkdtempSync(join(tmpdir(), 'campjs-xtbref-'));
  writeFileSync(join(dir, 'w.xyz'), DISTORTED);
  writeFileSync(join(dir, 'stretched.xyz'), '3\n\nO 0.0 0.0 0.0\nH 1.06 0.0 0.0\nH -0.24 0.93 0.0\n');
  const r = run([join(dir, 'w.xyz'), '--compare', join(dir, 'stretched.xyz')]);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stdout, /O0-H1 +0\.95\d\d +1\.0600 +Δ \+0\.10\d\d/);
  assert.match(r.stdout, /largest bond-length difference: 0\.10\d\d Å/);
});

test('bad input: no molecules, an unknown name, a bad level, a --compare file of other atoms', () => {
  assert.equal(run([]).status, 1);
  assert.match(run(['unobtainium']).stderr, /unobtainium: neither a file nor a system of the data set/);
  assert.match(run(['water', '--level', 'fast']).stderr, /--level fast: expected one of crude, .*tight/);
  const dir = mkdtempSync(join(tmpdir(), 'campjs-xtbref-'));
  writeFileSync(join(dir, 'two.xyz'), '3\n\nO 0 0 0\nH 1 0 0\nH 0 1 0\n3\n\nO 0 0 0\nH 1 0 0\nH 0 1 0\n');
  assert.match(run(['water', '--compare', join(dir, 'two.xyz')]).stderr, /2 frames for 1 molecules/);
});
