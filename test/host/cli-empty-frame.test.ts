// eval of a file with a 0-atom frame used to print NaN and exit 0; the reader now refuses the
// frame, naming file and line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { needsBuild, runCli } from '../support/cli.js';
import { needsShared, sharedPath } from '../support/shared.js';

test('built CLI: eval refuses a 0-atom frame naming the line', { skip: needsBuild.skip || needsShared.skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'campjs-empty-'));
  const input = join(dir, 'empty.xyz');
  writeFileSync(input, '2\n\nH 0 0 0\nH 0 0 0.74\n0\n\n');
  const r = runCli(['eval', '--model', sharedPath('models/water.ckpt'), input]);
  assert.equal(r.status, 1, r.stdout);
  assert.doesNotMatch(r.stdout + r.stderr, /NaN/);
  assert.match(r.stderr, /empty\.xyz:5: frame declares 0 atoms; a structure needs at least one atom/);
});
