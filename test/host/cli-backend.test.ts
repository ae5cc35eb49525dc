// `--backend` on the command line (md, eval, opt): wasm and auto run, webgpu is refused with the
// issue that brings it, anything else is named; refusals come before any file is read or
// written; a receipt records the backend (informational: results do not depend on it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { needsBuild, runCli } from '../support/cli.js';
import { fccCrystal } from '../support/lattices.js';
import { formatExtxyz } from '../../host/io/extxyz.js';

const SPEC = 'lj:epsilon=0.0104,sigma=3.4,cutoff=8.5,shift=force';

function argon(dir: string): string {
  const file = join(dir, 'ar.xyz');
  writeFileSync(file, formatExtxyz([{ atoms: fccCrystal(18, 5.26, 2), info: {}, arrays: {} }]));
  return file;
}

test('CLI --backend: webgpu for a pair potential and unknown names are refused before anything is written, in md, eval and opt', needsBuild, () => {
  const dir = mkdtempSync(join(tmpdir(), 'campjs-backend-'));
  const input = argon(dir);
  const traj = join(dir, 'md.extxyz');
  for (const args of [
    ['md', '--model', SPEC, input, '--steps', '2', '--traj', traj],
    ['eval', '--model', join(dir, 'missing.ckpt'), input],
    ['opt', '--model', SPEC, input],
  ]) {
    if (args[2] === SPEC) {
      const gpu = runCli([...args, '--backend', 'webgpu']);
      assert.equal(gpu.status, 1, `${args[0]}: ${gpu.stderr}`);
      assert.match(gpu.stderr, /--backend webgpu: lj:.* is a pair potential, which runs in the Wasm core; webgpu is for CAMP models/);
    }
    const typo = runCli([...args, '--backend', 'gpu']);
    assert.equal(typo.status, 1);
    assert.match(typo.stderr, /--backend: 'gpu' must be one of auto, wasm, webgpu/);
  }
  assert.equal(existsSync(traj), false, 'no output was started');
});

test('CLI --backend wasm / auto: the same run, and the receipt names the backend', needsBuild, () => {
  const dir = mkdtempSync(join(tmpdir(), 'campjs-backend-'));
  const input = argon(dir);
  const hashes = ['wasm', 'auto'].map((backend) => {
    const receipt = join(dir, `${backend}.json`);
    const r = runCli(['md', '--model', SPEC, input, '--steps', '3', '--temperature', '40', '--ensemble', 'langevin', '-q', '--receipt', receipt, '--backend', backend]);
    assert.equal(r.status, 0, r.stderr);
    const json = JSON.parse(readFileSync(receipt, 'utf8'));
    assert.equal(json.model.backend, 'wasm');
    return json.outcome.sha256;
  });
  assert.equal(hashes[0], hashes[1]);
  const help = runCli(['md', '--help']);
  assert.match(help.stdout, /--backend B +where the model runs: auto \| wasm \| webgpu/);
});
