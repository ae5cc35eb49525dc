// The same evaluation in every runtime (test/host/webgpu-backend.test.ts): the bundle's webgpu
// backend on a small molecule with the built-in model; the bit patterns (hex) of the energy and
// the forces, and the adapter. `campjs` is the imported dist/campjs.mjs.
export async function webgpuBits(campjs) {
  const calc = await campjs.loadModel(undefined, { backend: 'webgpu' });
  const atoms = {
    numbers: [8, 1, 1, 6, 1, 1, 1],
    positions: [0, 0, 0, 0.96, 0, 0, -0.24, 0.93, 0, 1.8, 1.9, 0.2, 2.3, 2.6, -0.4, 1.1, 2.5, 0.8, 2.5, 1.3, 0.9],
  };
  const r = await calc.computeAsync(atoms);
  const hex = (a) => Array.from(new Uint8Array(new Float64Array(a).buffer), (b) => b.toString(16).padStart(2, '0')).join('');
  return { backend: calc.backend, energy: hex([r.energy]), forces: hex(r.forces), adapter: calc.device.adapter };
}
