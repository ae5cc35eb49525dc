// Runs in a Chromium page (md-worker.test.ts): drives dist/campjs-worker.mjs through
// MdWorkerClient and returns what happened, with SHA-256 of the saved states.
import { MdWorkerClient } from '/dist/campjs-worker.mjs';

const hex = async (bytes) => Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)), (x) => x.toString(16).padStart(2, '0')).join('');
const message = (promise) => promise.then(() => 'resolved', (e) => e.message);

export default async function scenario({ wire, settings, modelUrl }) {
  const atoms = { numbers: Int32Array.from(wire.numbers), positions: Float64Array.from(wire.positions), pbc: [false, false, false] };
  const client = MdWorkerClient.spawn();
  const info = await client.loadModel(modelUrl);
  const start = await client.start(atoms, settings);
  const frames = [];
  const run = await client.run(20, {
    every: 5, velocities: true,
    onFrame: (f) => frames.push({ step: f.step, n: f.positions.length, epot: f.thermo.epot, hasV: f.velocities instanceof Float64Array }),
  });
  const saved = await client.save();

  // A long run stopped from the page after its first frame.
  let stopFrames = 0;
  const stopped = await client.run(100000, { every: 1, onFrame: () => { if (stopFrames++ === 0) void client.stop(); } });
  const afterStop = await client.save();

  // The saved state continued in a second worker.
  const second = MdWorkerClient.spawn();
  await second.loadModel(modelUrl);
  const resumed = await second.resume(saved.state);
  await second.run(10);
  const saved30 = await second.save();

  const errors = {
    element: await message(client.start({ numbers: [6, 8], positions: [0, 0, 0, 1.2, 0, 0] }, settings)),
    noModel: await message(MdWorkerClient.spawn().start(atoms, settings)),
    badScript: await message(MdWorkerClient.spawn('/no-such-worker.mjs').loadModel(modelUrl)),
  };
  client.terminate();
  second.terminate();
  return {
    info, startStep: start.step, frames, run, stopped, errors, resumedStep: resumed.step, stopStep: afterStop.thermo.step,
    savedAtoms: saved.atoms.positions.length, hash20: await hex(saved.state), hash30: await hex(saved30.state),
  };
}
