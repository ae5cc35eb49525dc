// Opens a Wasm device on n threads: the threaded core and its workers where the runtime allows
// (support.ts), else the default core on one thread with a warning saying why.
import { WasmDevice } from '../wasm/backend.js';
import { instantiateCore } from '../wasm/wasm.js';
import { Workspace } from '../wasm/workspace.js';
import { threadsUnavailable } from './support.js';
import { instantiateThreadedCore, ThreadPool } from './thread-pool.js';

/** `threads` > 1, checked by threadCount. */
export async function openThreaded(n: number): Promise<WasmDevice> {
  const why = threadsUnavailable();
  if (why) return new WasmDevice(new Workspace(await instantiateCore()), undefined, [`threads: ${n} asked for, running on 1 thread: ${why}`]);
  const core = await instantiateThreadedCore();
  const ws = new Workspace(core);
  return new WasmDevice(ws, await ThreadPool.start(ws, core, n));
}
