// An MD worker in this process: the worker served on one port of a MessageChannel and the
// client on the other, so protocol tests run without a Worker thread.
import { MdWorkerClient } from '../../host/worker/md-worker-client.js';
import { installMdWorker, type WorkerScope } from '../../host/worker/worker-entry.js';

export function channelWorker(): MdWorkerClient {
  const { port1, port2 } = new MessageChannel();
  installMdWorker(port1 as unknown as WorkerScope);
  port1.start();
  port2.start();
  const fakeWorker = Object.assign(port2, { terminate: () => { port1.close(); port2.close(); } });
  return new MdWorkerClient(fakeWorker as unknown as Worker);
}
