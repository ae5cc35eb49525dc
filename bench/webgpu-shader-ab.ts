// A/B timing of two versions of the model's kernels (issue #11): two folders of shaders/model/*.wgsl
// (a copy of the folder before a change, and after it) compiled side by side on one device and
// run interleaved on the same structure and edges, one force call each per repetition, GPU time
// per kernel from timestamp queries (summed over layers), then the median ratio A/B and whether
// the two gave the same bits (energies or forces). For software adapters, where timings move
// with the machine's load: the ratio in one run is what means something. Asserts nothing.
//   VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json node --import tsx bench/webgpu-shader-ab.ts DIR_A DIR_B [fwd] [aspirin]
//   fwd: energies only (the forward kernels); aspirin: md17-aspirin.ckpt on aspirin, else water.ckpt on water-64;
//   CAMPJS_AB_REPS=3 repetitions.
import { join } from 'node:path';
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { openGpu } from '../host/backends/webgpu/adapter.js';
import { CampForcePass, modelOnDevice } from '../host/backends/webgpu/force-pass.js';
import { HostEdgeUpload } from '../host/backends/webgpu/host-edges.js';
import { instantiateCore } from '../host/backends/wasm/wasm.js';
import { Workspace } from '../host/backends/wasm/workspace.js';
import { NeighborList } from '../host/backends/wasm/neighbor-list.js';
import { loadCampModel } from '../host/model/load.js';
import { typeIndices } from '../host/model/camp-model.js';
import { shaders } from '../host/generated/shaders.js';
import { readXyz, readReferenceStructure } from './structures.js';
const shared = new URL('../../shared', import.meta.url).pathname;
const [dirA, dirB] = process.argv.slice(2, 4);
if (!dirA || !dirB) {
  console.log('usage: bench/webgpu-shader-ab.ts DIR_A DIR_B [fwd] [aspirin]');
  process.exit(1);
}
const fwd = process.argv.includes('fwd');
const asp = process.argv.includes('aspirin');
const gpu = await openGpu(undefined, ['timestamp-query']);
const { device } = gpu;
const model = loadCampModel(new Uint8Array(readFileSync(join(shared, asp ? 'models/md17-aspirin.ckpt' : 'models/water.ckpt'))), { file: 'm' });
const atoms = asp ? readReferenceStructure(join(shared, 'reference/md17-aspirin__rdkit.json')) : readXyz(join(shared, 'data/liquid-64.xyz'));
const ws = new Workspace(await instantiateCore());
const e = new NeighborList(ws, { cutoff: model.hparams.rCut }).build(atoms);
const host = { n: e.n, count: e.count, rowStart: e.rowStart.slice(), j: e.j.slice(), rev: e.rev.slice(), vec: e.vec.slice() };
const n = atoms.numbers.length;
const types = typeIndices(model.hparams, atoms.numbers);
const gpuEdges = new HostEdgeUpload(device).upload(host);
const buf = (bytes: number, usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC) => device.createBuffer({ size: Math.max(16, bytes), usage });
const out = fwd ? { energies: buf(4 * n) } : { energies: buf(4 * n), forces: buf(12 * n), virial: buf(36) };
const passes = [];
for (const dir of [dirA, dirB]) {
  for (const f of readdirSync(dir)) shaders[`model/${f}`] = readFileSync(join(dir, f), 'utf8');
  const m = await modelOnDevice(device, model, 'atoms');
  passes.push(new CampForcePass(m, n, types));
}
const slots = 64;
const qs = device.createQuerySet({ type: 'timestamp', count: slots });
const resolved = buf(8 * slots, GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC);
const read = buf(8 * slots, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
const res = buf(16 * n, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
const totals: number[][] = [[], []];
const outs: Float32Array[] = [];
for (let rep = 0; rep < Number(process.env.CAMPJS_AB_REPS ?? 3); rep++) for (const k of [0, 1]) {
  const enc = device.createCommandEncoder();
  const names = passes[k].encode(enc, gpuEdges, out, { timestamps: qs });
  enc.resolveQuerySet(qs, 0, 2 * names.length, resolved, 0);
  enc.copyBufferToBuffer(resolved, 0, read, 0, 16 * names.length);
  enc.copyBufferToBuffer(fwd ? out.energies : out.forces!, 0, res, 0, fwd ? 4 * n : 12 * n);
  device.queue.submit([enc.finish()]);
  await read.mapAsync(GPUMapMode.READ);
  const ns = new BigInt64Array(read.getMappedRange().slice(0)); read.unmap();
  await res.mapAsync(GPUMapMode.READ); outs[k] = new Float32Array(res.getMappedRange().slice(0)); res.unmap();
  const t = new Map<string, number>();
  names.forEach((nm, i) => t.set(nm, (t.get(nm) ?? 0) + Number(ns[2 * i + 1] - ns[2 * i]) / 1e6));
  const tot = [...t.values()].reduce((a, b) => a + b, 0);
  totals[k].push(tot);
  console.log('AB'[k], rep, tot.toFixed(0), 'ms', [...t].map(([nm, v]) => `${nm} ${v.toFixed(0)}`).join(', '));
}
let md = 0, mx = 0; for (let i = 0; i < outs[0].length; i++) { md = Math.max(md, Math.abs(outs[0][i] - outs[1][i])); mx = Math.max(mx, Math.abs(outs[0][i])); }
const med = (a: number[]) => { const s = a.slice().sort((x, y) => x - y), h = s.length >> 1; return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2; };
console.log(`load ${loadavg()[0].toFixed(1)}: A/B median ratio ${(med(totals[0]) / med(totals[1])).toFixed(2)}  max|A-B| ${md.toExponential(2)} (max |A| ${mx.toFixed(3)})  bitsEqual ${outs[0].every((x, i) => Object.is(x, outs[1][i]))}`);
process.exit(0);
