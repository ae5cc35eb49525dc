// The WebGPU section of `npm run bench`: force-call time (energy + forces, edges uploaded from
// the host neighbour list, results read back) of the CAMP model on the GPU side by side with
// the Wasm core's f32 in the same run, and a per-kernel breakdown from timestamp queries where
// the adapter has them. Water 192 (liquid-64) and aspirin always; larger water supercells
// (k×k×k up to CAMPJS_BENCH_WEBGPU_MAX_K, default 3) only on a hardware adapter: a software
// one (SwiftShader) runs kernels on the CPU, its speed says nothing about GPUs.
import { join } from 'node:path';
import type { Atoms } from '../host/atoms.js';
import { openGpu, type GpuHandle } from '../host/backends/webgpu/adapter.js';
import { softwareAdapter } from '../host/backends/webgpu/backend.js';
import { noWebGpuHere } from '../host/backends/webgpu/presence.js';
import { WebGpuEvaluator } from '../host/backends/webgpu/evaluator.js';
import { CampForcePass } from '../host/backends/webgpu/force-pass.js';
import { modelSizes, uploadPlan } from '../host/backends/webgpu/model-buffers.js';
import { buildKernels, type KernelMapping, type KernelName } from '../host/backends/webgpu/model-kernels.js';
import { HostEdgeUpload, type HostEdges } from '../host/backends/webgpu/host-edges.js';
import { instantiateCore } from '../host/backends/wasm/wasm.js';
import { Workspace } from '../host/backends/wasm/workspace.js';
import { NeighborList } from '../host/backends/wasm/neighbor-list.js';
import { WasmCampEvaluator } from '../host/backends/wasm/evaluator.js';
import { loadCampModel } from '../host/model/load.js';
import { packModel } from '../host/model/pack.js';
import { typeIndices, type CampModel } from '../host/model/camp-model.js';
import { readReferenceStructure, readXyz, replicate } from './structures.js';
import { fmt } from './timing.js';
import { readFileSync } from 'node:fs';

interface Case { readonly name: string; readonly model: string; readonly atoms: Atoms }

/** Median of `runs` awaited calls after one warm-up (each call: upload, compute, read back). */
async function timeAsync(fn: () => Promise<unknown>, runs: number): Promise<number> {
  await fn();
  const samples: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return samples.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

/** GPU time per kernel (ms, summed over layers) of one evaluation, from timestamp queries. */
async function kernelTimes(gpu: GpuHandle, model: CampModel, atoms: Atoms, edges: HostEdges, mapping: KernelMapping): Promise<Map<KernelName, number>> {
  const { device } = gpu;
  const packed = packModel(model), sizes = modelSizes(packed);
  const m = { device, packed, sizes, plan: uploadPlan(device, packed), kernels: await buildKernels(device, sizes, mapping), mapping };
  const n = atoms.numbers.length;
  const pass = new CampForcePass(m, n, typeIndices(model.hparams, atoms.numbers));
  const gpuEdges = new HostEdgeUpload(device).upload(edges);
  const buf = (bytes: number, usage = GPUBufferUsage.STORAGE) => device.createBuffer({ size: Math.max(16, bytes), usage });
  const out = { energies: buf(4 * n), forces: buf(12 * n), virial: buf(36) };
  const slots = 2 * (6 * sizes.LAYERS + 3); // 3 forward and 3 reverse dispatches per layer (one fewer), forces, 2 virial
  const querySet = device.createQuerySet({ type: 'timestamp', count: slots });
  const resolved = buf(8 * slots, GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC);
  const read = buf(8 * slots, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
  const encoder = device.createCommandEncoder();
  const names = pass.encode(encoder, gpuEdges, out, { timestamps: querySet });
  encoder.resolveQuerySet(querySet, 0, 2 * names.length, resolved, 0);
  encoder.copyBufferToBuffer(resolved, 0, read, 0, 16 * names.length);
  device.queue.submit([encoder.finish()]);
  await read.mapAsync(GPUMapMode.READ);
  const ns = new BigInt64Array(read.getMappedRange().slice(0));
  read.unmap();
  const times = new Map<KernelName, number>();
  names.forEach((k, i) => times.set(k, (times.get(k) ?? 0) + Number(ns[2 * i + 1] - ns[2 * i]) / 1e6));
  pass.destroy();
  return times;
}

export async function benchWebGpu(shared: string): Promise<void> {
  console.log('\nWebGPU (energy + forces per call: edges uploaded from the host neighbour list, results read back; f32)');
  const absent = await noWebGpuHere();
  if (absent) {
    console.log(`  skipped: ${absent} (SwiftShader: VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json)`);
    return;
  }
  let gpu: GpuHandle;
  try {
    gpu = await openGpu(undefined, ['timestamp-query']);
  } catch (e) {
    console.log(`  skipped: ${(e as Error).message}`);
    return;
  }
  const software = softwareAdapter(gpu);
  console.log(`  adapter: ${gpu.description}${software ? ` — ${software}: timings below say nothing about real GPUs` : ''}`);
  const water = readXyz(join(shared, 'data/liquid-64.xyz'));
  const maxK = software ? 1 : Number(process.env.CAMPJS_BENCH_WEBGPU_MAX_K ?? 3);
  const cases: Case[] = [
    { name: 'aspirin', model: 'md17-aspirin.ckpt', atoms: readReferenceStructure(join(shared, 'reference/md17-aspirin__rdkit.json')) },
    ...Array.from({ length: maxK }, (_, k) => ({ name: k === 0 ? 'water-64' : `water ${k + 1}×${k + 1}×${k + 1}`, model: 'water.ckpt', atoms: replicate(water, k + 1) })),
  ];
  const runs = software ? 1 : 5;
  const ws = new Workspace(await instantiateCore());
  const timestamps = gpu.device.features.has('timestamp-query');
  // The mapping the backend picks on this adapter first; on a hardware GPU the other one too.
  const mappings: KernelMapping[] = software ? ['atoms'] : ['groups', 'atoms'];
  console.log('  system           atoms    edges   mapping   webgpu ms   wasm f32 ms   webgpu/wasm');
  for (const c of cases) {
    const model = loadCampModel(new Uint8Array(readFileSync(join(shared, 'models', c.model))), { file: c.model });
    const nl = new NeighborList(ws, { cutoff: model.hparams.rCut });
    const edges = nl.build(c.atoms);
    // A copy: the list's views on Wasm memory detach when the Wasm evaluator grows it.
    const host = { n: edges.n, count: edges.count, rowStart: edges.rowStart.slice(), j: edges.j.slice(), rev: edges.rev.slice(), vec: edges.vec.slice() };
    const n = c.atoms.numbers.length, types = typeIndices(model.hparams, c.atoms.numbers);
    const opts = { precision: 'f32' as const, forces: true, virial: false };
    const w = new WasmCampEvaluator(ws, model);
    const wasmMs = await timeAsync(async () => w.evaluate(n, types, edges, opts), runs);
    for (const mapping of mappings) {
      const g = await WebGpuEvaluator.create(gpu.device, model, () => host, mapping);
      const gpuMs = await timeAsync(() => g.evaluate(n, types, edges, opts), runs);
      console.log(`  ${c.name.padEnd(15)} ${String(n).padStart(6)} ${String(edges.count).padStart(8)}   ${mapping.padEnd(7)} ${fmt(gpuMs, 1).padStart(11)} ${fmt(wasmMs, 1).padStart(13)} ${fmt(gpuMs / wasmMs, 2).padStart(12)}×`);
      if (timestamps) {
        const t = await kernelTimes(gpu, model, c.atoms, host, mapping);
        console.log(`    per kernel (ms): ${[...t].map(([k, ms]) => `${k} ${fmt(ms, ms < 10 ? 2 : 0)}`).join(', ')}`);
      }
    }
  }
}
