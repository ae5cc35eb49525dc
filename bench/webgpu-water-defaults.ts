// Issue #11's limits acceptance on a large water box: water-64 replicated k×k×k (k = 5: 24,000
// atoms, ../shared/models/water.ckpt) evaluated (energy + forces) on a WebGPU device granted only
// WebGPU's default limits (openGpu() asks for nothing more: 128 MiB per storage binding), beside
// the Wasm core in f32 on the same structure and edges: time per call of each, ΔE per atom and
// max |ΔF|. Appends its lines to CAMPJS_DEFAULTS_LOG (if set). Asserts nothing.
//   VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json nice -n 5 node --import tsx bench/webgpu-water-defaults.ts
//   CAMPJS_DEFAULTS_K=5 (default)   CAMPJS_DEFAULTS_LOG=/tmp/defaults.log
// Measured on SwiftShader (2-core machine, shared): see bench/webgpu-acceptance.md.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { openGpu } from '../host/backends/webgpu/adapter.js';
import { WebGpuEvaluator } from '../host/backends/webgpu/evaluator.js';
import { instantiateCore } from '../host/backends/wasm/wasm.js';
import { Workspace } from '../host/backends/wasm/workspace.js';
import { NeighborList } from '../host/backends/wasm/neighbor-list.js';
import { WasmCampEvaluator } from '../host/backends/wasm/evaluator.js';
import { loadCampModel } from '../host/model/load.js';
import { typeIndices } from '../host/model/camp-model.js';
import { readXyz, replicate } from './structures.js';

const shared = new URL('../../shared', import.meta.url).pathname;
const k = Number(process.env.CAMPJS_DEFAULTS_K ?? 5);
const log = process.env.CAMPJS_DEFAULTS_LOG;
const say = (line: string): void => {
  console.log(line);
  if (log) appendFileSync(log, `${line}\n`);
};
if (!existsSync(join(shared, 'models/water.ckpt'))) {
  console.log('webgpu-water-defaults: ../shared/models/water.ckpt not found; nothing measured');
  process.exit(0);
}
const model = loadCampModel(new Uint8Array(readFileSync(join(shared, 'models/water.ckpt'))), { file: 'water.ckpt' });
const atoms = replicate(readXyz(join(shared, 'data/liquid-64.xyz')), k);
const n = atoms.numbers.length, types = typeIndices(model.hparams, atoms.numbers);
const ws = new Workspace(await instantiateCore());
const edges = new NeighborList(ws, { cutoff: model.hparams.rCut }).build(atoms);
// A copy: the list's views on Wasm memory detach when the Wasm evaluator grows it.
const host = { n: edges.n, count: edges.count, rowStart: edges.rowStart.slice(), j: edges.j.slice(), rev: edges.rev.slice(), vec: edges.vec.slice() };
const opts = { precision: 'f32' as const, forces: true, virial: false };

const gpu = await openGpu();
say(`water ${k}×${k}×${k}: ${n} atoms, ${host.count} edges; device maxStorageBufferBindingSize ${gpu.device.limits.maxStorageBufferBindingSize / 2 ** 20} MiB (${gpu.description}); load ${loadavg()[0].toFixed(1)}`);
let t0 = performance.now();
const w = new WasmCampEvaluator(ws, model).evaluate(n, types, edges, opts);
const wasmS = (performance.now() - t0) / 1000;
const wasm = { energy: w.energy, forces: w.forces!.slice() };
say(`wasm f32: E ${wasm.energy.toFixed(4)} eV, ${wasmS.toFixed(1)} s`);
const g = await WebGpuEvaluator.create(gpu.device, model, () => host, 'atoms');
t0 = performance.now();
const r = await g.evaluate(n, types, edges, opts);
const gpuS = (performance.now() - t0) / 1000;
let maxDf = 0;
for (let i = 0; i < 3 * n; i++) maxDf = Math.max(maxDf, Math.abs(r.forces![i] - wasm.forces[i]));
say(`webgpu (defaults): E ${r.energy.toFixed(4)} eV, ${gpuS.toFixed(1)} s (load ${loadavg()[0].toFixed(1)}); ΔE/atom ${((r.energy - wasm.energy) / n).toExponential(2)} eV, max |ΔF| ${maxDf.toExponential(2)} eV/Å`);
process.exit(0);
