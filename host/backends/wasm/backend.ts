// The Wasm backend: one core instance per device, its linear memory holding the packed model,
// the neighbour list, the activations and the runs' state (a Workspace names the buffers).
// Everything answers synchronously.
import type { Backend, Device, DeviceOptions, EvaluatorOptions, NeighborSearchOptions } from '../backend.js';
import type { CampModel } from '../../model/camp-model.js';
import { WasmCampEvaluator } from './evaluator.js';
import { MdMemory } from './md-memory.js';
import { NeighborList } from './neighbor-list.js';
import { instantiateCore } from './wasm.js';
import { Workspace } from './workspace.js';
import { openThreaded } from '../wasm-threads/open.js';
import { threadCount } from '../wasm-threads/support.js';
import type { ThreadPool } from '../wasm-threads/thread-pool.js';

export class WasmDevice implements Device {
  readonly backend = 'wasm';
  private lists = 0;

  /** `pool`: the threaded core's workers, which join every model evaluation (wasm-threads/). */
  constructor(readonly ws: Workspace, private readonly pool?: ThreadPool, readonly warnings: readonly string[] = []) {}

  get threads(): number {
    return this.pool?.threads ?? 1;
  }

  /** Ends the workers (a threaded device; nothing otherwise). The device must not be used after. */
  close(): void {
    this.pool?.close();
  }

  get memoryBytes(): number {
    return this.ws.memory.buffer.byteLength;
  }

  createNeighborList(options: NeighborSearchOptions): NeighborList {
    return new NeighborList(this.ws, { ...options, name: `nl${this.lists++}` }); // several may share the device
  }

  createEvaluator(model: CampModel, options: EvaluatorOptions = {}): WasmCampEvaluator {
    return new WasmCampEvaluator(this.ws, model, options, this.pool);
  }

  createRunState(n: number, chainLength: number): MdMemory {
    return MdMemory.inWorkspace(this.ws, n, chainLength);
  }
}

export const wasmBackend: Backend = {
  name: 'wasm',
  async open(options: DeviceOptions = {}): Promise<WasmDevice> {
    // threads 1 (or none) is the default core exactly: no shared memory, no workers.
    if (threadCount(options.threads) > 1) return openThreaded(options.threads!);
    return new WasmDevice(new Workspace(await instantiateCore()));
  },
};
