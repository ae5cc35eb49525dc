// Fresh WebGPU devices for the neighbour-list and MD tests (a device-loss test destroys its own):
// SwiftShader through npm `webgpu` unless VK_ICD_FILENAMES says otherwise; tests skip with the
// reason when no adapter can be had. Also the water boxes they search.
import { existsSync, readFileSync } from 'node:fs';
import { openGpu, type GpuHandle } from '../../host/backends/webgpu/adapter.js';
import { parseExtxyz } from '../../host/io/extxyz-read.js';
import type { Atoms } from '../../host/atoms.js';

const SWIFTSHADER = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER)) process.env.VK_ICD_FILENAMES = SWIFTSHADER;

/** A new device with WebGPU's default limits, or the reason there is none. */
export async function freshGpu(): Promise<GpuHandle | string> {
  try {
    return await openGpu();
  } catch (e) {
    return `no WebGPU adapter here (${(e as Error).message})`;
  }
}

/** examples/water-64.xyz repeated reps×reps×reps (64·3·reps³ atoms, cubic, periodic). */
export function waterBox(reps: number): Atoms {
  const [frame] = parseExtxyz(readFileSync(new URL('../../examples/water-64.xyz', import.meta.url), 'utf8'), 'water-64.xyz');
  const { positions, numbers, cell } = frame.atoms;
  const L = cell![0];
  const n = numbers.length;
  const pos = new Float64Array(3 * n * reps ** 3);
  const nums: number[] = [];
  let k = 0;
  for (let a = 0; a < reps; a++) for (let b = 0; b < reps; b++) for (let c = 0; c < reps; c++) {
    for (let i = 0; i < n; i++) {
      pos[3 * k] = positions[3 * i] + a * L;
      pos[3 * k + 1] = positions[3 * i + 1] + b * L;
      pos[3 * k + 2] = positions[3 * i + 2] + c * L;
      nums.push(numbers[i]);
      k++;
    }
  }
  const l = reps * L;
  return { numbers: nums, positions: pos, cell: Float64Array.of(l, 0, 0, 0, l, 0, 0, 0, l), pbc: [true, true, true] };
}
