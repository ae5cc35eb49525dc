// The app's shared state: the model (source, load options, card), the structure, and the MD
// worker that holds both. Panels read it and listen for changes; only here do model and
// structure change, so every panel sees the same ones.
import type { MdWorkerClient } from '../host/worker/md-worker-client.js';
import type { LoadOptions, ModelInfo } from '../host/worker/protocol.js';
import type { BackendChoice } from '../host/backends/backend.js';
import { BUILTIN, loadInto, spawnWorker, type ModelSource } from './model-source.js';
import { checkModelElements, type StructureFile } from './structure.js';
import { threadsToUse } from './environment.js';

type Listener = () => void;

export class AppState {
  model: ModelSource = BUILTIN;
  info: ModelInfo | null = null;
  /** Skin 1 Å as `campjs md` (it does not change results); the backend is the switch's; threads when the page is isolated (same bits). */
  options: LoadOptions = { skin: 1, backend: 'auto', threads: threadsToUse() };
  readonly md: MdWorkerClient = spawnWorker();
  private readonly listeners = { model: [] as Listener[], structure: [] as Listener[] };

  constructor(public structure: StructureFile) {}

  on(what: 'model' | 'structure', fn: Listener): void {
    this.listeners[what].push(fn);
  }

  /** Loads a model into the MD worker; on failure the previous model stays (and the error is thrown). */
  async setModel(source: ModelSource, backend: BackendChoice = this.options.backend ?? 'auto'): Promise<ModelInfo> {
    const options = { ...this.options, backend };
    const info = await loadInto(this.md, source, options);
    this.model = source;
    this.options = options;
    this.info = info;
    this.listeners.model.forEach((fn) => fn());
    return info;
  }

  /** A new structure (checked against the model's elements first). */
  setStructure(s: StructureFile): void {
    if (this.info) checkModelElements(s, this.info.atomicNumbers);
    this.structure = s;
    this.listeners.structure.forEach((fn) => fn());
  }
}
