// webgpu-bits.mjs in Node or Deno: prints its result as one JSON line.
import * as campjs from '../../dist/campjs.mjs';
import { webgpuBits } from './webgpu-bits.mjs';

console.log(JSON.stringify(await webgpuBits(campjs)));
