// Which model the app uses (the built-in one, a dropped .ckpt/.campjs, or a fine-tuned result)
// and how it is loaded: one definition, so the MD, relaxation, training and verification
// workers all load the same bytes with the same options.
import { MdWorkerClient } from '../host/worker/md-worker-client.js';
import type { LoadOptions, ModelInfo } from '../host/worker/protocol.js';

export interface ModelSource {
  /** null: the built-in model (the worker holds it). */
  readonly bytes: Uint8Array | null;
  readonly name: string;
}

export const BUILTIN: ModelSource = { bytes: null, name: 'campjs-hcno (built-in)' };

/** The worker script sits beside the app (dist/web/campjs-worker.mjs). */
const WORKER_URL = new URL('./campjs-worker.mjs', document.baseURI);

export function spawnWorker(): MdWorkerClient {
  return MdWorkerClient.spawn(WORKER_URL);
}

/** Loads `source` into `client` (bytes are copied: the source stays usable). */
export function loadInto(client: MdWorkerClient, source: ModelSource, options: LoadOptions): Promise<ModelInfo> {
  // The worker names byte sources generically: the page knows the file's name.
  return source.bytes ? client.loadModel(source.bytes, options).then((i) => ({ ...i, name: source.name })) : client.loadModel(undefined, options);
}

/** A fresh worker with `source` loaded, for a job of its own (terminate it when done). */
export async function workerWith(source: ModelSource, options: LoadOptions): Promise<{ client: MdWorkerClient; info: ModelInfo }> {
  const client = spawnWorker();
  try {
    return { client, info: await loadInto(client, source, options) };
  } catch (err) {
    client.terminate();
    throw err;
  }
}
