// WebGPU in tests: SwiftShader (Debian's chromium ships it) unless VK_ICD_FILENAMES is set
// already, one device per process, and a skip reason when no adapter can be had.
import { existsSync } from 'node:fs';
import { openGpu, type GpuHandle } from '../../host/backends/webgpu/adapter.js';

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;

let opened: Promise<GpuHandle | string> | null = null;

/** The process's GPU, or why there is none (a one-line skip reason). */
export function testGpu(): Promise<GpuHandle | string> {
  opened ??= openGpu().catch((e: Error) => `no WebGPU adapter here (${e.message.split('\n')[0]})`);
  return opened;
}
