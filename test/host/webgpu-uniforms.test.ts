// The GPU uniform blocks of scripts/layouts/table.mjs (GPU_UNIFORMS): the word index the host writes each field
// at (host/generated/layouts.ts) is where the WGSL struct (shaders/generated/layouts.wgsl) has it,
// as the adapter's compiler lays it out. A kernel per block copies every field back, in table
// order, from a uniform whose every word is distinct.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as layouts from '../../host/generated/layouts.js';
import { GPU_UNIFORMS } from '../../host/generated/layouts.js';
import { shaders } from '../../host/generated/shaders.js';
import { storageBuffer, readBack } from '../../host/backends/webgpu/limits.js';
import { Kernels } from '../../host/backends/webgpu/kernels.js';
import { freshGpu } from '../support/webgpu-devices.js';

const gpu = await freshGpu();
const skip = typeof gpu === 'string' ? gpu : false;

const LANES: Record<string, number> = { u32: 1, i32: 1, f32: 1, 'vec2<u32>': 2, 'vec4<f32>': 4, 'vec4<i32>': 4, 'vec4<u32>': 4 };

/** The kernel: out[k] = the k-th word of the struct's fields in table order, as u32 bits. */
function echoKernel(u: (typeof GPU_UNIFORMS)[number]): { code: string; words: number } {
  const body: string[] = [];
  let k = 0;
  for (const [name, type] of u.fields) {
    const lanes = LANES[type]!;
    for (let c = 0; c < lanes; c++) {
      const v = lanes === 1 ? `u.${name}` : `u.${name}[${c}]`;
      body.push(`  out[${k++}] = bitcast<u32>(${v});`);
    }
  }
  const code = [shaders['generated/layouts.wgsl'],
    `@group(0) @binding(0) var<uniform> u: ${u.name};`,
    '@group(0) @binding(1) var<storage, read_write> out: array<u32>;',
    '@compute @workgroup_size(1)', 'fn main() {', ...body, '}'].join('\n');
  return { code, words: k };
}

for (const u of GPU_UNIFORMS) {
  test(`uniform ${u.name}: every field sits at the word ${u.record} gives it`, { skip }, async () => {
    const device = (gpu as Exclude<typeof gpu, string>).device;
    const record = (layouts as unknown as Record<string, Record<string, number>>)[u.record]!;
    // Distinct words that are also ordinary f32 values (no NaN patterns for the f32 fields to canonicalise).
    const words = new Float32Array(record.WORDS!).map((_, k) => (k + 1) * 1.5);
    const bits = new Uint32Array(words.buffer);
    const { code, words: n } = echoKernel(u);
    const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code }), entryPoint: 'main' } });
    const kernels = new Kernels(device);
    const out = storageBuffer(device, 4 * n, 'test.echo');
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, kernels.bind(pipeline, [kernels.uniform(bits, `test.${u.name}`), out]));
    pass.dispatchWorkgroups(1);
    pass.end();
    device.queue.submit([enc.finish()]);
    const got = new Uint32Array(await readBack(device, out, 4 * n));
    let k = 0;
    for (const [name, type] of u.fields) {
      for (let c = 0; c < LANES[type]!; c++, k++) {
        assert.equal(got[k], bits[record[name]! + c], `${u.name}.${name}[${c}]: the kernel read word ${bits.indexOf(got[k]!)}, the host writes it at ${record[name]! + c}`);
      }
    }
    assert.equal(n, record.WORDS, `${u.name}: the fields cover the block`);
  });
}
