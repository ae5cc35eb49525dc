// `campjs md --backend webgpu` through the built CLI on SwiftShader (ethanol, built-in model):
// nve runs on the GPU MD engine (the final state is bit-identical to CampGpuMd's from the same
// start), writes the trajectory, thermo log, receipt (backend and adapter) and a state the Wasm
// MD resumes from; an ensemble the engine does not run keeps the seam path and says so once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { needsBuild, runCli } from '../support/cli.js';
import { SWIFTSHADER_ICD, testGpu } from '../support/webgpu.js';
import { loadModel } from '../../host/api.js';
import { MD } from '../../host/md/md.js';
import { stateFromBinary } from '../../host/md/md-state.js';
import { parseExtxyz } from '../../host/io/extxyz-read.js';
import { CampGpuMd } from '../../host/backends/webgpu/camp-gpu-md.js';

const gpu = await testGpu();
const skip = needsBuild.skip ? needsBuild : typeof gpu === 'string' ? { skip: gpu } : { skip: false as const };
const env = { ...process.env, VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? SWIFTSHADER_ICD };
const INPUT = 'examples/ethanol.xyz';
const SEAM_NOTE = /--backend webgpu: --ensemble berendsen runs with the model on the GPU and the integrator in Wasm/;

test('CLI md --backend webgpu, nve: the GPU engine\'s bits, trajectory/log/receipt/state written, the state resumes on wasm', skip, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'campjs-gpu-md-'));
  const out = (f: string) => join(dir, f);
  const r = runCli(['md', INPUT, '--backend', 'webgpu', '--steps', '4', '--every', '2', '--temperature', '300', '--traj', out('t.xyz'),
    '--log', out('l.csv'), '--receipt', out('r.json'), '--state-out', out('s.bin'), '-q'], { env });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /integrator in Wasm/);
  const frames = parseExtxyz(readFileSync(out('t.xyz'), 'utf8'), 't.xyz');
  assert.deepEqual(frames.map((f) => f.info.step), [0, 2, 4]);
  const rows = readFileSync(out('l.csv'), 'utf8').trim().split('\n');
  assert.deepEqual(rows.slice(1).map((l) => Number(l.split(',')[0])), [0, 2, 4]);
  for (const row of rows.slice(1)) assert.ok(row.split(',').slice(2, 6).every((x) => Number.isFinite(Number(x))), row);
  const receipt = JSON.parse(readFileSync(out('r.json'), 'utf8'));
  assert.equal(receipt.model.backend, 'webgpu');
  assert.equal(receipt.model.adapter, (gpu as Exclude<typeof gpu, string>).description);
  assert.equal(receipt.outcome.steps, 4);
  assert.equal(receipt.outcome.error, null);

  // The same start through CampGpuMd in this process: the CLI's end state to the bit.
  const calc = await loadModel(undefined, { backend: 'wasm', precision: 'f32' });
  const [frame] = parseExtxyz(readFileSync(INPUT, 'utf8'), INPUT);
  const atoms = (await MD.create({ atoms: frame.atoms, calculator: calc, settings: { temperature: 300 } })).atoms;
  const g = await CampGpuMd.create((gpu as Exclude<typeof gpu, string>).device, calc.model, {
    numbers: atoms.numbers, positions: atoms.positions, velocities: atoms.velocities!, masses: atoms.masses!, dt: 0.5, ensemble: { kind: 'nve' },
  });
  await g.engine.run(4);
  const state = stateFromBinary(new Uint8Array(readFileSync(out('s.bin'))));
  assert.equal(state.step, 4);
  assert.deepEqual(state.positions, g.engine.state().positions);
  assert.deepEqual(state.velocities, g.engine.state().velocities);
  g.destroy();

  const resumed = runCli(['md', '--resume', out('s.bin'), '--backend', 'wasm', '--precision', 'f32', '--steps', '2', '-q'], { env });
  assert.equal(resumed.status, 0, resumed.stderr);

  // verify replays on the GPU engine too (the receipt's backend): bit for bit on this adapter.
  const verified = runCli(['verify', out('r.json'), '-q'], { env });
  assert.equal(verified.status, 0, verified.stdout + verified.stderr);
  assert.match(verified.stdout, /identical: 4 steps, 5 state hashes match/);
});

test('CLI md --backend webgpu, berendsen: the seam path, said once on stderr', skip, () => {
  const r = runCli(['md', INPUT, '--backend', 'webgpu', '--ensemble', 'berendsen', '--temperature', '300', '--steps', '2', '-q'], { env });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr.split('\n').filter((l) => SEAM_NOTE.test(l)).length, 1, r.stderr);
});
