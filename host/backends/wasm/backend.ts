// The Wasm backend: one core instance per device, its linear memory holding the packed model,
// the neighbour list, the activations and the runs' state (a Workspace names the buffers).
// Everything answers synchronously.
import type { Backend, Device, EvaluatorOptions, NeighborSearchOptions } from '../backend.js';
import type { CampModel } from '../../model/camp-model.js';
import { WasmCampEvaluator } from './evaluator.js';
import { MdMemory } from './md-memory.js';
import { NeighborList } from './neighbor-list.js';
import { instantiateCore } from './wasm.js';
import { Workspace } from './workspace.js';

export class WasmDevice implements Device {
  readonly backend = 'wasm';
  private lists = 0;

  constructor(readonly ws: Workspace) {}

  get memoryBytes(): number {
    return this.ws.memory.buffer.byteLength;
  }

  createNeighborList(options: NeighborSearchOptions): NeighborList {
    return new NeighborList(this.ws, { ...options, name: `nl${this.lists++}` }); // several may share the device
  }

  createEvaluator(model: CampModel, options: EvaluatorOptions = {}): WasmCampEvaluator {
    return new WasmCampEvaluator(this.ws, model, options);
  }

  createRunState(n: number, chainLength: number): MdMemory {
    return MdMemory.inWorkspace(this.ws, n, chainLength);
  }
}

export const wasmBackend: Backend = {
  name: 'wasm',
  async open(): Promise<WasmDevice> {
    return new WasmDevice(new Workspace(await instantiateCore()));
  },
};
